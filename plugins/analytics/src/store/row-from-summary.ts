import type { RequestSummary } from '@ccproxy/core';
import type { NewLogRow } from './types.js';

const MAX_TEXT = 2048;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with each lone surrogate replaced by U+FFFD, as it reads back from the database. */
export function wellFormed(value: string): string {
  // The cheap test first: almost every string has no surrogate at all.
  return ANY_SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

/** Client-controlled text is bounded and made valid UTF-16 (a lone surrogate would break the batch). */
function text(value: string | null | undefined, max = MAX_TEXT): string {
  if (!value) return '';
  return wellFormed(value.length > max ? value.slice(0, max) : value);
}

function count(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** Maps the core's request summary onto a stored row (no per-request state needed anywhere). */
export function rowFromSummary(summary: RequestSummary): NewLogRow {
  const usage = summary.usage;
  const model = summary.model_sent ?? summary.model_requested ?? '';
  const error = summary.closed_by === 'client' ? { type: 'client_disconnected', message: summary.error?.message ?? 'client disconnected' } : summary.error;
  return {
    request_id: text(summary.request_id, 256),
    ts_ms: Math.round(summary.started_at),
    method: text(summary.method, 16),
    path: text(summary.path),
    query: text(summary.query),
    endpoint: text(summary.endpoint ?? summary.path),
    client_ip: text(summary.client_ip, 64),
    user_agent: text(summary.user_agent, 512),
    service_type: text(summary.service_type, 64) || 'access_log',
    provider: text(summary.provider, 64),
    model: text(model, 256),
    model_requested: text(summary.model_requested, 256),
    client_format: summary.client_format ?? '',
    upstream_format: summary.upstream_format ?? '',
    streaming: summary.streaming,
    status_code: summary.status,
    bytes_sent: count(summary.bytes_sent),
    duration_ms: Number.isFinite(summary.duration_ms) ? summary.duration_ms : 0,
    ttfb_ms: summary.ttfb_ms !== null && Number.isFinite(summary.ttfb_ms) ? summary.ttfb_ms : null,
    tokens_input: count(usage?.input_tokens),
    tokens_output: count(usage?.output_tokens),
    cache_read_tokens: count(usage?.cache_read_tokens),
    cache_write_tokens: count(usage?.cache_creation_tokens),
    reasoning_tokens: count(usage?.reasoning_tokens),
    cost_usd: summary.cost_usd !== null && Number.isFinite(summary.cost_usd) ? summary.cost_usd : null,
    closed_by: summary.closed_by,
    error_type: error ? text(error.type, 128) : null,
    error_message: error ? text(error.message, 1024) : null,
    upstream_status: summary.upstream?.status ?? null,
    upstream_duration_ms: summary.upstream?.duration_ms ?? null,
  };
}
