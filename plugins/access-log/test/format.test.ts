import { afterEach, describe, expect, it } from 'vitest';
import { combinedLine, commonLine, escapeField, formatClfTime, providerLine, structuredLine } from '../src/index.js';
import { summary } from './summary-fixture.js';

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('formatClfTime', () => {
  it('writes local time with the real UTC offset', () => {
    process.env.TZ = 'UTC';
    expect(formatClfTime(Date.UTC(2025, 0, 3, 1, 20, 0))).toBe('03/Jan/2025:01:20:00 +0000');
    process.env.TZ = 'Europe/Paris';
    expect(formatClfTime(Date.UTC(2025, 0, 3, 1, 20, 0))).toBe('03/Jan/2025:02:20:00 +0100');
    process.env.TZ = 'America/Los_Angeles';
    expect(formatClfTime(Date.UTC(2025, 6, 3, 1, 20, 0))).toBe('02/Jul/2025:18:20:00 -0700');
    process.env.TZ = 'Asia/Kolkata';
    expect(formatClfTime(Date.UTC(2025, 0, 3, 1, 20, 0))).toBe('03/Jan/2025:06:50:00 +0530');
  });
});

describe('common and combined lines', () => {
  it('matches the Apache common layout with the real status and bytes', () => {
    process.env.TZ = 'UTC';
    expect(commonLine(summary())).toBe('127.0.0.1 - - [03/Jan/2025:01:20:00 +0000] "GET /api/v1/foo?a=1&b=2 HTTP/1.1" 200 123');
    expect(commonLine(summary({ status: 404, bytes_sent: 0, query: '' }))).toMatch(/"GET \/api\/v1\/foo HTTP\/1\.1" 404 -$/);
  });

  it('escapes quotes, backslashes and control characters so one request stays one line', () => {
    process.env.TZ = 'UTC';
    const line = combinedLine(summary({ user_agent: 'evil "agent"\nsecond\\line', path: '/x"y' }));
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('127.0.0.1 - - [03/Jan/2025:01:20:00 +0000] "GET /x\\"y?a=1&b=2 HTTP/1.1" 200 123 "-" "evil \\"agent\\"\\x0asecond\\\\line"');
    expect(escapeField('plain')).toBe('plain');
    expect(escapeField('\u0007\u007f')).toBe('\\x07\\x7f');
  });

  it('uses dashes for a missing user agent', () => {
    expect(combinedLine(summary({ user_agent: '' }))).toMatch(/ "-" "-"$/);
  });
});

describe('structured line', () => {
  it('keeps the Python key order, drops nulls and appends the new keys', () => {
    const line = structuredLine(
      summary({
        path: '/claude/v1/messages',
        query: '',
        method: 'POST',
        endpoint: '/v1/messages',
        service_type: 'claude_api',
        provider: 'claude_api',
        model_requested: 'sonnet',
        model_sent: 'claude-sonnet-4-5-20250929',
        usage: { input_tokens: 10, output_tokens: 20, cache_read_tokens: 30, cache_creation_tokens: 40, reasoning_tokens: 0 },
        cost_usd: 0.0123,
        streaming: true,
        client_format: 'anthropic.messages',
        upstream_format: 'anthropic.messages',
        upstream: { url: 'https://api.anthropic.com/v1/messages', status: 200, duration_ms: 9 },
      }),
    );
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/": /);
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual([
      'timestamp', 'request_id', 'method', 'path', 'query', 'status_code', 'duration_ms', 'client_ip', 'user_agent', 'body_size',
      'endpoint', 'model', 'service_type', 'tokens_input', 'tokens_output', 'cost_usd',
      'cache_read_tokens', 'cache_write_tokens', 'streaming', 'ttfb_ms', 'provider', 'model_requested', 'client_format', 'upstream_format', 'upstream_status',
    ]);
    expect(record).toMatchObject({ timestamp: 1735867200.5, status_code: 200, model: 'claude-sonnet-4-5-20250929', model_requested: 'sonnet', tokens_input: 10, cache_read_tokens: 30, cache_write_tokens: 40, cost_usd: 0.0123, streaming: true, ttfb_ms: 10.25 });
  });

  it('logs a client disconnect with the status already sent and client_disconnected', () => {
    const record = JSON.parse(structuredLine(summary({ closed_by: 'client', status: 200, error: { type: 'client_disconnected', message: 'gone' } }))) as Record<string, unknown>;
    expect(record.status_code).toBe(200);
    expect(record.error).toBe('client_disconnected');
  });

  it('writes the error type and message of a failed request', () => {
    const record = JSON.parse(structuredLine(summary({ status: 400, error: { type: 'invalid_request_error', message: 'model: expected a string' } }))) as Record<string, unknown>;
    expect(record.error).toBe('invalid_request_error: model: expected a string');
    expect(record).not.toHaveProperty('model');
  });
});

describe('provider line', () => {
  it('writes one JSON object per upstream call with duration, usage, cost and errors', () => {
    const response = JSON.parse(providerLine({ kind: 'response', at: 1000, event: { request_id: 'r1', provider: 'codex', url: 'https://user:pw@example.com/v1/responses', method: 'POST', status_code: 429, duration_ms: 33 } })) as Record<string, unknown>;
    expect(Object.keys(response)).toEqual(['timestamp', 'request_id', 'provider', 'method', 'url', 'status_code', 'duration_ms', 'event']);
    expect(response.url).toBe('https://example.com/v1/responses');
    const end = JSON.parse(
      providerLine({
        kind: 'stream_end',
        at: 2000,
        costUsd: 0.5,
        event: { request_id: 'r2', provider: 'claude_api', url: 'https://api.anthropic.com/v1/messages', total_chunks: 4, total_bytes: 900, aborted: false, reason: null, usage: { input_tokens: 1, output_tokens: 2, cache_read_tokens: 3, cache_creation_tokens: 4, reasoning_tokens: 0 }, model: 'claude-sonnet-4-5' },
      }),
    ) as Record<string, unknown>;
    expect(end).toMatchObject({ status_code: 200, tokens_input: 1, tokens_output: 2, cache_read_tokens: 3, cache_write_tokens: 4, cost_usd: 0.5, model: 'claude-sonnet-4-5', total_chunks: 4 });
    const failed = JSON.parse(providerLine({ kind: 'error', at: 3000, event: { request_id: 'r3', provider: 'codex', url: 'https://x/y', phase: 'request', error: 'connect ECONNREFUSED' } })) as Record<string, unknown>;
    expect(failed).toMatchObject({ error: 'connect ECONNREFUSED', event: 'error', phase: 'request' });
  });
});
