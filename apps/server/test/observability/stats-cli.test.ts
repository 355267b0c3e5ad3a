import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '@ccproxy/testkit';
import { accessLog } from '@ccproxy/plugin-access-log';
import { analytics } from '@ccproxy/plugin-analytics';
import { runCli } from '../../src/index.js';
import { freePort } from '../helpers.js';
import { fakeLlm } from './fake-llm.js';
import { postJson, startObserved, waitForRows, type ObservedProxy } from './observed-proxy.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

async function stats(args: string[], env: Record<string, string>, home: TempHome): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(['stats', ...args], { stdout, stderr, stdin: Readable.from([]), env: { HOME: home.path, ...env }, cwd: home.path, plugins: [accessLog, analytics, fakeLlm] });
  return { code, out: stdout.text(), err: stderr.text() };
}

async function withTraffic(options: Parameters<typeof startObserved>[0] = {}, headers: Record<string, string> = {}): Promise<ObservedProxy> {
  const proxy = await startObserved(options);
  cleanup.push(() => proxy.home.remove());
  cleanup.push(() => proxy.close());
  await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' }, headers);
  await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5', stream: true }, headers).then((response) => response.arrayBuffer());
  await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' }, headers);
  await postJson(`${proxy.url}/fake/v1/messages`, { model: 'error-me' }, headers);
  await waitForRows(proxy, 4);
  return proxy;
}

function port(url: string): string {
  return new URL(url).port;
}

describe('ccproxy stats', () => {
  it('asks the running server and prints a readable table by model', async () => {
    const proxy = await withTraffic();
    const { code, out, err } = await stats(['--since', '1h'], { SERVER__PORT: port(proxy.url) }, proxy.home);
    expect(err).not.toContain('✖');
    expect(code).toBe(0);
    expect(out).toContain(`ccproxy usage, last 1 hour (from the server at http://127.0.0.1:${port(proxy.url)})`);
    expect(out).toMatch(/Requests\s+4\s+\(3 ok, 1 error, 1 streamed\)/);
    expect(out).toMatch(/Cost\s+\$0\.0051\s+API-equivalent at list prices/);
    // 3000 cache read ÷ (400 prompt + 3000 cache read + 400 cache write)
    expect(out).toMatch(/Cache hit\s+78\.9 %/);
    expect(out).toMatch(/MODEL\s+REQUESTS\s+ERRORS\s+INPUT\s+OUTPUT\s+CACHE READ\s+CACHE WRITE\s+CACHE HIT\s+COST/);
    expect(out).toMatch(/claude-sonnet-4-5\s+2\s+0\s+200\s+100\s+2\.00k\s+400\s+76\.9 %\s+\$0\.0042/);
    expect(out).toMatch(/gpt-5\s+1\s+0\s+200\s+50\s+1\.00k\s+0\s+83\.3 %\s+\$0\.0009/);
    // The refused request never got as far as a model.
    expect(out).toMatch(/\(no model\)\s+1\s+1\s+0\s+0\s+0\s+0\s+0\.0 %\s+\$0\.00/);
  });

  it('prints the analytics JSON with --json', async () => {
    const proxy = await withTraffic();
    const { code, out } = await stats(['--json'], { SERVER__PORT: port(proxy.url) }, proxy.home);
    expect(code).toBe(0);
    const body = JSON.parse(out) as { summary: { total_requests: number; total_cost_usd: number }; model_breakdown: Record<string, unknown> };
    expect(body.summary.total_requests).toBe(4);
    expect(body.summary.total_cost_usd).toBeCloseTo(0.0021 * 2 + 0.000875, 9);
    expect(Object.keys(body.model_breakdown).sort()).toEqual(['(none)', 'claude-sonnet-4-5', 'gpt-5']);
  });

  it('reads the database file (read-only) when no server answers, with the same figures', async () => {
    const proxy = await withTraffic();
    const viaServer = JSON.parse((await stats(['--json'], { SERVER__PORT: port(proxy.url) }, proxy.home)).out) as { summary: unknown };
    await proxy.close();
    const idle = String(await freePort());
    const env = { SERVER__PORT: idle, PLUGINS__ANALYTICS__DATABASE_PATH: proxy.databasePath };
    const table = await stats([], env, proxy.home);
    expect(table.code).toBe(0);
    expect(table.out).toContain(`ccproxy usage, last 24 hours (read from ${proxy.databasePath}; no server answered)`);
    expect(table.out).toMatch(/Requests\s+4\s+/);
    const fromFile = JSON.parse((await stats(['--json'], env, proxy.home)).out) as { summary: unknown };
    expect(fromFile.summary).toEqual(viaServer.summary);
  });

  it('finds the default database under the CLI user\'s XDG data folder', async () => {
    const proxy = await withTraffic({ analytics: { database_path: null } });
    await proxy.close();
    const { code, out } = await stats(['--since', '2h'], { SERVER__PORT: String(await freePort()) }, proxy.home);
    expect(code).toBe(0);
    expect(out).toContain(`read from ${join(proxy.home.path, '.local', 'share', 'ccproxy', 'analytics.duckdb')}; no server answered`);
    expect(out).toMatch(/Requests\s+4\s+/);
  });

  it('says which token to set when the server wants one', async () => {
    const token = 'stats-token-123';
    const proxy = await withTraffic({ settings: { security: { auth_token: token } }, headers: { 'x-api-key': token } }, { 'x-api-key': token });
    const refused = await stats([], { SERVER__PORT: port(proxy.url) }, proxy.home);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`The server at http://127.0.0.1:${port(proxy.url)} wants an access token and none is configured here`);
    expect(refused.err).toContain('SECURITY__AUTH_TOKEN');
    expect(refused.err + refused.out).not.toContain(token);
    const allowed = await stats([], { SERVER__PORT: port(proxy.url), SECURITY__AUTH_TOKEN: token }, proxy.home);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/Requests\s+4/);
  });

  it('explains what to do when there is no server and no data yet', async () => {
    const home = await createTempHome();
    cleanup.push(() => home.remove());
    const { code, out } = await stats([], { SERVER__PORT: String(await freePort()), PLUGINS__ANALYTICS__DATABASE_PATH: join(home.path, 'none.duckdb') }, home);
    expect(code).toBe(1);
    expect(out).toContain('No analytics yet');
    expect(out).toContain('Start the proxy with `ccproxy serve`');
  });

  it('refuses a bad --since with the accepted forms', async () => {
    const home = await createTempHome();
    cleanup.push(() => home.remove());
    const { code, err } = await stats(['--since', 'last tuesday'], {}, home);
    expect(code).toBe(2);
    expect(err).toContain('--since: expected a duration like 30m, 24h, 7d or 2w');
  });
});
