export { analytics } from './plugin.js';
export { AnalyticsRuntime } from './runtime.js';
export type { LogsHealth, RetentionState } from './runtime.js';
export { analyticsConfigSchema, priceOverrideSchema } from './config.js';
export type { AnalyticsConfig, PriceOverride } from './config.js';
export { BUNDLED_PRICES, PRICE_TABLE_VERSION } from './pricing/prices.js';
export type { ModelPrice, PriceRates } from './pricing/prices.js';
export { createPriceBook, priceUsage } from './pricing/price-book.js';
export type { PriceBook } from './pricing/price-book.js';
export { modelNameCandidates } from './pricing/model-name.js';
export { openDuckDbStore } from './store/duckdb/load-duckdb-store.js';
export type { DuckDbStoreOptions } from './store/duckdb/duckdb-store.js';
export { StoreOpenError } from './store/duckdb/open-error.js';
export type { StoreProblem } from './store/duckdb/open-error.js';
export type {
  AnalyticsStore,
  LogRow,
  NewLogRow,
  LogFilter,
  ValueFilter,
  PageRequest,
  Page,
  AggregateGroup,
  AggregateResult,
  InsertResult,
  StoreInfo,
} from './store/types.js';
export { rowFromSummary } from './store/row-from-summary.js';
export { matchesFilter } from './store/match-filter.js';
export { IngestQueue } from './ingest/ingest-queue.js';
export type { IngestStats, IngestQueueOptions } from './ingest/ingest-queue.js';
export { encodeCursor, decodeCursor } from './http/cursor.js';
export { QueryParams, parseFilter } from './http/params.js';
export { rowJson } from './http/row-json.js';
export { renderStats } from './cli/render-stats.js';
export { parseSince } from './cli/since.js';
