import type { CostCalculator, TokenUsage } from '@ccproxy/core';
import type { PriceOverride } from '../config.js';
import { modelNameCandidates } from './model-name.js';
import { BUNDLED_PRICES, PRICE_TABLE_VERSION, type ModelPrice, type PriceRates } from './prices.js';

export interface PriceBook extends CostCalculator {
  /** The price used for a model, after name normalisation; `null` when unknown. */
  lookup(model: string): ModelPrice | null;
  readonly version: string;
  readonly modelCount: number;
  readonly overrideCount: number;
}

const MEMO_LIMIT = 2000;

function tokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The cost of one request in USD, rounded to 1e-9. Usage follows the Anthropic rule: `input_tokens`
 * already excludes cache reads and writes, so each token is charged exactly once. Reasoning tokens
 * are part of `output_tokens` and are not charged again.
 */
export function priceUsage(price: ModelPrice, usage: TokenUsage): number {
  const input = tokens(usage.input_tokens);
  const cacheRead = tokens(usage.cache_read_tokens);
  const cacheWrite = tokens(usage.cache_creation_tokens);
  const output = tokens(usage.output_tokens);
  const long = price.long_context;
  const rates: PriceRates = long && input + cacheRead + cacheWrite > long.threshold_tokens ? long : price;
  const total = (input * rates.input + output * rates.output + cacheRead * rates.cache_read + cacheWrite * rates.cache_write) / 1_000_000;
  return Math.round(total * 1e9) / 1e9;
}

/**
 * The bundled price table plus the user's overrides (which win, and may add models). Unknown models
 * cost `null`, never 0; `onUnknown` hears about each unknown model once.
 */
export function createPriceBook(overrides: Readonly<Record<string, PriceOverride>> = {}, onUnknown?: (model: string) => void): PriceBook {
  const table = new Map<string, ModelPrice>(Object.entries(BUNDLED_PRICES));
  for (const [model, override] of Object.entries(overrides)) {
    table.set(model.trim().toLowerCase(), {
      input: override.input,
      output: override.output,
      cache_read: override.cache_read ?? override.input,
      cache_write: override.cache_write ?? override.input,
    });
  }
  const memo = new Map<string, ModelPrice | null>();
  const reported = new Set<string>();

  function lookup(model: string): ModelPrice | null {
    const cached = memo.get(model);
    if (cached !== undefined) return cached;
    let found: ModelPrice | null = null;
    for (const candidate of modelNameCandidates(model)) {
      const price = table.get(candidate);
      if (price) {
        found = price;
        break;
      }
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(model, found);
    if (!found && onUnknown && !reported.has(model) && reported.size < MEMO_LIMIT) {
      reported.add(model);
      onUnknown(model);
    }
    return found;
  }

  return {
    lookup,
    cost(model, usage) {
      const price = lookup(model);
      return price ? priceUsage(price, usage) : null;
    },
    version: PRICE_TABLE_VERSION,
    modelCount: table.size,
    overrideCount: Object.keys(overrides).length,
  };
}
