import type { RequestSummary } from '@ccproxy/core';
import type { ClientLogFormat } from '../config.js';
import { formatClfTime } from './clf-time.js';
import { escapeField } from './escape.js';

/** The `error` of a line: a client that went away is not a server error (§1.3 fix). */
export function errorText(summary: RequestSummary): string | null {
  if (summary.closed_by === 'client') return 'client_disconnected';
  if (!summary.error) return null;
  const { type, message } = summary.error;
  return message && message !== type ? `${type}: ${message}` : type;
}

/** The model that was priced and served: the upstream one when known, else what the client asked for. */
export function servedModel(summary: RequestSummary): string | null {
  return summary.model_sent ?? summary.model_requested;
}

/** Apache Common: `ip - - [time] "METHOD path?query HTTP/1.1" status bytes`. */
export function commonLine(summary: RequestSummary): string {
  const target = summary.query ? `${summary.path}?${summary.query}` : summary.path;
  const bytes = summary.bytes_sent > 0 ? String(summary.bytes_sent) : '-';
  const ip = escapeField(summary.client_ip || '-');
  return `${ip} - - [${formatClfTime(summary.started_at)}] "${escapeField(summary.method || '-')} ${escapeField(target)} HTTP/1.1" ${summary.status || 0} ${bytes}`;
}

/** Apache Combined: the Common line, the referer (always `-`) and the user agent. */
export function combinedLine(summary: RequestSummary): string {
  const agent = summary.user_agent ? escapeField(summary.user_agent) : '-';
  return `${commonLine(summary)} "-" "${agent}"`;
}

/**
 * One compact JSON object. Keys in the Python order (timestamp … cost_usd), then the additions
 * (cache tokens, streaming, first-byte time, …). Null and undefined values are left out.
 */
export function structuredLine(summary: RequestSummary): string {
  const usage = summary.usage;
  const model = servedModel(summary);
  const record: Record<string, unknown> = {
    timestamp: summary.started_at / 1000,
    request_id: summary.request_id,
    method: summary.method,
    path: summary.path,
    query: summary.query,
    status_code: summary.status,
    duration_ms: summary.duration_ms,
    client_ip: summary.client_ip,
    user_agent: summary.user_agent,
    body_size: summary.bytes_sent,
    error: errorText(summary) ?? undefined,
    endpoint: summary.endpoint ?? undefined,
    model: model ?? undefined,
    service_type: summary.service_type,
    tokens_input: usage?.input_tokens,
    tokens_output: usage?.output_tokens,
    cost_usd: summary.cost_usd ?? undefined,
    cache_read_tokens: usage?.cache_read_tokens,
    cache_write_tokens: usage?.cache_creation_tokens,
    streaming: summary.streaming,
    ttfb_ms: summary.ttfb_ms ?? undefined,
    provider: summary.provider ?? undefined,
    model_requested: summary.model_requested !== null && summary.model_requested !== model ? summary.model_requested : undefined,
    reasoning_tokens: usage && usage.reasoning_tokens > 0 ? usage.reasoning_tokens : undefined,
    client_format: summary.client_format ?? undefined,
    upstream_format: summary.upstream_format ?? undefined,
    upstream_status: summary.upstream?.status ?? undefined,
  };
  // JSON.stringify drops undefined members, which is exactly "null fields are absent".
  return JSON.stringify(record);
}

export function clientLine(format: ClientLogFormat, summary: RequestSummary): string {
  switch (format) {
    case 'common':
      return commonLine(summary);
    case 'combined':
      return combinedLine(summary);
    case 'structured':
      return structuredLine(summary);
  }
}
