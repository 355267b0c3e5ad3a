import {
  anthropicCredentials,
  callUpstream,
  CcproxyError,
  retryHeaders,
  type ProxyRequest,
  type ProxyResponse,
  type UpstreamResponse,
} from '@ccproxy/core';
import { convertError, type FormatId } from '@ccproxy/formats';
import { PLUGIN_NAME, type ClaudeApiRuntime } from './claude-api-runtime.js';
import { buildUpstreamHeaders } from './upstream-headers.js';

export const LOGIN_COMMAND = 'ccproxy auth login claude';
const ERROR_BODY_LIMIT = 1_048_576;

/**
 * Sends one request upstream with the account's OAuth credentials. Missing or unusable credentials
 * stop here with a 401 naming the login command (no upstream call is made); an upstream 401 tells
 * the credentials to refresh on the next call.
 */
export async function sendUpstream(
  runtime: ClaudeApiRuntime,
  request: ProxyRequest,
  call: { readonly path: string; readonly body: Buffer; readonly streaming: boolean },
): Promise<UpstreamResponse> {
  const credentials = runtime.capabilities.get(anthropicCredentials);
  if (!credentials) {
    throw new CcproxyError('CREDENTIALS_MISSING', `No Claude credentials provider is active: enable the oauth_claude plugin, then run "${LOGIN_COMMAND}".`, {
      plugin: PLUGIN_NAME,
    });
  }
  let auth: Readonly<Record<string, string>>;
  try {
    auth = (await credentials.authHeaders(request.cancellation)).headers;
  } catch (error) {
    if (CcproxyError.is(error)) throw error;
    // Not one of ours: its message may quote the credentials file, so only its name is logged.
    runtime.logger.warn({ request_id: request.id, error: error instanceof Error ? error.name : typeof error }, 'claude_credentials_failed');
    throw new CcproxyError('CREDENTIALS_INVALID', `Claude credentials could not be used. Run "${LOGIN_COMMAND}".`, { plugin: PLUGIN_NAME });
  }
  const headers = buildUpstreamHeaders(request.headers, auth, runtime.headers);
  const upstream = await callUpstream(runtime.call, request, {
    url: `${runtime.config.base_url}${call.path}`,
    headers,
    body: call.body,
    streaming: call.streaming,
    endpoint: call.path,
  });
  if (upstream.status === 401) {
    await credentials.invalidate().catch((error: unknown) => {
      runtime.logger.warn({ request_id: request.id, error: error instanceof Error ? error.name : typeof error }, 'claude_credentials_invalidate_failed');
    });
  }
  return upstream;
}

async function readBounded(upstream: UpstreamResponse, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upstream.body) {
    size += chunk.length;
    if (size > limit) {
      upstream.abort();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return raw.toString('utf8');
  }
}

function isAnthropicError(value: unknown): value is { type: 'error'; error: { type?: unknown; message?: unknown } } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record['type'] === 'error' && typeof record['error'] === 'object' && record['error'] !== null;
}

/**
 * An upstream 4xx/5xx in the caller's format, status and retry hints kept. Anthropic callers get
 * Anthropic's body byte for byte; others get it converted. Always JSON, also for streaming calls.
 */
export async function upstreamErrorResponse(runtime: ClaudeApiRuntime, request: ProxyRequest, upstream: UpstreamResponse, clientFormat: FormatId): Promise<ProxyResponse> {
  const raw = await readBounded(upstream, ERROR_BODY_LIMIT);
  const parsed = parseJson(raw);
  const converted = convertError('anthropic.messages', clientFormat, upstream.status, parsed);
  const error = (converted.body['error'] ?? {}) as { type?: unknown; message?: unknown };
  request.summary.error = {
    type: typeof error.type === 'string' ? error.type : 'upstream_error',
    message: typeof error.message === 'string' ? error.message : `upstream answered ${upstream.status}`,
  };
  runtime.logger.warn({ request_id: request.id, status: upstream.status, type: request.summary.error.type }, 'claude_upstream_error');
  const verbatim = clientFormat === 'anthropic.messages' && isAnthropicError(parsed);
  return {
    status: upstream.status,
    headers: { ...retryHeaders(upstream.headers), 'content-type': 'application/json' },
    body: verbatim ? raw : JSON.stringify(converted.body),
  };
}

/** Parses a successful non-streaming upstream body; anything else is a 502, never a 500. */
export function parseUpstreamJson(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new CcproxyError('UPSTREAM_HTTP', 'The Claude API answered with a body that is not JSON', { plugin: PLUGIN_NAME, details: { excerpt: raw.subarray(0, 200).toString('utf8') } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CcproxyError('UPSTREAM_HTTP', 'The Claude API answered with a JSON body that is not an object', { plugin: PLUGIN_NAME });
  }
  return value as Record<string, unknown>;
}
