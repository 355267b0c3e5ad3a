import { CcproxyError } from '../errors/ccproxy-error.js';
import type { HttpClient, UpstreamResponse } from '../declaration/http-client.js';
import { isJsonObject, type JsonObject } from './json-credential-file.js';

export type TokenRequestAction = 'exchange' | 'refresh';

export interface TokenEndpointRequest {
  readonly url: string;
  readonly action: TokenRequestAction;
  /** The grant parameters; values are secrets (code, verifier, refresh token) and never logged. */
  readonly params: Readonly<Record<string, string>>;
  /** Claude wants JSON, OpenAI a form. */
  readonly encoding: 'json' | 'form';
  readonly headers?: Readonly<Record<string, string>>;
  /** Default 30 000. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * A failed token call. `definitive` means the endpoint answered with a 4xx: the grant is dead
 * (e.g. `invalid_grant`), retrying the same refresh token is pointless.
 */
export class OAuthTokenError extends CcproxyError {
  readonly action: TokenRequestAction;
  readonly definitive: boolean;
  readonly upstreamStatus: number | undefined;

  constructor(action: TokenRequestAction, message: string, options: { definitive: boolean; upstreamStatus?: number; cause?: unknown }) {
    super('AUTHENTICATION_FAILED', message, { ...(options.cause === undefined ? {} : { cause: options.cause }), details: { action, ...(options.upstreamStatus ? { upstream_status: options.upstreamStatus } : {}) } });
    this.name = 'OAuthTokenError';
    this.action = action;
    this.definitive = options.definitive;
    this.upstreamStatus = options.upstreamStatus;
  }
}

const VERB: Record<TokenRequestAction, string> = { exchange: 'Token exchange', refresh: 'Token refresh' };

/** Removes any of the values we sent (code, verifier, refresh token) from text we are about to show. */
function redactSent(text: string, params: Readonly<Record<string, string>>): string {
  let result = text;
  for (const value of Object.values(params)) if (value.length >= 8) result = result.split(value).join('[redacted]');
  return result;
}

function describeFailure(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isJsonObject(parsed)) {
      const error = parsed.error;
      if (typeof parsed.error_description === 'string' && parsed.error_description) return parsed.error_description;
      if (isJsonObject(error) && typeof error.message === 'string') return error.message;
      if (typeof error === 'string' && error) return error;
    }
  } catch {
    // not JSON: fall through to the text
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text || 'empty response';
}

/**
 * POSTs a grant to an OAuth token endpoint and returns the JSON answer, which must hold an
 * `access_token`. Failures become an `OAuthTokenError` whose message is safe to print:
 * `Token refresh failed: <error_description | error | body (≤200 chars)>`, `… timed out`.
 */
export async function requestToken(http: HttpClient, request: TokenEndpointRequest): Promise<JsonObject> {
  const verb = VERB[request.action];
  const body = request.encoding === 'json' ? JSON.stringify(request.params) : new URLSearchParams(request.params).toString();
  let response: UpstreamResponse;
  try {
    response = await http.request({
      url: request.url,
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': request.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        ...request.headers,
      },
      body,
      timeoutMs: request.timeoutMs ?? 30_000,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    const timedOut = CcproxyError.is(error) && error.code === 'UPSTREAM_TIMEOUT';
    const reason = timedOut ? 'timed out' : `failed: cannot reach ${new URL(request.url).origin} (${redactSent((error as Error).message, request.params)})`;
    throw new OAuthTokenError(request.action, `${verb} ${reason}`, { definitive: false, cause: error });
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 400) {
    const definitive = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new OAuthTokenError(request.action, `${verb} failed: ${redactSent(describeFailure(text), request.params)} (HTTP ${response.status})`, { definitive, upstreamStatus: response.status });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OAuthTokenError(request.action, `${verb} failed: the token endpoint did not answer with JSON (HTTP ${response.status})`, { definitive: false, upstreamStatus: response.status });
  }
  if (!isJsonObject(parsed) || typeof parsed.access_token !== 'string' || parsed.access_token === '') {
    throw new OAuthTokenError(request.action, `${verb} failed: the token endpoint answered without an access_token`, { definitive: false, upstreamStatus: response.status });
  }
  return parsed;
}
