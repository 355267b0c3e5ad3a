import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, parseSse, REFRESH_TOKEN, startClaudeHarness, type ClaudeHarness, type HarnessOptions } from './claude-harness.js';

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
async function start(options: HarnessOptions = {}): Promise<ClaudeHarness> {
  harness = await startClaudeHarness(options);
  return harness;
}

const messagesBody = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], ...extra });

async function post(h: ClaudeHarness, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${h.url}/claude${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('claude_api upstream HTTP errors', () => {
  it('relays an Anthropic 400 byte for byte on the native route, streaming or not (JSON, not SSE)', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'error', status: 400, message: 'messages: roles must alternate' });
    const expected = JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'messages: roles must alternate' }, request_id: 'req_fake_error' });
    for (const stream of [false, true]) {
      const response = await post(h, '/v1/messages', messagesBody({ stream }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.text()).toBe(expected);
    }
    const sdkError = await h.anthropic().messages.create(messagesBody() as never).catch((error: unknown) => error);
    expect(sdkError).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error' } } });
    expect(await h.summary()).toMatchObject({ status: 400, error: { type: 'invalid_request_error', message: 'messages: roles must alternate' } });
  });

  it('converts upstream errors to the OpenAI formats with the status kept', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'error', status: 400, message: 'max_tokens: too large' });
    const chat = await post(h, '/v1/chat/completions', { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    expect(chat.status).toBe(400);
    expect(chat.headers.get('content-type')).toContain('application/json');
    expect(await chat.json()).toEqual({ error: { message: 'max_tokens: too large', type: 'invalid_request_error', param: null, code: null } });

    h.upstream.behave({ kind: 'error', status: 500, message: 'Internal server error' });
    const responses = await post(h, '/v1/responses', { model: 'gpt-4o', input: 'Hi' });
    expect(responses.status).toBe(500);
    expect(await responses.json()).toMatchObject({ error: { message: 'Internal server error', type: 'server_error' } });
    const sdkError = await h.openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(sdkError).toMatchObject({ status: 500 });
  });

  it('keeps retry-after and rate-limit headers of a 429 in every format', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'error', status: 429, message: 'Number of request tokens has exceeded your rate limit' });
    for (const [path, body] of [
      ['/v1/messages', messagesBody()],
      ['/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }],
      ['/v1/responses', { model: 'gpt-4o', input: 'Hi', stream: true }],
    ] as const) {
      const response = await post(h, path, body);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('17');
      expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('rejected');
      const json = (await response.json()) as { error: { type: string } };
      expect(json.error.type).toBe(path === '/v1/messages' ? 'rate_limit_error' : 'rate_limit_error');
    }
    const sdkError = await h.anthropic().messages.create(messagesBody() as never).catch((error: unknown) => error);
    expect(sdkError).toMatchObject({ status: 429 });
  });

  it('answers 502 when the upstream body is not JSON', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'garbage' });
    const response = await post(h, '/v1/messages', messagesBody());
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });
});

describe('claude_api transport failures', () => {
  it('answers 504 in the caller format when the upstream does not answer in time', async () => {
    const h = await start({ settings: { http: { timeouts: { request_seconds: 0.3 } } } });
    h.upstream.behave({ kind: 'hang' });
    const started = Date.now();
    const anthropic = await post(h, '/v1/messages', messagesBody());
    expect(anthropic.status).toBe(504);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
    const chat = await post(h, '/v1/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    expect(chat.status).toBe(504);
    expect(await chat.json()).toMatchObject({ error: { code: '504' } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await h.summary()).toMatchObject({ status: 504, upstream: { status: null } });
  });

  it('answers 502 in the caller format when the upstream refuses the connection', async () => {
    const h = await start({ claude: { base_url: `http://127.0.0.1:${await closedPort()}` } });
    const response = await post(h, '/v1/responses', { model: 'gpt-4o', input: 'Hi' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('127.0.0.1') } });
    const native = await post(h, '/v1/messages', messagesBody({ stream: true }));
    expect(native.status).toBe(502);
    expect(await native.json()).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('ends a dropped native stream with an Anthropic error event and a failed summary', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'drop', afterEvents: 3 });
    const response = await post(h, '/v1/messages', messagesBody({ stream: true }));
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events.slice(0, 3).map((event) => event.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(events.at(-1)?.event).toBe('error');
    expect(JSON.parse(events.at(-1)!.data)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    const summary = await h.summary();
    expect(summary.event).toBe('request.failed');
    expect(summary.error?.message).toContain('upstream stream failed');
    expect(summary).toMatchObject({ status: 200, streaming: true, closed_by: 'error' });
  });

  it('ends a dropped chat stream with an error chunk then [DONE]', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'drop', afterEvents: 4 });
    const response = await post(h, '/v1/chat/completions', { model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const events = parseSse(await response.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ error: { message: expect.any(String) } });
    expect((await h.summary()).event).toBe('request.failed');
  });

  it('closes the upstream connection when the client goes away mid-stream', async () => {
    const h = await start();
    h.upstream.behave({ kind: 'replay', delayMs: 200 });
    const controller = new AbortController();
    const response = await post(h, '/v1/messages', messagesBody({ stream: true }), controller.signal);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('message_start');
    controller.abort();
    await h.upstream.waitForClosedEarly(1, 2000);
    const summary = await h.summary();
    expect(summary).toMatchObject({ event: 'request.failed', closed_by: 'client' });
  });
});

describe('claude_api secrets', () => {
  it('never writes tokens, the proxy token or client keys to the logs or summaries', async () => {
    const proxyToken = 'ccproxy-access-token-e2e-5521';
    const h = await start({ credentials: { expiresAt: Date.now() - 1000 }, settings: { security: { auth_token: proxyToken }, logging: { level: 'trace' } } });
    await h.anthropic(proxyToken).messages.create(messagesBody() as never);
    await h.openai(proxyToken).chat.completions.create({ model: 'gpt-4o', stream: false, messages: [{ role: 'user', content: 'Hi' }] });
    h.upstream.behave({ kind: 'error', status: 401 });
    await h.openai(proxyToken).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }).catch(() => undefined);
    const denied = await fetch(`${h.url}/claude/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'wrong-proxy-token-1234' }, body: '{}' });
    expect(denied.status).toBe(401);
    expect(h.upstream.requests.every((request) => !JSON.stringify(request.headers).includes(proxyToken))).toBe(true);
    await h.summary(4);
    const everything = h.logText() + JSON.stringify(h.summaries);
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, proxyToken, 'wrong-proxy-token-1234', ...h.tokens.issued]) expect(everything).not.toContain(secret);
    expect(h.tokens.issued.length).toBeGreaterThan(0);
  });
});
