import type { ProviderErrorEvent, ProviderResponseReceivedEvent, ProviderStreamEndEvent } from '@ccproxy/core';

/** Upstream URLs never carry our secrets, but strip userinfo in case a configured base URL does. */
function safeUrl(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

export type ProviderLineInput =
  | { kind: 'response'; event: ProviderResponseReceivedEvent; at: number }
  | { kind: 'stream_end'; event: ProviderStreamEndEvent; at: number; costUsd: number | null }
  | { kind: 'error'; event: ProviderErrorEvent; at: number };

/**
 * One JSON line per upstream call, keys in the Python order (timestamp … model) plus `error`,
 * `event` and the stream totals. Written when the call completes: response, stream end or error.
 */
export function providerLine(input: ProviderLineInput): string {
  const base = { timestamp: input.at / 1000, request_id: input.event.request_id, provider: input.event.provider };
  switch (input.kind) {
    case 'response': {
      const { event } = input;
      return JSON.stringify({ ...base, method: event.method, url: safeUrl(event.url), status_code: event.status_code, duration_ms: event.duration_ms, event: 'response' });
    }
    case 'stream_end': {
      const { event } = input;
      const usage = event.usage;
      return JSON.stringify({
        ...base,
        url: safeUrl(event.url),
        status_code: event.aborted ? undefined : 200,
        tokens_input: usage?.input_tokens,
        tokens_output: usage?.output_tokens,
        cache_read_tokens: usage?.cache_read_tokens,
        cache_write_tokens: usage?.cache_creation_tokens,
        cost_usd: input.costUsd ?? undefined,
        model: event.model ?? undefined,
        error: event.aborted ? (event.reason ?? 'aborted') : undefined,
        event: 'stream_end',
        total_chunks: event.total_chunks,
        total_bytes: event.total_bytes,
        aborted: event.aborted || undefined,
      });
    }
    case 'error': {
      const { event } = input;
      return JSON.stringify({ ...base, url: safeUrl(event.url), error: event.error, event: 'error', phase: event.phase });
    }
  }
}
