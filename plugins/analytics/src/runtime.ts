import type { HealthReport, Logger, RequestSummary, Settings } from '@ccproxy/core';
import type { AnalyticsConfig } from './config.js';
import type { IngestQueue, IngestStats } from './ingest/ingest-queue.js';
import type { LiveFeed } from './live/live-feed.js';
import type { PriceBook } from './pricing/price-book.js';
import { rowFromSummary } from './store/row-from-summary.js';
import type { StoreHolder, StoreStatus } from './store/store-holder.js';

export interface RetentionState {
  last_run_at: number | null;
  last_deleted: number;
  total_deleted: number;
  last_error: string | null;
}

/** What `/logs/health` answers. */
export interface LogsHealth {
  status: 'healthy' | 'degraded' | 'unavailable';
  enabled: true;
  backend: 'duckdb';
  database_path: string;
  row_count: number | null;
  schema_version: number | null;
  store: StoreStatus;
  queue: IngestStats;
  retention: RetentionState & { max_age_days: number; max_rows: number; interval_seconds: number };
  stream: { enabled: boolean; subscribers: number };
  pricing: { version: string; models: number; overrides: number };
}

export interface AnalyticsRuntimeParts {
  config: AnalyticsConfig;
  settings: Settings;
  logger: Logger;
  databasePath: string;
  holder: StoreHolder;
  queue: IngestQueue;
  live: LiveFeed;
  prices: PriceBook;
  signal: AbortSignal;
}

/** Recent write failures (after the last good write) make the store "degraded". */
const DEGRADED_WINDOW_MS = 5 * 60_000;

/** Lets observers already queued on the hook bus run before the final drain (shutdown ordering). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((done) => setImmediate(done));
}

/** The analytics plugin's live state, handed to its routes, hooks, task and CLI-free helpers. */
export class AnalyticsRuntime {
  readonly config: AnalyticsConfig;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly databasePath: string;
  readonly holder: StoreHolder;
  readonly queue: IngestQueue;
  readonly live: LiveFeed;
  readonly prices: PriceBook;
  readonly signal: AbortSignal;
  readonly retention: RetentionState = { last_run_at: null, last_deleted: 0, total_deleted: 0, last_error: null };
  readonly #excluded: readonly string[];

  constructor(parts: AnalyticsRuntimeParts) {
    this.config = parts.config;
    this.settings = parts.settings;
    this.logger = parts.logger;
    this.databasePath = parts.databasePath;
    this.holder = parts.holder;
    this.queue = parts.queue;
    this.live = parts.live;
    this.prices = parts.prices;
    this.signal = parts.signal;
    this.#excluded = parts.config.exclude_paths;
  }

  /** The summary observer: map and enqueue, nothing else (never waits on the database). */
  ingest(summary: RequestSummary): void {
    for (const prefix of this.#excluded) if (summary.path.startsWith(prefix)) return;
    this.queue.push(rowFromSummary(summary));
  }

  /** The retention task: age first, then row count. Returns false (task backs off) on failure. */
  async runRetention(now = Date.now()): Promise<boolean> {
    const store = this.holder.current;
    if (!store) return true;
    try {
      let deleted = 0;
      if (this.config.max_age_days > 0) deleted += await store.deleteBefore(now - this.config.max_age_days * 86_400_000);
      if (this.config.max_rows > 0) deleted += await store.trimToNewest(this.config.max_rows);
      this.retention.last_run_at = now;
      this.retention.last_deleted = deleted;
      this.retention.total_deleted += deleted;
      this.retention.last_error = null;
      if (deleted > 0) this.logger.info({ deleted, max_age_days: this.config.max_age_days, max_rows: this.config.max_rows }, 'analytics_retention_deleted_rows');
      return true;
    } catch (error) {
      this.retention.last_error = error instanceof Error ? error.message : String(error);
      this.logger.warn({ err: error }, 'analytics_retention_failed');
      return false;
    }
  }

  async healthReport(): Promise<LogsHealth> {
    const store = this.holder.current;
    const queue = this.queue.stats();
    let rowCount: number | null = null;
    let schemaVersion: number | null = null;
    if (store) {
      try {
        const info = await store.info();
        rowCount = info.rowCount;
        schemaVersion = info.schemaVersion;
      } catch {
        rowCount = null;
      }
    }
    const recentFailure = queue.last_error_at !== null && Date.now() - queue.last_error_at < DEGRADED_WINDOW_MS && (queue.last_write_at === null || queue.last_error_at > queue.last_write_at);
    const status = !store ? 'unavailable' : recentFailure ? 'degraded' : 'healthy';
    return {
      status,
      enabled: true,
      backend: 'duckdb',
      database_path: this.databasePath,
      row_count: rowCount,
      schema_version: schemaVersion,
      store: this.holder.status(),
      queue,
      retention: { ...this.retention, max_age_days: this.config.max_age_days, max_rows: this.config.max_rows, interval_seconds: this.config.retention_interval_seconds },
      stream: { enabled: this.config.stream_enabled, subscribers: this.live.size },
      pricing: { version: this.prices.version, models: this.prices.modelCount, overrides: this.prices.overrideCount },
    };
  }

  /** Plugin health: `warn` (never `fail`) so a broken analytics file never marks the proxy down. */
  async health(): Promise<HealthReport> {
    const report = await this.healthReport();
    const details: Record<string, unknown> = { ...report };
    if (report.status === 'unavailable') return { status: 'warn', output: report.store.error ?? 'analytics database unavailable', details };
    if (report.status === 'degraded') return { status: 'warn', output: `analytics writes are failing: ${report.queue.last_error ?? 'unknown error'}`, details };
    if (report.queue.dropped > 0) return { status: 'warn', output: `${report.queue.dropped} analytics rows were dropped`, details };
    return { status: 'pass', details };
  }

  /** `app.shutdown` (before the server waits for in-flight requests): live streams end at once. */
  beginShutdown(): void {
    this.live.closeAll();
  }

  /** Shutdown: finish queued summaries, end live streams, write every queued row, release the file. */
  async close(): Promise<void> {
    await settle();
    this.live.closeAll();
    await this.queue.close(5000);
    await this.holder.close();
  }
}
