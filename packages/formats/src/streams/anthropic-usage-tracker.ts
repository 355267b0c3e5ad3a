// Anthropic stream usage: message_start's snapshot merged with the cumulative message_delta values.
import type { JsonObject } from '../shared/json.js';
import { isObject } from '../shared/json.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromAnthropic } from '../usage.js';

/** Merges Anthropic usage snapshots: message_start, then the cumulative message_delta values. */
export class AnthropicUsageTracker {
  private raw: JsonObject | undefined;
  private cached: NormalizedUsage | undefined;

  merge(usage: unknown): void {
    if (!isObject(usage)) return;
    const next: JsonObject = this.raw ? { ...this.raw } : {};
    for (const key in usage) {
      const value = usage[key];
      if (value !== null && value !== undefined) next[key] = value;
    }
    this.raw = next;
    this.cached = undefined;
  }

  get usage(): NormalizedUsage | undefined {
    if (!this.raw) return undefined;
    this.cached ??= usageFromAnthropic(this.raw);
    return this.cached;
  }
}
