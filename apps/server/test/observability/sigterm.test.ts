import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTempHome } from '@ccproxy/testkit';
import { openDuckDbStore } from '@ccproxy/plugin-analytics';
import { freePort, waitFor } from '../helpers.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(appDir, 'dist', 'cli.js');

describe('the ccproxy process with its default plugins', () => {
  it('on SIGTERM right after requests, every access-log line and analytics row is written', async () => {
    const home = await createTempHome();
    const port = await freePort();
    const accessLogPath = join(home.path, 'logs', 'access.log');
    const child = spawn(process.execPath, [cli, 'serve', '--port', String(port)], {
      cwd: home.path,
      env: {
        PATH: process.env.PATH,
        HOME: home.path,
        XDG_CONFIG_HOME: join(home.path, '.config'),
        XDG_DATA_HOME: join(home.path, '.data'),
        LOGGING__FORMAT: 'json',
        // Nothing is written before shutdown: only the flush on SIGTERM can save these lines and rows.
        PLUGINS__ACCESS_LOG__CLIENT_LOG_FILE: accessLogPath,
        PLUGINS__ACCESS_LOG__BUFFER_SIZE: '1000',
        PLUGINS__ACCESS_LOG__FLUSH_INTERVAL: '3600',
        PLUGINS__ANALYTICS__INGEST_FLUSH_MS: '60000',
        PLUGINS__ANALYTICS__INGEST_BATCH_SIZE: '10000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.ok === true, 20_000);
      const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/?probe=sigterm`).then(async (response) => (await response.arrayBuffer(), response.status))));
      expect(statuses.every((status) => status === 200)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(output).toContain('analytics_ready');

    const lines = (await readFile(accessLogPath, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { path: string; query: string; status_code: number });
    expect(lines.filter((line) => line.path === '/' && line.query === 'probe=sigterm' && line.status_code === 200)).toHaveLength(20);

    // The default database location: $XDG_DATA_HOME/ccproxy/analytics.duckdb.
    const store = await openDuckDbStore({ path: join(home.path, '.data', 'ccproxy', 'analytics.duckdb'), readOnly: true });
    try {
      const page = await store.query({ path: '/' }, { order: 'asc', limit: 100 });
      expect(page.rows.filter((row) => row.query === 'probe=sigterm')).toHaveLength(20);
      expect(page.rows.every((row) => row.service_type === 'core' && row.status_code === 200)).toBe(true);
    } finally {
      await store.close();
      await home.remove();
    }
  }, 40_000);
});
