import { CcproxyError } from '../errors/ccproxy-error.js';
import type { EventBus } from '../declaration/events.js';
import type { HttpClient, UpstreamResponse } from '../declaration/http-client.js';
import type { ProxyRequest } from '../declaration/http.js';

export interface ProviderCallContext {
  readonly http: HttpClient;
  readonly events: EventBus;
  /** The provider plugin's name (`claude_api`, `codex`). */
  readonly provider: string;
}

export interface UpstreamCall {
  readonly url: string;
  readonly method?: string;
  /** Final headers, credentials included (lower-case names). */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly streaming: boolean;
  /** Upstream endpoint tag for logs and the summary (`/v1/messages`). */
  readonly endpoint: string;
  /** Overrides the non-streaming total timeout. */
  readonly timeoutMs?: number;
}

/**
 * Sends one provider request upstream: lets interceptors of `provider.request.prepared` rewrite or
 * reject it, ties it to the client's disconnect signal, records the upstream in the summary, and
 * emits `provider.response.received` / `provider.error`. Resolves at response headers, whatever the status.
 */
export async function callUpstream(context: ProviderCallContext, request: ProxyRequest, call: UpstreamCall): Promise<UpstreamResponse> {
  const method = call.method ?? 'POST';
  // Interceptors may rewrite the request; without any, the call goes out as built (no copies).
  const prepared = context.events.has('provider.request.prepared')
    ? await context.events.dispatch('provider.request.prepared', {
        request_id: request.id,
        provider: context.provider,
        endpoint: call.endpoint,
        is_streaming: call.streaming,
        method,
        url: call.url,
        headers: { ...call.headers },
        body: call.body,
      })
    : { url: call.url, method, headers: call.headers, body: call.body };
  request.summary.endpoint = call.endpoint;
  const started = performance.now();
  try {
    const response = await context.http.request({
      url: prepared.url,
      method: prepared.method,
      headers: prepared.headers,
      body: prepared.body,
      signal: request.cancellation,
      streaming: call.streaming,
      ...(call.timeoutMs === undefined ? {} : { timeoutMs: call.timeoutMs }),
    });
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    request.summary.upstream = { url: redactUrl(prepared.url), status: response.status, duration_ms: durationMs };
    if (context.events.has('provider.response.received')) {
      context.events.emit('provider.response.received', {
        request_id: request.id,
        provider: context.provider,
        url: redactUrl(prepared.url),
        method: prepared.method,
        status_code: response.status,
        duration_ms: durationMs,
      });
    }
    return response;
  } catch (error) {
    const failure = CcproxyError.is(error) ? error : new CcproxyError('UPSTREAM_CONNECTION', (error as Error).message, { cause: error });
    request.summary.upstream = { url: redactUrl(prepared.url), status: null, duration_ms: Math.round(performance.now() - started) };
    request.summary.error = { type: failure.type, message: failure.message };
    context.events.emit('provider.error', { request_id: request.id, provider: context.provider, url: redactUrl(prepared.url), phase: 'request', error: failure.message });
    throw failure;
  }
}

/** URLs in events and summaries never carry query-string secrets. */
export function redactUrl(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}
