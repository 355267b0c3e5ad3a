import type { TokenUsage } from '@ccproxy/core';
import { usageFromAnthropic, type NormalizedUsage } from '@ccproxy/formats';

/** The summary's usage (snake_case, input excludes cache reads and writes, as Anthropic counts). */
export function toTokenUsage(usage: NormalizedUsage | undefined): TokenUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_creation_tokens: usage.cacheCreationTokens,
    reasoning_tokens: usage.reasoningTokens,
  };
}

/** Usage of a whole Anthropic message, null when it has none. */
export function usageOfMessage(body: unknown): TokenUsage | null {
  if (typeof body !== 'object' || body === null) return null;
  const usage = (body as Record<string, unknown>)['usage'];
  return typeof usage === 'object' && usage !== null ? toTokenUsage(usageFromAnthropic(usage)) : null;
}
