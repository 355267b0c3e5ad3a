// formats.md §11.5: error vectors E1–E8, plus errorBody and mid-stream failures (§2.4, §8).
import { describe, expect, it } from 'vitest';
import type { FormatId } from '../src/index.js';
import { convertError, createStreamConverter, errorBody } from '../src/index.js';
import { readSse, sseOf } from './helpers.js';
import { ST1_ANTHROPIC, ST4_CHAT, ST6_RESPONSES } from './stream-vectors.js';

describe('§11.5 error vectors', () => {
  it('E1 Anthropic overloaded → OpenAI server_error + server_is_overloaded', () => {
    expect(convertError('anthropic.messages', 'openai.chat_completions', 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toEqual({
      status: 529,
      body: { error: { message: 'Overloaded', type: 'server_error', code: 'server_is_overloaded', param: null } },
    });
  });
  it('E2 Anthropic not_found about a model → model_not_found', () => {
    expect(convertError('anthropic.messages', 'openai.responses', 404, { type: 'error', error: { type: 'not_found_error', message: 'model: x' } })).toEqual({
      status: 404,
      body: { error: { message: 'model: x', type: 'invalid_request_error', code: 'model_not_found', param: null } },
    });
  });
  it('E3 {detail} body from an Anthropic-side upstream → invalid_request_error', () => {
    expect(convertError('anthropic.messages', 'openai.chat_completions', 400, { detail: 'Unsupported parameter: metadata' })).toEqual({
      status: 400,
      body: { error: { message: 'Unsupported parameter: metadata', type: 'invalid_request_error', param: null, code: null } },
    });
  });
  it('E4 unknown Anthropic error type → api_error, status kept (B20)', () => {
    const out = convertError('anthropic.messages', 'openai.chat_completions', 400, { type: 'error', error: { type: 'weird_error', message: 'x' } });
    expect(out.status).toBe(400);
    expect(out.body).toMatchObject({ error: { message: 'x', type: 'api_error' } });
  });
  it('E5 OpenAI rate limit → Anthropic rate_limit_error with "type":"error" (B19)', () => {
    expect(convertError('openai.chat_completions', 'anthropic.messages', 429, { error: { message: 'Rate limit', type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null } })).toEqual({
      status: 429,
      body: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit' } },
    });
  });
  it('E6 OpenAI authentication_error stays authentication_error', () => {
    expect(convertError('openai.responses', 'anthropic.messages', 401, { error: { message: 'bad key', type: 'authentication_error' } }).body).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'bad key' },
    });
  });
  it('E7 Codex {detail} → Anthropic invalid_request_error with status 400', () => {
    expect(convertError('openai.responses', 'anthropic.messages', 400, { detail: 'Unsupported parameter: metadata' })).toEqual({
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: 'Unsupported parameter: metadata' } },
    });
  });
  it('E8 OpenAI ↔ OpenAI normalises {detail}', () => {
    expect(convertError('openai.responses', 'openai.chat_completions', 400, { detail: 'x' })).toEqual({
      status: 400,
      body: { error: { message: 'x', type: 'invalid_request_error', param: null, code: null } },
    });
  });
});

describe('error stage never throws', () => {
  const formats: FormatId[] = ['anthropic.messages', 'openai.chat_completions', 'openai.responses'];
  const bodies: unknown[] = [undefined, null, 'plain text <html>', '{"error":{"message":"json text"}}', 42, [], {}, { error: 'flat string' }, { detail: [{ loc: ['x'], msg: 'bad' }] }, new TextEncoder().encode('bytes body')];
  it.each(formats.flatMap((from) => formats.map((to) => [from, to] as const)))('%s → %s wraps anything, keeping the status', (from, to) => {
    for (const body of bodies) {
      const out = convertError(from, to, 503, body);
      expect(out.status).toBe(503);
      if (to === 'anthropic.messages') expect(out.body).toMatchObject({ type: 'error', error: { type: expect.any(String) as string, message: expect.any(String) as string } });
      else expect(out.body).toMatchObject({ error: { message: expect.any(String) as string, type: expect.any(String) as string, param: null } });
    }
  });
  it('keeps the message of text and byte bodies', () => {
    expect(convertError('openai.responses', 'anthropic.messages', 502, 'Bad gateway').body).toEqual({ type: 'error', error: { type: 'api_error', message: 'Bad gateway' } });
    expect(convertError('openai.responses', 'anthropic.messages', 503, '{"error":{"message":"json text"}}').body).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'json text' } });
    expect(convertError('anthropic.messages', 'openai.chat_completions', 500, new TextEncoder().encode('bytes body')).body).toMatchObject({ error: { message: 'bytes body', type: 'server_error' } });
  });
  it('maps OpenAI statuses and codes to Anthropic types', () => {
    const type = (status: number, body: unknown) => (convertError('openai.chat_completions', 'anthropic.messages', status, body).body as { error: { type: string } }).error.type;
    expect(type(403, { error: { message: 'no', type: 'permission_error' } })).toBe('permission_error');
    expect(type(404, { error: { message: 'no', type: 'not_found_error' } })).toBe('not_found_error');
    expect(type(429, { error: { message: 'no', type: 'insufficient_quota', code: 'insufficient_quota' } })).toBe('billing_error');
    expect(type(500, { error: { message: 'no', type: 'server_error' } })).toBe('api_error');
    expect(type(529, { error: { message: 'no', type: null } })).toBe('overloaded_error');
    expect(type(413, { error: { message: 'big' } })).toBe('request_too_large');
  });
});

describe('errorBody (our own errors in the client format)', () => {
  it('Anthropic clients get type:error with an error.type', () => {
    expect(errorBody('anthropic.messages', 401, 'Run ccproxy auth login')).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Run ccproxy auth login' } });
    expect(errorBody('anthropic.messages', 400, 'bad', 'invalid_request_error')).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } });
  });
  it('OpenAI clients get message/type/param/code', () => {
    expect(errorBody('openai.chat_completions', 502, 'upstream down')).toEqual({ error: { message: 'upstream down', type: 'server_error', param: null, code: '502' } });
    expect(errorBody('openai.responses', 400, 'bad', 'invalid_request_error')).toEqual({ error: { message: 'bad', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } });
  });
});

describe('mid-stream upstream failure → the target format’s error event (§2.4)', () => {
  const failure = { type: 'timeout_error', message: 'Request timeout' };
  it('→ Chat: error chunk then [DONE]', () => {
    const converter = createStreamConverter('anthropic.messages', 'openai.chat_completions');
    converter.push(sseOf(ST1_ANTHROPIC.slice(0, 3)));
    const tail = converter.fail(failure);
    const events = readSse(tail);
    expect(events[0]!.json).toEqual({ error: { message: 'Request timeout', type: 'timeout_error', code: null, param: null } });
    expect(events[1]!.data).toBe('[DONE]');
    expect(converter.end()).toBe('');
    expect(converter.push('data: {}\n\n')).toBe('');
  });
  it('→ Anthropic: closes the open block, then an error event', () => {
    const converter = createStreamConverter('openai.responses', 'anthropic.messages');
    converter.push(sseOf(ST6_RESPONSES.slice(0, 4)));
    const events = readSse(converter.fail({ status: 529, message: 'busy' }));
    expect(events.map((e) => e.event)).toEqual(['content_block_stop', 'error']);
    expect(events[1]!.json).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } });
  });
  it('→ Responses: flat error event and response.failed with the next sequence numbers', () => {
    const converter = createStreamConverter('openai.chat_completions', 'openai.responses');
    const first = readSse(converter.push(sseOf(ST4_CHAT.slice(0, 2))));
    const events = readSse(converter.fail({ type: 'connection_error', message: 'Connection failed' }));
    expect(events.map((e) => e.event)).toEqual(['error', 'response.failed']);
    expect(events[0]!.json).toMatchObject({ type: 'error', code: 'connection_error', message: 'Connection failed', param: null, sequence_number: first.length });
    expect(events[1]!.json).toMatchObject({ sequence_number: first.length + 1, response: { status: 'failed', error: { code: 'connection_error' } } });
  });
  it('→ passthrough streams append the error in their own dialect', () => {
    const chat = createStreamConverter('openai.chat_completions', 'openai.chat_completions');
    chat.push('data: {"id":"x","choices":[{"index":0,"delta":{"content":"par');
    const tail = chat.fail({ message: 'boom' });
    expect(tail.startsWith('\n\ndata: {"error":{"message":"boom","type":"server_error","code":null,"param":null}}\n\n')).toBe(true);
    expect(tail.endsWith('data: [DONE]\n\n')).toBe(true);
    const responses = createStreamConverter('openai.responses', 'openai.responses');
    responses.push(sseOf(ST6_RESPONSES.slice(0, 3)));
    expect(readSse(responses.fail({ type: 'server_error', message: 'x' }))[0]!.json).toEqual({ type: 'error', sequence_number: 3, code: 'server_error', message: 'x', param: null });
    const anthropic = createStreamConverter('anthropic.messages', 'anthropic.messages');
    anthropic.push(sseOf(ST1_ANTHROPIC.slice(0, 2)));
    expect(readSse(anthropic.fail({ status: 429, message: 'slow' }))[0]!.json).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'slow' } });
  });
  it('Chat upstream error chunk mid-stream → Anthropic error event', () => {
    const events = [ST4_CHAT[1], { error: { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' } }];
    const converter = createStreamConverter('openai.chat_completions', 'anthropic.messages');
    const out = readSse(converter.push(sseOf(events)) + converter.end());
    expect(out.at(-1)!.json).toEqual({ type: 'error', error: { type: 'billing_error', message: 'quota' } });
    expect(out.some((e) => e.event === 'message_stop')).toBe(false);
  });
  it('Anthropic error event mid-stream → Chat error chunk then [DONE] (B9)', () => {
    const converter = createStreamConverter('anthropic.messages', 'openai.chat_completions');
    const text = converter.push(sseOf([...ST1_ANTHROPIC.slice(0, 3), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }])) + converter.end();
    const events = readSse(text);
    expect(events.at(-2)!.json).toEqual({ error: { message: 'Overloaded', type: 'server_error', code: 'server_is_overloaded', param: null } });
    expect(events.at(-1)!.data).toBe('[DONE]');
    expect(converter.finished).toBe(false);
  });
  it('Responses response.failed → Chat error chunk (B24)', () => {
    const failed = { type: 'response.failed', sequence_number: 5, response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'oops' } } };
    const converter = createStreamConverter('openai.responses', 'openai.chat_completions');
    const events = readSse(converter.push(sseOf([ST6_RESPONSES[0], failed])) + converter.end());
    expect(events.at(-2)!.json).toEqual({ error: { message: 'oops', type: 'server_error', code: 'server_error', param: null } });
  });
});
