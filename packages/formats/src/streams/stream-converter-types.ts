// The public stream converter contract.
import type { NormalizedUsage } from '../usage.js';
import type { StreamFailure } from './output.js';

/** Incremental stream converter: feed upstream SSE bytes in any chunking; get client-format SSE text out. */
export interface StreamConverter {
  /** Returns the SSE text to send now ('' if nothing yet). */
  push(chunk: Uint8Array | string): string;
  /** Upstream ended: flush, close what is open, and add the target's terminator (`data: [DONE]` only for Chat). */
  end(): string;
  /** Upstream failed mid-stream: the target format's error event (Chat: then `data: [DONE]`). */
  fail(error: StreamFailure): string;
  /** Final usage once known (updated as the stream goes). */
  readonly usage: NormalizedUsage | undefined;
  /** The model the upstream reported. */
  readonly model: string | undefined;
  /** Whether the upstream's normal end was seen. */
  readonly finished: boolean;
  /** True for an observer (`createStreamObserver`): the caller relays the upstream bytes itself. */
  readonly forwardsInput?: boolean;
}
