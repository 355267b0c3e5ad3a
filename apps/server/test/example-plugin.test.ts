import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, waitFor, type RunningProxy } from './helpers.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('a third-party plugin loaded by package name (plugin_packages)', () => {
  it('mounts its route, runs its hook observer and its scheduled task', async () => {
    proxy = await startProxy({ cwd: appDir, settings: { plugin_packages: ['@ccproxy/example-hello-plugin'], plugins: { hello: { greeting: 'hi from config' } } } });
    const plugins = (await (await fetch(`${proxy.url}/plugins`)).json()) as { plugins: { name: string; status: string }[] };
    expect(plugins.plugins).toContainEqual({ name: 'hello', type: 'system', status: 'active', version: '0.1.0' });

    await fetch(`${proxy.url}/health`);
    await fetch(`${proxy.url}/nowhere`);
    await waitFor(async () => {
      const body = (await (await fetch(`${proxy!.url}/hello`)).json()) as { completed_requests: number };
      return body.completed_requests >= 2;
    });
    const body = (await (await fetch(`${proxy.url}/hello`)).json()) as { greeting: string; heartbeats: number; last_path: string };
    expect(body.greeting).toBe('hi from config');
    expect(body.heartbeats).toBe(1);
    const status = (await (await fetch(`${proxy.url}/plugins/status`)).json()) as { plugins: { name: string; source: string; package?: string }[]; tasks: { name: string }[] };
    expect(status.plugins.find((plugin) => plugin.name === 'hello')).toMatchObject({ source: 'package', package: '@ccproxy/example-hello-plugin' });
    expect(status.tasks.map((task) => task.name)).toContain('hello_heartbeat');
  });

  it('reports a package that cannot be loaded without stopping the server', async () => {
    proxy = await startProxy({ cwd: appDir, settings: { plugin_packages: ['@acme/not-installed-plugin'] } });
    const plugins = (await (await fetch(`${proxy.url}/plugins`)).json()) as { load_errors: { package: string; error: string }[] };
    expect(plugins.load_errors[0]?.package).toBe('@acme/not-installed-plugin');
    expect(plugins.load_errors[0]?.error).toContain('npm install @acme/not-installed-plugin');
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
  });
});
