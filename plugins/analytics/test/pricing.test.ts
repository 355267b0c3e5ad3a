import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES, createPriceBook, modelNameCandidates, priceUsage } from '../src/index.js';

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0, reasoning = 0) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_tokens: cacheRead,
  cache_creation_tokens: cacheWrite,
  reasoning_tokens: reasoning,
});

describe('priceUsage', () => {
  it('sums the four terms per million tokens (spec example: 0.021 USD)', () => {
    const price = { input: 3, output: 15, cache_write: 3.75, cache_read: 0.3 };
    expect(priceUsage(price, usage(1000, 500, 10_000, 2000))).toBe(0.021);
  });

  it('charges cached tokens once: input_tokens already excludes the cache (Anthropic rule)', () => {
    const book = createPriceBook();
    // Codex: 1000 prompt tokens of which 800 cached → the summary carries input 200 + cache_read 800.
    const cost = book.cost('gpt-5-codex', usage(200, 100, 800));
    expect(cost).toBeCloseTo((200 * 1.25 + 800 * 0.125 + 100 * 10) / 1e6, 12);
    // Double counting would have charged all 1000 at the input rate as well.
    expect(cost).toBeLessThan((1000 * 1.25 + 800 * 0.125 + 100 * 10) / 1e6);
  });

  it('does not charge reasoning tokens again (they are part of output_tokens)', () => {
    const book = createPriceBook();
    expect(book.cost('gpt-5', usage(100, 50, 0, 0, 40))).toBe(book.cost('gpt-5', usage(100, 50)));
  });

  it('uses the long-context tier above 200k prompt tokens where one exists', () => {
    const book = createPriceBook();
    expect(book.cost('claude-sonnet-4-5', usage(100_000, 1000))).toBeCloseTo((100_000 * 3 + 1000 * 15) / 1e6, 9);
    expect(book.cost('claude-sonnet-4-5', usage(150_000, 1000, 60_000))).toBeCloseTo((150_000 * 6 + 1000 * 22.5 + 60_000 * 0.6) / 1e6, 9);
  });

  it('ignores negative and non-finite counts and rounds to 1e-9', () => {
    const price = { input: 1, output: 1, cache_read: 1, cache_write: 1 };
    expect(priceUsage(price, usage(-5, Number.NaN, 1))).toBe(0.000001);
    expect(priceUsage(price, usage(1, 0))).toBe(0.000001);
  });
});

describe('createPriceBook', () => {
  it('returns null (not 0) for an unknown model and reports it once', () => {
    const unknown: string[] = [];
    const book = createPriceBook({}, (model) => unknown.push(model));
    expect(book.cost('my-local-llama', usage(10, 10))).toBeNull();
    expect(book.cost('my-local-llama', usage(10, 10))).toBeNull();
    expect(unknown).toEqual(['my-local-llama']);
  });

  it('normalises dated, prefixed, dotted and tagged model names', () => {
    const book = createPriceBook();
    const sonnet = BUNDLED_PRICES['claude-sonnet-4-5'];
    for (const name of ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5', 'Claude-Sonnet-4.5', 'claude-sonnet-4-5[1m]', 'claude-sonnet-4-5@20250929', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0']) {
      expect(book.lookup(name), name).toBe(sonnet);
    }
    expect(book.lookup('claude-opus-4-0')).toBe(BUNDLED_PRICES['claude-opus-4']);
    expect(book.lookup('claude-opus-4-20250514')).toBe(BUNDLED_PRICES['claude-opus-4']);
    expect(book.lookup('claude-3-5-haiku-latest')).toBe(BUNDLED_PRICES['claude-3-5-haiku']);
    expect(book.lookup('gpt-5-2025-08-07')).toBe(BUNDLED_PRICES['gpt-5']);
    expect(book.lookup('openai/gpt-4.1-mini')).toBe(BUNDLED_PRICES['gpt-4.1-mini']);
    expect(book.lookup('codex-mini-latest')).toBe(BUNDLED_PRICES['codex-mini-latest']);
  });

  it('never guesses across families', () => {
    const book = createPriceBook();
    expect(book.lookup('claude-sonnet-9')).toBeNull();
    expect(book.lookup('gpt-5-turbo-ultra')).toBeNull();
    expect(modelNameCandidates('claude-sonnet-4-5-20250929')).not.toContain('claude-sonnet');
  });

  it('lets config override and add prices (cache rates default to the input rate)', () => {
    const book = createPriceBook({ 'claude-sonnet-4-5': { input: 1, output: 2, cache_read: 0.5, cache_write: 1.5 }, 'my-model': { input: 4, output: 8 } });
    expect(book.cost('claude-sonnet-4-5-20250929', usage(1_000_000, 0, 1_000_000, 1_000_000))).toBe(3);
    expect(book.cost('my-model', usage(1_000_000, 1_000_000, 1_000_000, 1_000_000))).toBe(20);
    expect(book.overrideCount).toBe(2);
  });

  it('covers the current Claude and OpenAI/Codex models', () => {
    const book = createPriceBook();
    for (const model of ['claude-opus-4-6', 'claude-opus-4-5', 'claude-opus-4-1', 'claude-sonnet-4-6', 'claude-sonnet-4-20250514', 'claude-haiku-4-5-20251001', 'claude-3-5-haiku-20241022', 'claude-3-7-sonnet-20250219', 'gpt-5', 'gpt-5-codex', 'gpt-5.1', 'gpt-5.1-codex-max', 'gpt-5.2-codex', 'gpt-5.3-codex', 'gpt-4.1', 'o3', 'o4-mini', 'gpt-4o-mini']) {
      expect(book.cost(model, usage(1000, 1000)), model).toBeGreaterThan(0);
    }
  });
});
