import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempHome } from '@ccproxy/testkit';
import { waitFor } from '../helpers.js';
import { observedProxies, postJson, waitForRows, type ObservedProxy } from './observed-proxy.js';

const observed = observedProxies();

/** Stops the server (the access log flushes on close) and returns the lines written. */
async function stopAndRead(proxy: ObservedProxy, path = proxy.accessLogPath): Promise<string[]> {
  await proxy.close();
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

const CLF = /^(\S+) - - \[(\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "(\S+) (\S+) HTTP\/1\.1" (\d{3}) (\d+|-)(.*)$/;

describe('access_log through the real server', () => {
  it('common: the real status and bytes, for a 200 with a query string and for a 400', async () => {
    const proxy = await observed({ accessLog: { client_format: 'common' } });
    const ok = await postJson(`${proxy.url}/fake/v1/messages?beta=true`, { model: 'claude-sonnet-4-5' });
    const okBytes = (await ok.arrayBuffer()).byteLength;
    const bad = await postJson(`${proxy.url}/fake/v1/messages`, { model: 'error-me' });
    const badBytes = (await bad.arrayBuffer()).byteLength;
    const lines = await stopAndRead(proxy);
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => CLF.exec(line));
    expect(first?.[1]).toMatch(/127\.0\.0\.1$/);
    expect(first?.slice(3, 8)).toEqual(['POST', '/fake/v1/messages?beta=true', '200', String(okBytes), '']);
    expect(second?.slice(3, 7)).toEqual(['POST', '/fake/v1/messages', '400', String(badBytes)]);
    expect(okBytes).toBeGreaterThan(0);
  });

  it('combined: referer dash and the escaped user agent on one line', async () => {
    const proxy = await observed({ accessLog: { client_format: 'combined' } });
    await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' }, { 'user-agent': 'tester "quoted" \\ agent/1.0' });
    const lines = await stopAndRead(proxy);
    expect(lines).toHaveLength(1);
    expect(CLF.exec(lines[0] ?? '')?.[5]).toBe('200');
    expect(lines[0]).toMatch(/ "-" "tester \\"quoted\\" \\\\ agent\/1\.0"$/);
  });

  it('structured: one compact JSON object per request with status, bytes, timing, model, tokens and cost; never a secret', async () => {
    const proxy = await observed({ settings: { security: { auth_token: 'proxy-secret-token' } } });
    const headers = { 'x-api-key': 'proxy-secret-token', authorization: 'Bearer sk-client-secret-value' };
    const ok = await postJson(`${proxy.url}/fake/v1/responses`, { model: 'gpt-5', stream: true }, headers);
    const okBytes = (await ok.arrayBuffer()).byteLength;
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'error-me' }, headers);
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    const raw = await readFile(proxy.accessLogPath, 'utf8').catch(() => '');
    const lines = await stopAndRead(proxy);
    expect(raw + lines.join('\n')).not.toMatch(/proxy-secret-token|sk-client-secret-value/);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toMatch(/": |, "/);
    const [streamed, failed, unauthorized] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(streamed ?? {}).slice(0, 10)).toEqual(['timestamp', 'request_id', 'method', 'path', 'query', 'status_code', 'duration_ms', 'client_ip', 'user_agent', 'body_size']);
    expect(streamed).toMatchObject({
      method: 'POST',
      path: '/fake/v1/responses',
      status_code: 200,
      body_size: okBytes,
      endpoint: '/v1/responses',
      model: 'gpt-5',
      service_type: 'fake_llm',
      tokens_input: 200,
      tokens_output: 50,
      cache_read_tokens: 1000,
      cache_write_tokens: 0,
      cost_usd: 0.000875,
      streaming: true,
      provider: 'fake_llm',
      reasoning_tokens: 20,
    });
    expect(streamed?.request_id).toBe(ok.headers.get('x-request-id'));
    expect(streamed?.ttfb_ms).toBeTypeOf('number');
    expect(streamed).not.toHaveProperty('error');
    expect(failed).toMatchObject({ status_code: 400, error: 'invalid_request_error: model: error-me is refused on purpose' });
    expect(unauthorized).toMatchObject({ status_code: 401, path: '/fake/v1/messages' });
  });

  it('gets the cost whatever the plugin order (analytics initialised first)', async () => {
    const proxy = await observed({ analyticsFirst: true });
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    const [line] = (await stopAndRead(proxy)).map((entry) => JSON.parse(entry) as Record<string, unknown>);
    expect(line).toMatchObject({ model: 'claude-sonnet-4-5', cost_usd: 0.0021 });
  });

  it('logs a client disconnect once, with the status already sent and error client_disconnected', async () => {
    const proxy = await observed();
    const controller = new AbortController();
    const response = await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5', stream: true }, { 'x-stream-delay-ms': '200' });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel();
    await waitFor(async () => (await readFile(proxy.accessLogPath, 'utf8').catch(() => '')).includes('client_disconnected'));
    const [row] = await waitForRows(proxy, 1);
    expect(row).toMatchObject({ status_code: 200, closed_by: 'client', error_type: 'client_disconnected', streaming: true, cost_usd: null });
    const lines = (await stopAndRead(proxy)).filter((line) => line.includes('"path":"/fake/v1/messages"'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ status_code: 200, error: 'client_disconnected', streaming: true });
  });

  it('skips exclude_paths by prefix (/health also covers /health/live)', async () => {
    const proxy = await observed({ accessLog: { exclude_paths: ['/health', '/fake/v1/chat'] } });
    expect((await fetch(`${proxy.url}/health`)).status).toBe(200);
    await fetch(`${proxy.url}/health/live`);
    await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' });
    await postJson(`${proxy.url}/fake/v1/responses`, { model: 'gpt-5' });
    await fetch(`${proxy.url}/nowhere`);
    const lines = (await stopAndRead(proxy)).map((line) => JSON.parse(line) as { path: string; status_code: number });
    expect(lines.map((line) => [line.path, line.status_code])).toEqual([
      ['/fake/v1/responses', 200],
      ['/nowhere', 404],
    ]);
  });

  it('flushes every buffered line on close (no line lost at shutdown)', async () => {
    const proxy = await observed({ accessLog: { buffer_size: 1000, flush_interval: 3600 } });
    await Promise.all(Array.from({ length: 40 }, () => postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' }).then((response) => response.arrayBuffer())));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(stat(proxy.accessLogPath)).rejects.toThrow();
    const lines = await stopAndRead(proxy);
    expect(lines).toHaveLength(40);
    expect(new Set(lines.map((line) => (JSON.parse(line) as { request_id: string }).request_id)).size).toBe(40);
  });

  it('rotates by size and keeps rotate_keep files', async () => {
    const proxy = await observed({ accessLog: { buffer_size: 1, rotate_max_bytes: 1500, rotate_keep: 2 } });
    for (let index = 0; index < 20; index++) await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    await stopAndRead(proxy);
    const directory = join(proxy.home.path, 'logs');
    const files = (await readdir(directory)).sort();
    expect(files).toEqual(['access.log', 'access.log.1', 'access.log.2']);
    for (const file of files) {
      const info = await stat(join(directory, file));
      expect(info.size).toBeLessThanOrEqual(1500);
      expect(info.mode & 0o777).toBe(0o600);
    }
  });

  it('writes one provider line per upstream call: response, stream end (tokens, cost) and error', async () => {
    const home = await createTempHome();
    const providerLog = join(home.path, 'logs', 'provider.log');
    const proxy = await observed({ home, accessLog: { provider_enabled: true, provider_log_file: providerLog } });
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    const streamed = await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5', stream: true });
    await streamed.arrayBuffer();
    expect((await postJson(`${proxy.url}/fake/v1/messages`, { model: 'upstream-down' })).status).toBe(502);
    const lines = (await stopAndRead(proxy, providerLog)).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.event)).toEqual(['response', 'stream_end', 'error']);
    expect(lines[0]).toMatchObject({ provider: 'fake_llm', method: 'POST', status_code: 200, duration_ms: 1 });
    expect(lines[1]).toMatchObject({ status_code: 200, tokens_input: 100, tokens_output: 50, cache_read_tokens: 1000, cache_write_tokens: 200, cost_usd: 0.0021, model: 'claude-sonnet-4-5', total_chunks: 7 });
    expect(lines[2]).toMatchObject({ error: 'connect ECONNREFUSED 10.0.0.1:443', phase: 'request' });
  });

  it('an unwritable log file: requests still succeed and health says why', async () => {
    const home = await createTempHome();
    const blocker = await home.write('not-a-dir', 'x');
    const proxy = await observed({ home, accessLog: { client_log_file: join(blocker, 'access.log'), buffer_size: 1 } });
    expect((await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' })).status).toBe(200);
    await waitFor(async () => JSON.stringify(await (await fetch(`${proxy.url}/plugins/access_log/health`)).json()).includes('cannot write'));
    const health = (await (await fetch(`${proxy.url}/plugins/access_log/health`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(health)).toMatch(/"warn"/);
    expect(JSON.stringify(health)).toContain(`cannot write ${join(blocker, 'access.log')}`);
    expect(proxy.logs.filter((record) => record.message === 'access_log_write_failed')).toHaveLength(1);
  });

  it('writes to stdout when no file is set', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (text.includes('"request_id"')) {
        written.push(text);
        const callback = rest.find((value): value is () => void => typeof value === 'function');
        callback?.();
        return true;
      }
      return original(chunk, ...(rest as []));
    });
    try {
      const proxy = await observed({ accessLog: { client_log_file: '' } });
      await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
      await proxy.close();
    } finally {
      process.stdout.write = original;
    }
    const lines = written.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { path: string });
    expect(lines.map((line) => line.path)).toEqual(['/fake/v1/messages']);
  });
});
