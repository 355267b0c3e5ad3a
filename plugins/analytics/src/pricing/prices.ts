/**
 * Bundled list prices, USD per million tokens, for the models ccproxy serves. Versioned data: bump
 * `PRICE_TABLE_VERSION` with every edit. Users on a subscription do not pay these; the figures are an
 * "API-equivalent cost". Override or extend them with `plugins.analytics.pricing`.
 *
 * `cache_write` is the 5-minute cache write rate (Anthropic: 1.25 × input; OpenAI has no write premium,
 * so it equals input). `cache_read` is the cached-input rate.
 */
export interface PriceRates {
  readonly input: number;
  readonly output: number;
  readonly cache_read: number;
  readonly cache_write: number;
}

export interface ModelPrice extends PriceRates {
  /** Long-context tier: used for the whole request when its prompt (input + cache) exceeds `threshold_tokens`. */
  readonly long_context?: PriceRates & { readonly threshold_tokens: number };
}

export const PRICE_TABLE_VERSION = '2026-03-01';

function anthropic(input: number, output: number): PriceRates {
  return { input, output, cache_read: round(input * 0.1), cache_write: round(input * 1.25) };
}

function openai(input: number, output: number, cachedInput: number): PriceRates {
  return { input, output, cache_read: cachedInput, cache_write: input };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Sonnet 4 and 4.5 bill prompts above 200k tokens (1M-context beta) at the premium rates. */
const SONNET_LONG_CONTEXT = { ...anthropic(6, 22.5), threshold_tokens: 200_000 };

export const BUNDLED_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Anthropic: https://docs.claude.com/en/docs/about-claude/pricing
  'claude-opus-4-6': anthropic(5, 25),
  'claude-opus-4-5': anthropic(5, 25),
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4-6': anthropic(3, 15),
  'claude-sonnet-4-5': { ...anthropic(3, 15), long_context: SONNET_LONG_CONTEXT },
  'claude-sonnet-4': { ...anthropic(3, 15), long_context: SONNET_LONG_CONTEXT },
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-3-5-sonnet': anthropic(3, 15),
  'claude-3-sonnet': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-haiku': { input: 0.25, output: 1.25, cache_read: 0.03, cache_write: 0.3 },
  'claude-3-opus': anthropic(15, 75),

  // OpenAI: https://platform.openai.com/docs/pricing (standard tier)
  'gpt-5.4': openai(2.5, 15, 0.25),
  'gpt-5.3-codex': openai(1.75, 14, 0.175),
  'gpt-5.2': openai(1.75, 14, 0.175),
  'gpt-5.2-codex': openai(1.75, 14, 0.175),
  'gpt-5.1': openai(1.25, 10, 0.125),
  'gpt-5.1-codex': openai(1.25, 10, 0.125),
  'gpt-5.1-codex-max': openai(1.25, 10, 0.125),
  'gpt-5.1-codex-mini': openai(0.25, 2, 0.025),
  'gpt-5': openai(1.25, 10, 0.125),
  'gpt-5-codex': openai(1.25, 10, 0.125),
  'gpt-5-codex-mini': openai(0.25, 2, 0.025),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  'codex-mini-latest': openai(1.5, 6, 0.375),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-4.1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4.1-nano': openai(0.1, 0.4, 0.025),
  'gpt-4o': openai(2.5, 10, 1.25),
  'gpt-4o-mini': openai(0.15, 0.6, 0.075),
  o3: openai(2, 8, 0.5),
  'o3-mini': openai(1.1, 4.4, 0.55),
  'o4-mini': openai(1.1, 4.4, 0.275),
  o1: openai(15, 60, 7.5),
};
