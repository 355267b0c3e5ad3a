import { ApprovalApiError, type ApprovalClient, type StreamMessage } from './approval-client.js';

/** Back-off between reconnection attempts (§3.7): five tries, then give up. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 16_000];

export interface FollowOptions {
  signal: AbortSignal;
  /** Reconnect when the server ends the stream normally (default true). */
  reconnect: boolean;
  retryDelaysMs?: readonly number[];
  /** Pause before reconnecting after a normal end. */
  reconnectDelayMs?: number;
  onConnected(): void;
  onMessage(message: StreamMessage): void;
  onRetry(attempt: number, delayMs: number, error: ApprovalApiError): void;
}

export type FollowOutcome = { readonly outcome: 'ended' | 'aborted' } | { readonly outcome: 'failed'; readonly error: ApprovalApiError };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** 502/503/504 and network failures are worth retrying; a 401 or a 404 will not get better. */
function retryable(error: ApprovalApiError): boolean {
  if (error.kind === 'connection') return true;
  return error.kind === 'server' && (error.status === 502 || error.status === 503 || error.status === 504);
}

/**
 * Follows `GET /permissions/stream` across disconnects: a normal end reconnects after a pause (and
 * resets the failure count); connection failures retry with back-off until the delays run out.
 */
export async function followStream(client: ApprovalClient, options: FollowOptions): Promise<FollowOutcome> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let failures = 0;
  while (!options.signal.aborted) {
    let connected = false;
    try {
      for await (const message of client.stream(options.signal)) {
        if (!connected) {
          connected = true;
          failures = 0;
          options.onConnected();
        }
        options.onMessage(message);
      }
      if (options.signal.aborted) return { outcome: 'aborted' };
      if (!options.reconnect) return { outcome: 'ended' };
      await sleep(options.reconnectDelayMs ?? 1000, options.signal);
    } catch (error) {
      if (options.signal.aborted) return { outcome: 'aborted' };
      if (!(error instanceof ApprovalApiError)) throw error;
      if (!retryable(error) || failures >= delays.length) return { outcome: 'failed', error };
      const delay = delays[failures] ?? 1000;
      failures++;
      options.onRetry(failures, delay, error);
      await sleep(delay, options.signal);
    }
  }
  return { outcome: 'aborted' };
}
