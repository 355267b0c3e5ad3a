import type { Logger } from '@ccproxy/core';
import { SerialQueue } from '../store/serial.js';
import type { AnalyticsStore, NewLogRow } from '../store/types.js';

export interface IngestStats {
  depth: number;
  max: number;
  written: number;
  dropped: number;
  conflicts: number;
  failed_batches: number;
  last_error: string | null;
  last_error_at: number | null;
  last_write_at: number | null;
}

export interface IngestQueueOptions {
  /** The store, or undefined while it is unavailable (rows wait, bounded). */
  store: () => Promise<AnalyticsStore | undefined>;
  maxQueue: number;
  batchSize: number;
  flushMs: number;
  logger: Logger;
  now?: () => number;
}

const WARN_INTERVAL_MS = 60_000;
const MAX_ATTEMPTS = 3;

/**
 * The single writer between the summary event and the store. `push` never waits and never throws:
 * rows queue in memory (bounded; past `maxQueue` new rows are dropped and counted) and one loop
 * writes them in batches of up to `batchSize`, as soon as a batch is full or after `flushMs`.
 * A batch that fails three times is dropped and counted, so one bad row cannot stall the queue.
 */
export class IngestQueue {
  readonly #options: IngestQueueOptions;
  readonly #now: () => number;
  #queue: NewLogRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** Runs never overlap: the scheduled writer, `flush` and `close` all go through here. */
  readonly #runner = new SerialQueue();
  #scheduled = false;
  #accepting = true;
  #attempts = 0;
  #lastRunFailed = false;
  #written = 0;
  #dropped = 0;
  #conflicts = 0;
  #failedBatches = 0;
  #lastError: string | null = null;
  #lastErrorAt: number | null = null;
  #lastWriteAt: number | null = null;
  #lastDropWarnAt = Number.NEGATIVE_INFINITY;

  constructor(options: IngestQueueOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  push(row: NewLogRow): void {
    if (!this.#accepting || this.#queue.length >= this.#options.maxQueue) {
      this.#drop(1, this.#accepting ? 'queue_full' : 'shutting_down');
      return;
    }
    this.#queue.push(row);
    this.#schedule(this.#queue.length >= this.#options.batchSize && !this.#lastRunFailed);
  }

  stats(): IngestStats {
    return {
      depth: this.#queue.length,
      max: this.#options.maxQueue,
      written: this.#written,
      dropped: this.#dropped,
      conflicts: this.#conflicts,
      failed_batches: this.#failedBatches,
      last_error: this.#lastError,
      last_error_at: this.#lastErrorAt,
      last_write_at: this.#lastWriteAt,
    };
  }

  /** Writes now whatever is queued (tests, the flush before a reset). */
  async flush(): Promise<void> {
    this.#clearTimer();
    await this.#runner.run(() => this.#run(true));
  }

  /**
   * Shutdown: stop accepting rows, write everything queued within `deadlineMs`, count the rest as
   * dropped. Resolves with the number of rows that could not be written.
   */
  async close(deadlineMs: number): Promise<number> {
    this.#accepting = false;
    this.#clearTimer();
    const deadline = this.#now() + deadlineMs;
    while (this.#queue.length > 0 && this.#now() < deadline) {
      const before = this.#queue.length;
      const outcome = await this.#runner.run(() => this.#run(true));
      // No database to write to: waiting for the deadline would only delay the shutdown.
      if (outcome === 'no_store') break;
      if (this.#queue.length >= before) await new Promise((done) => setTimeout(done, Math.min(100, this.#options.flushMs)));
    }
    const lost = this.#queue.length;
    if (lost > 0) {
      this.#dropped += lost;
      this.#queue = [];
      this.#options.logger.warn({ rows: lost }, 'analytics_rows_not_written_at_shutdown');
    }
    return lost;
  }

  #schedule(immediate: boolean): void {
    if (this.#scheduled || !this.#accepting) return;
    if (immediate) {
      this.#clearTimer();
      this.#scheduled = true;
      void this.#runner
        .run(() => this.#run(false))
        .catch(() => undefined)
        .finally(() => {
          this.#scheduled = false;
          if (this.#queue.length > 0) this.#schedule(this.#queue.length >= this.#options.batchSize && !this.#lastRunFailed);
        });
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#schedule(true);
    }, this.#options.flushMs);
    this.#timer.unref();
  }

  async #run(all: boolean): Promise<'ok' | 'no_store' | 'failed'> {
    const store = await this.#options.store();
    if (!store) {
      this.#lastRunFailed = true;
      return 'no_store';
    }
    this.#lastRunFailed = false;
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#options.batchSize);
      try {
        const result = await store.insertBatch(batch);
        this.#queue.splice(0, batch.length);
        this.#written += result.inserted;
        this.#conflicts += result.conflicts;
        this.#lastWriteAt = this.#now();
        this.#attempts = 0;
      } catch (error) {
        this.#attempts++;
        this.#failedBatches++;
        this.#lastError = error instanceof Error ? error.message : String(error);
        this.#lastErrorAt = this.#now();
        this.#lastRunFailed = true;
        if (this.#attempts >= MAX_ATTEMPTS) {
          this.#queue.splice(0, batch.length);
          this.#attempts = 0;
          this.#drop(batch.length, 'write_failed');
        }
        this.#options.logger.error({ err: error, rows: batch.length, attempt: this.#attempts }, 'analytics_batch_write_failed');
        return 'failed';
      }
      // A small remainder waits for the timer, so batches stay large under load.
      if (!all && this.#queue.length < this.#options.batchSize) return 'ok';
    }
    return 'ok';
  }

  #drop(rows: number, reason: string): void {
    this.#dropped += rows;
    const now = this.#now();
    if (now - this.#lastDropWarnAt >= WARN_INTERVAL_MS) {
      this.#lastDropWarnAt = now;
      this.#options.logger.warn({ reason, dropped_total: this.#dropped, depth: this.#queue.length, max: this.#options.maxQueue }, 'analytics_rows_dropped');
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
