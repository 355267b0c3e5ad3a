import type { Logger } from '@ccproxy/core';
import type { AnalyticsStore } from './types.js';
import { explainOpenError, type StoreOpenError, type StoreProblem } from './duckdb/open-error.js';

export interface StoreStatus {
  state: 'open' | 'unavailable' | 'closed';
  error: string | null;
  problem: StoreProblem | null;
  error_since: number | null;
  next_attempt_in_ms: number | null;
}

/**
 * Owns the store's lifecycle: opens it lazily, and when the file cannot be opened (locked by
 * another process, corrupt) keeps the error for health, logs it clearly once, and tries again at
 * most every `retryMs` — so fixing the file resumes ingestion without a restart.
 */
export class StoreHolder {
  readonly #open: () => Promise<AnalyticsStore>;
  readonly #retryMs: number;
  readonly #logger: Logger;
  readonly #onOpen: (store: AnalyticsStore) => void;
  readonly #now: () => number;
  #store: AnalyticsStore | undefined;
  #opening: Promise<AnalyticsStore | undefined> | undefined;
  #lastAttemptAt = Number.NEGATIVE_INFINITY;
  #error: StoreOpenError | undefined;
  #errorSince: number | null = null;
  #closed = false;

  constructor(options: { open: () => Promise<AnalyticsStore>; retryMs: number; logger: Logger; onOpen: (store: AnalyticsStore) => void; now?: () => number }) {
    this.#open = options.open;
    this.#retryMs = options.retryMs;
    this.#logger = options.logger;
    this.#onOpen = options.onOpen;
    this.#now = options.now ?? Date.now;
  }

  get current(): AnalyticsStore | undefined {
    return this.#store;
  }

  /** The open store, opening it if the last failed attempt is old enough; undefined while unavailable. */
  async get(): Promise<AnalyticsStore | undefined> {
    if (this.#store || this.#closed) return this.#store;
    if (this.#opening) return this.#opening;
    if (this.#now() - this.#lastAttemptAt < this.#retryMs) return undefined;
    return this.tryOpen();
  }

  /** Opens now (single flight), whatever the retry delay. */
  tryOpen(): Promise<AnalyticsStore | undefined> {
    if (this.#store || this.#closed) return Promise.resolve(this.#store);
    this.#opening ??= this.#attempt().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  status(): StoreStatus {
    if (this.#closed) return { state: 'closed', error: null, problem: null, error_since: null, next_attempt_in_ms: null };
    if (this.#store) return { state: 'open', error: null, problem: null, error_since: null, next_attempt_in_ms: null };
    return {
      state: 'unavailable',
      error: this.#error?.message ?? null,
      problem: this.#error?.problem ?? null,
      error_since: this.#errorSince,
      next_attempt_in_ms: Math.max(0, Math.round(this.#lastAttemptAt + this.#retryMs - this.#now())),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#opening;
    const store = this.#store;
    this.#store = undefined;
    await store?.close();
  }

  async #attempt(): Promise<AnalyticsStore | undefined> {
    this.#lastAttemptAt = this.#now();
    try {
      const store = await this.#open();
      if (this.#closed) {
        await store.close();
        return undefined;
      }
      if (this.#error) this.#logger.info({ database: store.location }, 'analytics_database_recovered');
      this.#error = undefined;
      this.#errorSince = null;
      this.#store = store;
      this.#onOpen(store);
      return store;
    } catch (error) {
      const explained = explainOpenError(error, '(analytics database)');
      const repeated = this.#error?.message === explained.message;
      if (!repeated) {
        this.#errorSince = this.#now();
        this.#logger.error(
          { problem: explained.problem, retry_in_seconds: Math.round(this.#retryMs / 1000), cause: (explained.cause as Error | undefined)?.message },
          `analytics_database_unavailable: ${explained.message}; requests are still served, analytics rows are queued (bounded) until it opens`,
        );
      }
      this.#error = explained;
      return undefined;
    }
  }
}
