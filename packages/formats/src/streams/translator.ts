// The contract between the SSE/JSON front end (stream-converter.ts) and one direction's state machine.
import type { JsonObject } from '../shared/json.js';
import { asObject, isObject } from '../shared/json.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromAnthropic } from '../usage.js';
import type { StreamFailure } from './output.js';

export interface StreamTranslator {
  /** One upstream JSON event (`type` filled from the SSE event name when missing). */
  event(event: JsonObject): void;
  /** The upstream's `data: [DONE]`. */
  done(): void;
  /** End of upstream input: close whatever is open and write the target's final events. */
  end(): void;
  /** The upstream failed (transport error, timeout …): write the target's error event(s). */
  fail(failure: StreamFailure): void;
  readonly usage: NormalizedUsage | undefined;
  readonly model: string | undefined;
  /** Saw the upstream's normal end (message_stop, response.completed/incomplete, finish/[DONE]). */
  readonly finished: boolean;
}

/** Merges Anthropic usage snapshots: message_start, then the cumulative message_delta values. */
export class AnthropicUsageTracker {
  private raw: JsonObject | undefined;
  private cached: NormalizedUsage | undefined;

  merge(usage: unknown): void {
    if (!isObject(usage)) return;
    const next: JsonObject = this.raw ? { ...this.raw } : {};
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) next[key] = value;
    this.raw = next;
    this.cached = undefined;
  }

  get usage(): NormalizedUsage | undefined {
    if (!this.raw) return undefined;
    this.cached ??= usageFromAnthropic(this.raw);
    return this.cached;
  }
}

/** The `message` of a message_start event, or an empty object. */
export function startMessage(event: JsonObject): JsonObject {
  return asObject(event['message']) ?? {};
}
