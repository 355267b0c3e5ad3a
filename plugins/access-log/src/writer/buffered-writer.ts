import type { Logger } from '@ccproxy/core';
import type { LineSink } from './line-sink.js';

export interface BufferedWriterOptions {
  sink: LineSink;
  /** Lines kept before a forced write. */
  bufferSize: number;
  /** Longest wait (ms) before buffered lines are written; also the retry delay after a failure. */
  flushIntervalMs: number;
  logger: Logger;
  /** Lines kept while the sink fails; past it the oldest are dropped. Default min(10 × bufferSize, 10 000), at least bufferSize. */
  maxPending?: number;
  /** Lines kept while a healthy sink is merely slower than the traffic (a burst). Default 100 000. */
  maxBurst?: number;
  now?: () => number;
}

export interface WriterStats {
  target: string;
  lines_written: number;
  lines_dropped: number;
  pending: number;
  failing: boolean;
  last_error: string | null;
  last_error_at: number | null;
}

const ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Buffers lines and writes them in one append per flush: when `bufferSize` lines are waiting, after
 * `flushIntervalMs`, and on `close()`. Writes are serialised. A failing sink never blocks or grows
 * memory without bound: lines are kept up to `maxPending`, the oldest dropped and counted, the
 * write retried on the next interval, and the error logged at most once a minute.
 */
export class BufferedLineWriter {
  readonly #sink: LineSink;
  readonly #bufferSize: number;
  readonly #intervalMs: number;
  readonly #maxPending: number;
  readonly #maxBurst: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;
  #written = 0;
  #dropped = 0;
  #failing = false;
  #lastError: string | null = null;
  #lastErrorAt: number | null = null;
  #lastErrorLogAt = Number.NEGATIVE_INFINITY;

  constructor(options: BufferedWriterOptions) {
    this.#sink = options.sink;
    this.#bufferSize = options.bufferSize;
    this.#intervalMs = options.flushIntervalMs;
    this.#maxPending = Math.max(options.maxPending ?? Math.min(options.bufferSize * 10, 10_000), options.bufferSize);
    this.#maxBurst = Math.max(options.maxBurst ?? 100_000, this.#maxPending);
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  write(line: string): void {
    if (this.#closed) {
      this.#dropped++;
      return;
    }
    this.#pending.push(line);
    if (this.#pending.length > this.#limit()) this.#dropOldest();
    if (this.#pending.length >= this.#bufferSize && !this.#failing) void this.flush();
    else this.#arm();
  }

  /** Writes everything buffered now; resolves when that write (and any queued behind it) is done. */
  flush(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    const run = this.#drain().finally(() => {
      this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  /** Final flush, then the sink is closed. Lines that still cannot be written are counted as dropped. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#disarm();
    await this.flush();
    if (this.#pending.length > 0) {
      this.#dropped += this.#pending.length;
      this.#pending = [];
    }
    await this.#sink.close();
  }

  reopen(): Promise<void> {
    return this.#sink.reopen();
  }

  stats(): WriterStats {
    return {
      target: this.#sink.target,
      lines_written: this.#written,
      lines_dropped: this.#dropped,
      pending: this.#pending.length,
      failing: this.#failing,
      last_error: this.#lastError,
      last_error_at: this.#lastErrorAt,
    };
  }

  async #drain(): Promise<void> {
    this.#disarm();
    do {
      this.#again = false;
      if (this.#pending.length === 0) continue;
      const batch = this.#pending;
      this.#pending = [];
      try {
        await this.#sink.write(`${batch.join('\n')}\n`);
        this.#written += batch.length;
        if (this.#failing) this.#logger.info({ target: this.#sink.target }, 'access_log_write_recovered');
        this.#failing = false;
      } catch (error) {
        this.#pending = batch.concat(this.#pending);
        this.#recordFailure(error);
        this.#dropOldest();
        if (!this.#closed) this.#arm();
        return;
      }
    } while (this.#again || this.#pending.length >= this.#bufferSize);
    if (this.#pending.length > 0 && !this.#closed) this.#arm();
  }

  /** A failing sink keeps few lines; a healthy one absorbs bursts while the current write finishes. */
  #limit(): number {
    return this.#failing ? this.#maxPending : this.#maxBurst;
  }

  #dropOldest(): void {
    const excess = this.#pending.length - this.#limit();
    if (excess <= 0) return;
    this.#pending.splice(0, excess);
    this.#dropped += excess;
  }

  #recordFailure(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const now = this.#now();
    this.#failing = true;
    this.#lastError = message;
    this.#lastErrorAt = now;
    if (now - this.#lastErrorLogAt >= ERROR_LOG_INTERVAL_MS) {
      this.#lastErrorLogAt = now;
      this.#logger.error({ target: this.#sink.target, error: message, pending: this.#pending.length, dropped: this.#dropped }, 'access_log_write_failed');
    }
  }

  #arm(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#intervalMs);
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
