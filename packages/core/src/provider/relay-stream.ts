import { CcproxyError } from '../errors/ccproxy-error.js';
import type { UpstreamResponse } from '../declaration/http-client.js';
import type { ProxyRequest } from '../declaration/http.js';
import type { TokenUsage } from '../declaration/events.js';
import { redactUrl, type ProviderCallContext } from './call-upstream.js';

/** The shape of a `@ccproxy/formats` stream converter (structural: core does not depend on formats). */
export interface StreamTransform {
  push(chunk: Uint8Array | string): string;
  end(): string;
  fail(error: { status?: number; type?: string; message: string }): string;
  /**
   * True when `push()` only observes: the upstream bytes are relayed as they came (no decode and
   * re-encode) and only `end()` / `fail()` add text.
   */
  readonly forwardsInput?: boolean;
}

export interface RelayOptions {
  /** Converts (or just observes) the upstream SSE; omitted = bytes relayed untouched. */
  readonly transform?: StreamTransform;
  /** Called once when the stream is over (normally, failed or aborted) to fill the summary. */
  onFinish?(outcome: { completed: boolean; aborted: boolean; error: CcproxyError | undefined }): { usage: TokenUsage | null; model: string | null } | void;
}

/**
 * Relays an upstream SSE body to the client as it arrives — never buffered whole. A client
 * disconnect aborts the upstream call (the request signal is wired into it); an upstream failure
 * after the headers becomes the client format's error event, then the generator throws that error
 * (so the app records the request as failed); `provider.stream.*` events bracket it.
 */
export async function* relayStream(context: ProviderCallContext, request: ProxyRequest, upstream: UpstreamResponse, options: RelayOptions = {}): AsyncGenerator<string | Buffer> {
  const { transform } = options;
  const forwardsInput = transform?.forwardsInput === true;
  const url = redactUrl(request.summary.upstream?.url ?? '');
  let chunks = 0;
  let bytes = 0;
  let completed = false;
  let failure: CcproxyError | undefined;
  if (context.events.has('provider.stream.start')) {
    context.events.emit('provider.stream.start', { request_id: request.id, provider: context.provider, url, status_code: upstream.status });
  }
  try {
    for await (const chunk of upstream.body) {
      chunks++;
      bytes += chunk.length;
      if (!transform) {
        yield chunk;
        continue;
      }
      const out = transform.push(chunk);
      if (forwardsInput) yield chunk;
      else if (out) yield out;
    }
    completed = true;
    if (transform) {
      const tail = transform.end();
      if (tail) yield tail;
    }
  } catch (error) {
    if (!request.cancellation.aborted) {
      failure = CcproxyError.is(error) ? error : new CcproxyError('UPSTREAM_CONNECTION', (error as Error).message, { cause: error });
      request.summary.error = { type: failure.type, message: `upstream stream failed: ${failure.message}` };
      context.events.emit('provider.error', { request_id: request.id, provider: context.provider, url, phase: 'stream', error: failure.message });
      if (transform) {
        const out = transform.fail({ status: failure.status, type: failure.type, message: failure.message });
        if (out) yield out;
      }
    }
  } finally {
    if (!completed) upstream.abort();
    const aborted = request.cancellation.aborted;
    const result = options.onFinish?.({ completed, aborted, error: failure }) ?? undefined;
    if (result) {
      request.summary.usage = result.usage ?? request.summary.usage;
      if (result.model) request.summary.model_sent ??= result.model;
    }
    if (context.events.has('provider.stream.end')) {
      context.events.emit('provider.stream.end', {
        request_id: request.id,
        provider: context.provider,
        url,
        total_chunks: chunks,
        total_bytes: bytes,
        aborted: aborted || (!completed && failure === undefined),
        reason: aborted ? 'client_disconnected' : failure ? failure.message : completed ? null : 'stopped',
        usage: request.summary.usage,
        model: request.summary.model_sent,
      });
    }
  }
  // After the client format's error event: the consumer (the app) must see that the stream failed,
  // so the request ends as `request.failed` rather than a normal completion.
  if (failure) throw failure;
}

/** Reads an upstream error body (bounded), parsed as JSON when it is JSON. */
export async function readErrorBody(upstream: UpstreamResponse, limitBytes = 1_048_576): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upstream.body) {
    size += chunk.length;
    if (size > limitBytes) {
      upstream.abort();
      break;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Upstream headers worth keeping on an error response: retry hints and rate-limit state. */
export function retryHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'retry-after' || name === 'retry-after-ms' || name.includes('ratelimit') || name === 'request-id' || name === 'x-request-id') {
      kept[name === 'x-request-id' ? 'upstream-request-id' : name] = value;
    }
  }
  return kept;
}
