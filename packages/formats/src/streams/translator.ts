// The contract between the SSE/JSON front end (stream-converter.ts) and one direction's state machine.
import type { NormalizedUsage } from '../usage.js';
import type { JsonObject } from '../shared/json.js';
import type { StreamFailure } from './output.js';

/** What has been read from the upstream stream so far (kept by the source format's reader). */
export interface UpstreamReadings {
  readonly usage: NormalizedUsage | undefined;
  readonly model: string | undefined;
  /** Saw the upstream's normal end (message_stop, response.completed/incomplete, finish/[DONE]). */
  readonly finished: boolean;
}

export interface StreamTranslator {
  /** One upstream JSON event (`type` filled from the SSE event name when missing). */
  event(event: JsonObject): void;
  /** The upstream's `data: [DONE]`. */
  done(): void;
  /** End of upstream input: close whatever is open and write the target's final events. */
  end(): void;
  /** The upstream failed (transport error, timeout …): write the target's error event(s). */
  fail(failure: StreamFailure): void;
  readonly upstream: UpstreamReadings;
}
