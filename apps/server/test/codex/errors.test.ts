import { describe, expect, it } from 'vitest';
import { APIError } from 'openai';
import { waitFor } from '../helpers.js';
import { type CodexHarness, useCodexHarness } from './codex-harness.js';

const start = useCodexHarness();

function post(h: CodexHarness, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.url}/codex${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
const messages = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-5-codex', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }], ...extra });
const responses = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-5-codex', input: 'Hello', ...extra });
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-5-codex', messages: [{ role: 'user', content: 'Hello' }], ...extra });

/** Reads an SSE body into its events (event name + parsed data). */
async function sseEvents(response: Response): Promise<{ event: string | undefined; data: Record<string, unknown> | string }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = block.slice(block.indexOf('data: ') + 6);
      return { event, data: data === '[DONE]' ? data : (JSON.parse(data) as Record<string, unknown>) };
    });
}

describe('codex credentials', () => {
  it('starts without credentials and answers 401 in each caller’s format naming the login command, calling nothing upstream', async () => {
    const h = await start({ auth: false });
    const anthropic = await post(h, '/v1/messages', messages());
    expect(anthropic.status).toBe(401);
    const anthropicBody = (await anthropic.json()) as { type: string; error: { type: string; message: string } };
    expect(anthropicBody).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(anthropicBody.error.message).toContain('ccproxy auth login codex');

    const openai = await post(h, '/v1/responses', responses());
    expect(openai.status).toBe(401);
    expect(await openai.json()).toMatchObject({ error: { type: 'authentication_error', message: expect.stringContaining('ccproxy auth login codex') as unknown } });

    const error = await h.openai().chat.completions.create(chat() as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(401);
    expect((error as APIError).message).toContain('ccproxy auth login codex');

    expect(h.upstream.calls).toHaveLength(0);
    const health = (await (await fetch(`${h.url}/plugins/codex/health`)).json()) as { details: { health_check: { status: string; output: string } } };
    expect(health.details.health_check.status).toBe('warn');
    expect(health.details.health_check.output).toContain('ccproxy auth login codex');
  });

  it('answers 401 naming the fix for a corrupt credentials file', async () => {
    const h = await start({ auth: '{"tokens": {"access_token": ' });
    const response = await post(h, '/v1/messages', messages());
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('ccproxy auth login codex');
    expect(h.upstream.calls).toHaveLength(0);
  });

  it('refreshes an expired token before calling upstream', async () => {
    const h = await start({ auth: { exp: Math.floor(Date.now() / 1000) - 60 } });
    const response = await post(h, '/v1/responses', responses());
    expect(response.status).toBe(200);
    expect(h.tokens.refreshes).toBe(1);
    expect(h.upstream.calls[0]!.headers['authorization']).toBe(`Bearer ${h.tokens.issued[0]}`);
  });

  it('answers 401 naming the fix when an expired token cannot be refreshed', async () => {
    const h = await start({ auth: { exp: Math.floor(Date.now() / 1000) - 60 } });
    h.tokens.failWith(400);
    const response = await post(h, '/v1/chat/completions', chat());
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe('authentication_error');
    expect(body.error.message).toContain('ccproxy auth login codex');
    expect(h.upstream.calls).toHaveLength(0);
  });

  it('on an upstream 401 invalidates the token, refreshes once and retries', async () => {
    const h = await start();
    h.upstream.replyOnce({ kind: 'error', status: 401, body: { error: { message: 'Token revoked', type: 'invalid_request_error', code: 'token_revoked' } } });
    const response = await post(h, '/v1/messages', messages());
    expect(response.status).toBe(200);
    expect(h.tokens.refreshes).toBe(1);
    expect(h.upstream.calls.map((call) => call.headers['authorization'])).toEqual([`Bearer ${h.accessToken}`, `Bearer ${h.tokens.issued[0]}`]);
  });

  it('relays a persistent upstream 401 in the caller’s format with the login hint', async () => {
    const h = await start();
    h.upstream.reply({ kind: 'error', status: 401, body: { error: { message: 'Your authentication token has been invalidated.', type: 'invalid_request_error', code: 'token_invalidated' } } });
    const response = await post(h, '/v1/messages', messages());
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('authentication_error');
    expect(body.error.message).toContain('Your authentication token has been invalidated.');
    expect(body.error.message).toContain('ccproxy auth login codex');
    expect(h.tokens.refreshes).toBeGreaterThanOrEqual(1);
  });

  it('refreshes once for 20 concurrent requests holding an expired token', async () => {
    const h = await start({ auth: { exp: Math.floor(Date.now() / 1000) - 60 } });
    h.tokens.delayMs = 100;
    const statuses = await Promise.all(Array.from({ length: 20 }, () => post(h, '/v1/responses', responses()).then(async (response) => (await response.text(), response.status))));
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    expect(h.tokens.refreshes).toBe(1);
    expect(new Set(h.upstream.calls.map((call) => call.headers['authorization']))).toEqual(new Set([`Bearer ${h.tokens.issued[0]}`]));
  });
});

describe('codex upstream errors', () => {
  it('keeps a FastAPI-style 400 as 400 with a readable message in every format', async () => {
    const h = await start();
    h.upstream.reply({ kind: 'error', status: 400, body: { detail: 'Unsupported parameter: foo' } });
    const anthropic = await post(h, '/v1/messages', messages());
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'Unsupported parameter: foo' } });
    const chatResponse = await post(h, '/v1/chat/completions', chat());
    expect(chatResponse.status).toBe(400);
    expect(await chatResponse.json()).toMatchObject({ error: { message: 'Unsupported parameter: foo', type: 'invalid_request_error' } });
    const responsesResponse = await post(h, '/v1/responses', responses({ stream: true }));
    expect(responsesResponse.status).toBe(400);
    expect(await responsesResponse.json()).toMatchObject({ error: { message: 'Unsupported parameter: foo', type: 'invalid_request_error' } });
  });

  it('relays an OpenAI-shaped 400 on /v1/responses with its fields', async () => {
    const h = await start();
    const upstreamError = { error: { message: "Invalid value: 'other'.", type: 'invalid_request_error', param: 'input[4].action.type', code: 'invalid_value' } };
    h.upstream.reply({ kind: 'error', status: 400, body: upstreamError });
    const response = await post(h, '/v1/responses', responses());
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(upstreamError);
  });

  it('turns usage_limit_reached into a 429 with the reset time and retry-after (resets_in_seconds)', async () => {
    const h = await start();
    h.upstream.reply({ kind: 'usage_limit', resetsInSeconds: 7260, planType: 'plus' });
    const anthropic = await post(h, '/v1/messages', messages({ stream: true }));
    expect(anthropic.status).toBe(429);
    expect(anthropic.headers.get('retry-after')).toBe('7260');
    const body = (await anthropic.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toMatch(/usage limit .* \(plus plan\)\. It resets at \d{4}-\d\d-\d\dT[\d:.]+Z \(in 2h 1m\)\./);

    const error = (await h.openai().responses.create(responses() as never).then(() => undefined, (caught: unknown) => caught)) as APIError;
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7260');
    expect(error.error).toMatchObject({ type: 'usage_limit_reached', code: 'usage_limit_reached', plan_type: 'plus', resets_in_seconds: 7260 });
    expect(await h.summary(2)).toMatchObject({ status: 429 });
  });

  it('computes retry-after from resets_at when that is all the backend sends', async () => {
    const h = await start();
    h.upstream.reply({ kind: 'usage_limit', resetsAt: Math.floor(Date.now() / 1000) + 90 });
    const response = await post(h, '/v1/chat/completions', chat());
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(88);
    expect(retryAfter).toBeLessThanOrEqual(90);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('(in 1m)');
  });

  it('reports an upstream 500 as 502 in the caller’s format', async () => {
    const h = await start();
    h.upstream.reply({ kind: 'error', status: 500, body: { error: { message: 'Internal error', type: 'server_error', code: null } } });
    const anthropic = await post(h, '/v1/messages', messages());
    expect(anthropic.status).toBe(502);
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'api_error', message: 'Internal error' } });
    const chatResponse = await post(h, '/v1/chat/completions', chat({ stream: true }));
    expect(chatResponse.status).toBe(502);
    expect(await chatResponse.json()).toMatchObject({ error: { type: 'server_error', message: 'Internal error' } });
  });

  it('answers 502 when the backend cannot be reached and 504 when it does not answer in time', async () => {
    const h = await start({ codex: { base_url: 'http://127.0.0.1:9/backend-api/codex' } });
    const refused = await post(h, '/v1/messages', messages());
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    await h.close();

    const slow = await start({ settings: { http: { timeouts: { stream_idle_seconds: 0.3 } } } });
    slow.upstream.reply({ kind: 'hang' });
    const started = Date.now();
    const timedOut = await post(slow, '/v1/messages', messages({ stream: true }));
    expect(timedOut.status).toBe(504);
    expect(await timedOut.json()).toMatchObject({ type: 'error', error: { type: 'timeout_error' } });
    expect(Date.now() - started).toBeLessThan(5000);
    const responsesTimeout = await post(slow, '/v1/responses', responses());
    expect(responsesTimeout.status).toBe(504);
  });

  it('maps a response.failed stream to an error: status for buffered clients, the format’s error event for streams', async () => {
    const h = await start();
    const failed = [
      { event: 'response.created', data: JSON.stringify({ type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'gpt-5-codex', output: [] } }) },
      {
        event: 'response.failed',
        data: JSON.stringify({ type: 'response.failed', sequence_number: 1, response: { id: 'resp_1', object: 'response', status: 'failed', model: 'gpt-5-codex', output: [], error: { code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' } } }),
      },
    ];
    h.upstream.reply({ kind: 'events', events: failed });

    const buffered = await post(h, '/v1/chat/completions', chat());
    expect(buffered.status).toBe(400);
    expect(await buffered.json()).toMatchObject({ error: { message: 'Your input exceeds the context window of this model.' } });

    const streamed = await post(h, '/v1/messages', messages({ stream: true }));
    expect(streamed.status).toBe(200);
    const events = await sseEvents(streamed);
    const last = events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data).toMatchObject({ type: 'error', error: { message: 'Your input exceeds the context window of this model.' } });
    const summary = await h.summary(2);
    expect(summary.error).toMatchObject({ type: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' });

    const passthrough = await post(h, '/v1/responses', responses({ stream: true }));
    expect((await sseEvents(passthrough)).at(-1)).toMatchObject({ event: 'response.failed' });
  });

  it('ends a stream dropped midway with the caller format’s error event; a buffered client gets 502', async () => {
    const h = await start();
    h.upstream.reply({ kind: 'drop', afterEvents: 6, sample: 'codex_responses_stream' });
    const anthropic = await h.anthropic().messages.stream(messages() as never).finalMessage().catch((caught: unknown) => caught as Error);
    expect(anthropic).toBeInstanceOf(Error);

    const raw = await post(h, '/v1/messages', messages({ stream: true }));
    const events = await sseEvents(raw);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { type: 'error', error: { type: 'api_error' } } });

    const chatStream = await post(h, '/v1/chat/completions', chat({ stream: true }));
    const chatEvents = await sseEvents(chatStream);
    expect(chatEvents.at(-1)?.data).toBe('[DONE]');
    expect(chatEvents.at(-2)?.data).toMatchObject({ error: { message: expect.any(String) as unknown } });

    const buffered = await post(h, '/v1/responses', responses());
    expect(buffered.status).toBe(502);
    expect(await buffered.json()).toMatchObject({ error: { type: expect.any(String) as unknown } });
  });

  it('aborts the upstream request when the client disconnects', async () => {
    const h = await start();
    // 275 events, 20 ms apart: more than 5 s if nobody stops it.
    h.upstream.reply({ kind: 'sample', sample: 'codex_responses_thinking_stream', delayMs: 20 });
    const controller = new AbortController();
    const response = await fetch(`${h.url}/codex/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(responses({ stream: true })),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    expect(h.upstream.openConnections).toBe(1);
    const abortedAt = Date.now();
    controller.abort();
    await waitFor(() => h.upstream.openConnections === 0, 2000);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    const summary = await h.summary(1);
    expect(summary).toMatchObject({ closed_by: 'client', streaming: true });
  });
});

describe('codex secrets', () => {
  it('never logs a token, a refresh token or a client key', async () => {
    const h = await start({ auth: { exp: Math.floor(Date.now() / 1000) - 60, refreshToken: 'rt-secret-refresh-value' } });
    await (await post(h, '/v1/messages', messages(), { 'x-api-key': 'sk-ant-client-secret' })).text();
    h.upstream.reply({ kind: 'error', status: 401, body: { error: { message: 'nope', type: 'invalid_request_error' } } });
    await (await post(h, '/v1/responses', responses(), { authorization: 'Bearer sk-openai-client-secret' })).text();
    h.tokens.failWith(400);
    await (await post(h, '/v1/chat/completions', chat())).text();
    const logs = h.logText();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [h.accessToken, ...h.tokens.issued, 'rt-secret-refresh-value', 'rt-rotated-1', 'sk-ant-client-secret', 'sk-openai-client-secret']) {
      expect(logs).not.toContain(secret);
    }
    for (const summary of h.summaries) expect(JSON.stringify(summary)).not.toContain(h.accessToken);
  });
});
