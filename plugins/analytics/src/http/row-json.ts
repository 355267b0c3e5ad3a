import type { LogRow } from '../store/types.js';

/** A row as the API returns it: ISO-8601 UTC time plus Unix seconds (same instant whatever the server TZ). */
export function rowJson(row: LogRow): Record<string, unknown> {
  return {
    request_id: row.request_id,
    timestamp: new Date(row.ts_ms).toISOString(),
    timestamp_unix: row.ts_ms / 1000,
    method: row.method,
    endpoint: row.endpoint,
    path: row.path,
    query: row.query,
    client_ip: row.client_ip,
    user_agent: row.user_agent,
    service_type: row.service_type,
    provider: row.provider,
    model: row.model,
    model_requested: row.model_requested,
    client_format: row.client_format,
    upstream_format: row.upstream_format,
    streaming: row.streaming,
    status_code: row.status_code,
    bytes_sent: row.bytes_sent,
    duration_ms: row.duration_ms,
    duration_seconds: row.duration_ms / 1000,
    ttfb_ms: row.ttfb_ms,
    tokens_input: row.tokens_input,
    tokens_output: row.tokens_output,
    cache_read_tokens: row.cache_read_tokens,
    cache_write_tokens: row.cache_write_tokens,
    reasoning_tokens: row.reasoning_tokens,
    cost_usd: row.cost_usd,
    closed_by: row.closed_by,
    error_type: row.error_type,
    error_message: row.error_message,
    upstream_status: row.upstream_status,
    upstream_duration_ms: row.upstream_duration_ms,
  };
}
