import type { NewLogRow } from '../src/index.js';

let counter = 0;

export function row(overrides: Partial<NewLogRow> = {}): NewLogRow {
  counter++;
  return {
    request_id: `req-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    ts_ms: Date.UTC(2025, 0, 3, 1, 20, 0),
    method: 'POST',
    path: '/claude/v1/messages',
    query: '',
    endpoint: '/v1/messages',
    client_ip: '127.0.0.1',
    user_agent: 'test',
    service_type: 'claude_api',
    provider: 'claude_api',
    model: 'claude-sonnet-4-5',
    model_requested: 'claude-sonnet-4-5',
    client_format: 'anthropic.messages',
    upstream_format: 'anthropic.messages',
    streaming: false,
    status_code: 200,
    bytes_sent: 100,
    duration_ms: 10,
    ttfb_ms: 5,
    tokens_input: 0,
    tokens_output: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: null,
    closed_by: 'server',
    error_type: null,
    error_message: null,
    upstream_status: 200,
    upstream_duration_ms: 4,
    ...overrides,
  };
}
