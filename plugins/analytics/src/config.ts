import { z } from 'zod';

const rate = z.number().min(0).max(100_000);

/** `plugins.analytics.pricing."<model>" = { input, output, cache_read?, cache_write? }`, USD per million tokens. */
export const priceOverrideSchema = z.object({
  input: rate,
  output: rate,
  /** Default: the input rate (no cache discount assumed). */
  cache_read: rate.optional(),
  /** Default: the input rate (no cache-write premium assumed). */
  cache_write: rate.optional(),
});

export const analyticsConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** DuckDB file; unset = `$XDG_DATA_HOME/ccproxy/analytics.duckdb`. `~/` is expanded. */
  database_path: z.preprocess((value) => (value === '' ? null : value), z.string().nullable()).default(null),
  /** Path prefixes not recorded (like access_log's): health probes would drown the real traffic. */
  exclude_paths: z
    .preprocess((value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter((item) => item !== '') : value), z.array(z.string().min(1)))
    .default(['/health', '/metrics', '/readyz', '/livez']),
  /** Rows waiting for the writer; past it new rows are dropped and counted. */
  ingest_queue_max: z.number().int().min(100).max(1_000_000).default(10_000),
  /** Most rows written in one transaction. */
  ingest_batch_size: z.number().int().min(1).max(10_000).default(2000),
  /** Longest time (ms) a row waits before it is written. */
  ingest_flush_ms: z.number().int().min(10).max(60_000).default(500),
  /** Delete rows older than this many days; 0 = keep forever. */
  max_age_days: z.number().min(0).max(36_500).default(0),
  /** Keep at most this many rows (oldest deleted first); 0 = no limit. */
  max_rows: z.number().int().min(0).default(0),
  /** Seconds between retention runs (also run at startup when retention is on). */
  retention_interval_seconds: z.number().int().min(1).max(86_400).default(3600),
  /** Seconds between attempts to open the database after it failed (locked or corrupt file). */
  reopen_interval_seconds: z.number().int().min(1).max(3600).default(30),
  /** `/logs/stream` available. */
  stream_enabled: z.boolean().default(true),
  /** Events kept per `/logs/stream` client before the oldest are dropped (an `overflow` event says how many). */
  stream_client_queue_max: z.number().int().min(1).max(100_000).default(100),
  /** Seconds between `: ping` comments on `/logs/stream`. */
  stream_heartbeat_seconds: z.number().min(0.05).max(3600).default(15),
  /** Price overrides and additions, per model id. */
  pricing: z.record(z.string().min(1), priceOverrideSchema).default({}),
});

export type AnalyticsConfig = z.output<typeof analyticsConfigSchema>;
export type PriceOverride = z.output<typeof priceOverrideSchema>;
