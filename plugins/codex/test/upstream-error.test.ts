import { describe, expect, it } from 'vitest';
import { resetSeconds, statusForFailureCode, streamFailureError, upstreamHttpError, usageLimitError } from '../src/response/upstream-error.js';

const NOW = Date.parse('2025-09-24T12:00:00Z');

describe('usage limit', () => {
  it('reads the reset from resets_in_seconds, then resets_at, then retry-after', () => {
    expect(resetSeconds({ resets_in_seconds: 120, resets_at: 0 }, NOW)).toBe(120);
    expect(resetSeconds({ resets_at: NOW / 1000 + 300 }, NOW)).toBe(300);
    expect(resetSeconds({ resets_at: '2025-09-24T13:00:00Z' }, NOW)).toBe(3600);
    expect(resetSeconds({}, NOW, { 'retry-after': '42' })).toBe(42);
    expect(resetSeconds({}, NOW)).toBeUndefined();
    expect(resetSeconds({ resets_at: NOW / 1000 - 10 }, NOW)).toBe(0);
  });

  it('is a 429 with the reset time and retry-after, in the Anthropic shape', () => {
    const error = usageLimitError({ type: 'usage_limit_reached', resets_in_seconds: 90061, plan_type: 'pro' }, 'anthropic.messages', NOW);
    expect(error.status).toBe(429);
    expect(error.headers?.['retry-after']).toBe('90061');
    expect(error.message).toBe('The ChatGPT usage limit for Codex has been reached (pro plan). It resets at 2025-09-25T13:01:01.000Z (in 1d 1h).');
    expect(error.body).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: error.message } });
  });

  it('keeps the backend’s fields for OpenAI clients (the Codex CLI reads them)', () => {
    const error = usageLimitError({ type: 'usage_limit_reached', resets_in_seconds: 59, plan_type: 'plus' }, 'openai.responses', NOW);
    expect(error.body).toMatchObject({ error: { type: 'usage_limit_reached', code: 'usage_limit_reached', plan_type: 'plus', resets_in_seconds: 59 } });
    expect(error.message).toContain('(in 59s)');
  });

  it('says to try later when no reset is known', () => {
    expect(usageLimitError({ type: 'usage_limit_reached' }, 'openai.chat_completions', NOW).message).toContain('Try again later.');
  });
});

describe('upstreamHttpError', () => {
  const base = { headers: {}, modelSent: 'gpt-5-codex', nowMs: NOW };
  it('recognises usage_limit_reached by type or code', () => {
    expect(upstreamHttpError({ ...base, status: 429, body: { error: { code: 'usage_limit_reached' } }, clientFormat: 'anthropic.messages' }).status).toBe(429);
  });
  it('wraps a FastAPI detail body', () => {
    const error = upstreamHttpError({ ...base, status: 400, body: { detail: 'Unsupported parameter: metadata' }, clientFormat: 'anthropic.messages' });
    expect(error.status).toBe(400);
    expect(error.body).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'Unsupported parameter: metadata' } });
  });
  it('turns a bare 500 into 502 and keeps other statuses', () => {
    expect(upstreamHttpError({ ...base, status: 500, body: 'oops', clientFormat: 'openai.chat_completions' }).status).toBe(502);
    expect(upstreamHttpError({ ...base, status: 503, body: 'busy', clientFormat: 'openai.chat_completions' }).status).toBe(503);
  });
  it('adds the login hint to refused credentials and the mapping hint to a Claude model', () => {
    const denied = upstreamHttpError({ ...base, status: 401, body: { error: { message: 'expired', type: 'invalid_request_error' } }, clientFormat: 'anthropic.messages' });
    expect(denied.body).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('ccproxy auth login codex') as unknown } });
    const model = upstreamHttpError({ ...base, modelSent: 'claude-opus-4-1', status: 400, body: { detail: 'unsupported model' }, clientFormat: 'anthropic.messages' });
    expect(model.message).toContain('plugins.codex.model_mappings');
  });
  it('keeps the retry hints of the upstream', () => {
    const error = upstreamHttpError({ ...base, status: 429, body: { error: { type: 'rate_limit_exceeded', message: 'slow down' } }, headers: { 'retry-after': '3', 'x-other': 'no' }, clientFormat: 'openai.responses' });
    expect(error.headers).toEqual({ 'retry-after': '3' });
  });
});

describe('in-stream failures', () => {
  it('map codes to statuses', () => {
    expect(statusForFailureCode('rate_limit_exceeded')).toBe(429);
    expect(statusForFailureCode('context_length_exceeded')).toBe(400);
    expect(statusForFailureCode('invalid_prompt')).toBe(400);
    expect(statusForFailureCode('server_is_overloaded')).toBe(503);
    expect(statusForFailureCode('server_error')).toBe(502);
    expect(statusForFailureCode(undefined)).toBe(502);
  });
  it('render in the caller’s format', () => {
    const error = streamFailureError({ code: 'server_error', message: 'boom', raw: {} }, 'anthropic.messages', NOW);
    expect(error.status).toBe(502);
    expect(error.body).toEqual({ type: 'error', error: { type: 'api_error', message: 'boom' } });
    expect(streamFailureError({ code: 'usage_limit_reached', message: 'x', raw: { type: 'usage_limit_reached', resets_in_seconds: 5 } }, 'openai.responses', NOW).status).toBe(429);
  });
});
