import { mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, json } from '@ccproxy/core';
import { z } from 'zod';
import { runCli, type CliRuntime } from '../src/index.js';
import { freePort, waitFor } from './helpers.js';

interface Captured {
  runtime: CliRuntime;
  stdout: () => string;
  stderr: () => string;
  stop: () => void;
}

function capture(cwd: string, env: Record<string, string | undefined> = {}, plugins?: CliRuntime['plugins']): Captured {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stop!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stop = resolve));
  return {
    runtime: { stdout: out, stderr: err, stdin: new PassThrough(), env: { HOME: cwd, ...env }, cwd, stopSignal, ...(plugins ? { plugins } : {}) },
    stdout: () => stdout,
    stderr: () => stderr,
    stop,
  };
}

const configured = definePlugin({
  name: 'demo',
  version: '3.1.4',
  apiVersion: 1,
  kind: 'system',
  description: 'demo plugin for CLI tests',
  configSchema: z.object({ enabled: z.boolean().default(true), api_key: z.string().default(''), retries: z.number().int().default(2).describe('how often to retry') }),
  secretConfigKeys: ['api_key'],
  routes: [{ prefix: '/demo', routes: [{ method: 'GET', path: '/', handler: () => json({ demo: true }) }] }],
  setup: () => ({}),
});
const optIn = definePlugin({ name: 'opt_in', version: '1.0.0', apiVersion: 1, kind: 'system', defaultEnabled: false, setup: () => ({}) });

let dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccproxy-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  dirs = [];
});

describe('ccproxy CLI', () => {
  it('prints its version', async () => {
    const io = capture(await tempDir());
    expect(await runCli(['--version'], io.runtime)).toBe(0);
    expect(io.stdout()).toMatch(/^ccproxy \d+\.\d+\.\d+/);
  });

  it('lists plugins with their state and reason', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.ccproxy.toml'), 'disabled_plugins = ["demo"]\n');
    const io = capture(dir, {}, [configured, optIn]);
    expect(await runCli(['plugins', 'list'], io.runtime)).toBe(0);
    expect(io.stdout()).toMatch(/demo\s+3\.1\.4\s+system\s+disabled \(disabled via config\)/);
    expect(io.stdout()).toMatch(/opt_in\s+1\.0\.0\s+system\s+disabled \(opt-in plugin not enabled\)/);
  });

  it('shows plugin settings with defaults, effective values and masked secrets', async () => {
    const dir = await tempDir();
    const io = capture(dir, { PLUGINS__DEMO__API_KEY: 'sk-very-secret', PLUGINS__DEMO__RETRIES: '5' }, [configured]);
    expect(await runCli(['plugins', 'settings', 'demo'], io.runtime)).toBe(0);
    expect(io.stdout()).toContain('retries');
    expect(io.stdout()).toContain('how often to retry');
    expect(io.stdout()).toMatch(/retries\s+integer\s+2\s+5/);
    expect(io.stdout()).not.toContain('sk-very-secret');
    const missing = capture(dir, {}, [configured]);
    expect(await runCli(['plugins', 'settings', 'nope'], missing.runtime)).toBe(1);
    expect(missing.stderr()).toContain("Plugin 'nope' not found. Available: demo");
  });

  it('shows the effective config with secrets masked and the file it came from', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.ccproxy.toml'), '[server]\nport = 9123\n[security]\nauth_token = "tok-from-file"\n');
    const io = capture(dir, { SERVER__HOST: '127.0.0.2' }, [configured]);
    expect(await runCli(['config', 'show', '--json'], io.runtime)).toBe(0);
    const shown = JSON.parse(io.stdout()) as { config_file: string; settings: { server: { port: number; host: string }; security: { auth_token: string } } };
    expect(shown.config_file).toBe(join(dir, '.ccproxy.toml'));
    expect(shown.settings.server).toMatchObject({ port: 9123, host: '127.0.0.2' });
    expect(shown.settings.security.auth_token).toBe('********');
    expect(io.stdout()).not.toContain('tok-from-file');
  });

  it('config init writes a commented file that loads, and refuses to overwrite it', async () => {
    const dir = await tempDir();
    const io = capture(dir);
    expect(await runCli(['config', 'init'], io.runtime)).toBe(0);
    const written = await readFile(join(dir, '.ccproxy.toml'), 'utf8');
    expect(written).toContain('# ccproxy configuration');
    expect(((await stat(join(dir, '.ccproxy.toml'))).mode & 0o777).toString(8)).toBe('600');
    const show = capture(dir);
    expect(await runCli(['config', 'show', '--json'], show.runtime)).toBe(0);
    expect(JSON.parse(show.stdout()).settings.server.port).toBe(8000);
    const again = capture(dir);
    expect(await runCli(['config', 'init'], again.runtime)).toBe(1);
    expect(again.stderr()).toContain('already exists');
  });

  it('stops on an invalid setting with one message naming the key, value and what is allowed', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.ccproxy.toml'), '[server]\nport = 70000\n');
    const io = capture(dir);
    expect(await runCli(['serve'], io.runtime)).toBe(1);
    expect(io.stderr()).toMatch(/Configuration error: .*server\.port.*70000/s);
  });

  it('rejects a bad --port and a blank --auth-token', async () => {
    const dir = await tempDir();
    const port = capture(dir);
    expect(await runCli(['serve', '--port', '0'], port.runtime)).toBe(2);
    expect(port.stderr()).toContain('--port must be an integer from 1 to 65535');
    const token = capture(dir);
    expect(await runCli(['serve', '--auth-token', '  '], token.runtime)).toBe(2);
    expect(token.stderr()).toContain('--auth-token must not be blank');
  });

  it('serve: every flag really reaches the running server', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'custom.toml'), '[server]\nport = 1\n');
    const port = await freePort();
    const io = capture(dir, {}, [configured, optIn]);
    const running = runCli(['serve', '--config', 'custom.toml', '--host', '127.0.0.1', '--port', String(port), '--auth-token', 'cli-token', '--disable-plugin', 'demo', '--enable-plugin', 'opt_in', '--log-level', 'DEBUG'], io.runtime);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true);
    expect((await fetch(`${url}/plugins`)).status).toBe(401);
    const plugins = (await (await fetch(`${url}/plugins`, { headers: { 'x-api-key': 'cli-token' } })).json()) as { plugins: { name: string; status: string }[] };
    expect(plugins.plugins).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'demo', status: 'disabled' }),
      expect.objectContaining({ name: 'opt_in', status: 'active' }),
    ]));
    expect((await fetch(`${url}/demo/`, { headers: { 'x-api-key': 'cli-token' } })).status).toBe(404);
    expect(io.stdout()).toContain(`ccproxy listening on ${url}`);
    expect(io.stdout()).toContain('ANTHROPIC_API_KEY=YOUR_AUTH_TOKEN');
    expect(io.stdout() + io.stderr()).not.toContain('cli-token');
    expect(io.stderr()).toContain('"level":20'); // --log-level DEBUG reached the logger
    io.stop();
    expect(await running).toBe(0);
    expect(io.stdout()).toContain('ccproxy stopped');
  });

  it('refuses a non-loopback bind without a token', async () => {
    const dir = await tempDir();
    const io = capture(dir, {}, []);
    expect(await runCli(['serve', '--host', '0.0.0.0', '--port', String(await freePort())], io.runtime)).toBe(1);
    expect(io.stderr()).toContain('refusing to listen on 0.0.0.0 without an access token');
  });
});
