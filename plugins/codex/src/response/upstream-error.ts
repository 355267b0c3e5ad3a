import { CcproxyError, retryHeaders, type FormatId } from '@ccproxy/core';
import { convertError } from '@ccproxy/formats';
import type { StreamFailureInfo } from './collect-response.js';

type Json = Record<string, unknown>;

export const LOGIN_HINT = 'ccproxy auth login codex';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error object of an upstream body (`{error:{…}}`), or the body itself. */
function errorObject(body: unknown): Json {
  if (isObject(body)) return isObject(body['error']) ? body['error'] : body;
  return {};
}

export function isUsageLimit(error: Json): boolean {
  return error['type'] === 'usage_limit_reached' || error['code'] === 'usage_limit_reached';
}

function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${total}s`;
}

/** Seconds until the plan limit resets: `resets_in_seconds`, else `resets_at` (epoch s), else `retry-after`. */
export function resetSeconds(error: Json, nowMs: number, headers: Readonly<Record<string, string>> = {}): number | undefined {
  const inSeconds = error['resets_in_seconds'];
  if (typeof inSeconds === 'number' && Number.isFinite(inSeconds)) return Math.max(0, inSeconds);
  const at = error['resets_at'];
  const atSeconds = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) / 1000 : Number.NaN;
  if (Number.isFinite(atSeconds)) return Math.max(0, atSeconds - nowMs / 1000);
  const retryAfter = Number(headers['retry-after']);
  return Number.isFinite(retryAfter) ? Math.max(0, retryAfter) : undefined;
}

/**
 * The ChatGPT plan's usage limit (`usage_limit_reached`) as a 429 in the caller's format, with the
 * reset time in the message and a `retry-after` header, so SDKs back off for the right time.
 */
export function usageLimitError(error: Json, clientFormat: FormatId, nowMs: number, upstreamHeaders: Readonly<Record<string, string>> = {}): CcproxyError {
  const seconds = resetSeconds(error, nowMs, upstreamHeaders);
  const plan = typeof error['plan_type'] === 'string' ? ` (${error['plan_type']} plan)` : '';
  const when = seconds === undefined ? 'Try again later.' : `It resets at ${new Date(nowMs + seconds * 1000).toISOString()} (in ${formatDuration(seconds)}).`;
  const message = `The ChatGPT usage limit for Codex has been reached${plan}. ${when}`;
  const headers = retryHeaders(upstreamHeaders);
  if (seconds !== undefined) headers['retry-after'] = String(Math.ceil(seconds));
  const body =
    clientFormat === 'anthropic.messages'
      ? { type: 'error', error: { type: 'rate_limit_error', message } }
      : // OpenAI shapes keep the backend's fields: the Codex CLI reads plan_type and resets_* itself.
        { error: { ...error, message, type: 'usage_limit_reached', code: 'usage_limit_reached', param: null } };
  return new CcproxyError('RATE_LIMITED', message, { status: 429, type: clientFormat === 'anthropic.messages' ? 'rate_limit_error' : 'usage_limit_reached', headers, body });
}

function messageOf(body: Json): string {
  const error = body['error'];
  return isObject(error) && typeof error['message'] === 'string' ? error['message'] : 'upstream error';
}

function withMessage(body: Json, message: string): Json {
  const error = body['error'];
  return isObject(error) ? { ...body, error: { ...error, message } } : body;
}

/**
 * An upstream HTTP error (status ≥ 400 before any stream) in the caller's format (providers.md
 * §8.2): the status is kept, except a bare upstream 500 which becomes 502 (the gateway's upstream
 * failed, not the proxy); FastAPI `{detail}` bodies become a proper error object.
 */
export function upstreamHttpError(input: {
  status: number;
  body: unknown;
  headers: Readonly<Record<string, string>>;
  clientFormat: FormatId;
  modelSent: string;
  nowMs: number;
}): CcproxyError {
  const error = errorObject(input.body);
  if (isUsageLimit(error)) return usageLimitError(error, input.clientFormat, input.nowMs, input.headers);
  const status = input.status === 500 ? 502 : input.status;
  const converted = convertError('openai.responses', input.clientFormat, status, input.body).body;
  let message = messageOf(converted);
  if (status === 401 || status === 403) message = `${message} (the ChatGPT backend refused the Codex credentials; run \`${LOGIN_HINT}\`)`;
  else if (status === 400 && /^claude-/i.test(input.modelSent) && !message.includes('model_mappings')) {
    message = `${message} (the ChatGPT backend has no model "${input.modelSent}": pick a Codex model, or map it with a plugins.codex.model_mappings rule)`;
  }
  let body = withMessage(converted, message);
  // formats maps an OpenAI `invalid_request_error` to Anthropic's by type alone, whatever the status:
  // a refused credential must read as an authentication (or permission) error to Claude Code.
  if (input.clientFormat === 'anthropic.messages' && (status === 401 || status === 403)) {
    body = { type: 'error', error: { type: status === 401 ? 'authentication_error' : 'permission_error', message } };
  }
  const inner = body['error'];
  const type = isObject(inner) && typeof inner['type'] === 'string' ? inner['type'] : 'upstream_error';
  return new CcproxyError('UPSTREAM_HTTP', message, { status, type, headers: retryHeaders(input.headers), body });
}

/** The status a buffered client gets for an error the upstream reported inside its stream. */
export function statusForFailureCode(code: string | undefined): number {
  if (!code) return 502;
  if (code === 'rate_limit_exceeded' || code === 'usage_limit_reached') return 429;
  if (code === 'context_length_exceeded' || code === 'invalid_prompt' || code.startsWith('invalid_')) return 400;
  if (code === 'server_is_overloaded' || code === 'slow_down') return 503;
  return 502;
}

/** An in-stream upstream failure, for a non-streaming client: one error response in its format. */
export function streamFailureError(failure: StreamFailureInfo, clientFormat: FormatId, nowMs: number): CcproxyError {
  if (isUsageLimit(failure.raw) || failure.code === 'usage_limit_reached') return usageLimitError(failure.raw, clientFormat, nowMs);
  const status = statusForFailureCode(failure.code);
  const upstreamBody = { error: { message: failure.message, type: failure.code ?? 'server_error', code: failure.code ?? null } };
  const body = convertError('openai.responses', clientFormat, status, upstreamBody).body;
  const inner = body['error'];
  const type = isObject(inner) && typeof inner['type'] === 'string' ? inner['type'] : 'upstream_error';
  return new CcproxyError('UPSTREAM_HTTP', failure.message, { status, type, body });
}
