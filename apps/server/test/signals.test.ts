import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort, waitFor } from './helpers.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

describe('the ccproxy process', () => {
  it('stops gracefully on SIGTERM: plugins shut down, exit code 0 (in-flight streams: see server.test.ts)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'ccproxy-signal-'));
    const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
    await writeFile(join(home, 'ccproxy.toml'), `plugin_packages = ["@ccproxy/example-hello-plugin"]\n[server]\nshutdown_grace_seconds = 5\n`);
    const port = await freePort();
    const child = spawn(process.execPath, [cli, 'serve', '--config', join(home, 'ccproxy.toml'), '--port', String(port)], {
      cwd: appDir,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.data'), LOGGING__FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true, 20_000);
      expect(((await (await fetch(`${url}/hello`)).json()) as { greeting: string }).greeting).toBeTypeOf('string');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('received SIGTERM');
      expect(output).toContain('ccproxy stopped');
      await expect(fetch(`${url}/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
