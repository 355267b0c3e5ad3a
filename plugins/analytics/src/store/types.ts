/** One finished client request as stored. Times are epoch milliseconds (UTC). */
export interface LogRow {
  /** Insertion sequence: strictly increasing in commit order; the pagination key. */
  readonly seq: number;
  readonly request_id: string;
  /** When the request arrived, whole milliseconds; with `request_id`, what makes a request one request. */
  readonly ts_ms: number;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Route inside the provider (`/v1/messages`), else the path. */
  readonly endpoint: string;
  readonly client_ip: string;
  readonly user_agent: string;
  /** Provider plugin name for proxied calls, `system` for plugin routes, `core` for core routes. */
  readonly service_type: string;
  readonly provider: string;
  /** The model served (sent upstream), else the one requested; `''` when none. */
  readonly model: string;
  readonly model_requested: string;
  readonly client_format: string;
  readonly upstream_format: string;
  readonly streaming: boolean;
  readonly status_code: number;
  readonly bytes_sent: number;
  readonly duration_ms: number;
  readonly ttfb_ms: number | null;
  readonly tokens_input: number;
  readonly tokens_output: number;
  readonly cache_read_tokens: number;
  readonly cache_write_tokens: number;
  readonly reasoning_tokens: number;
  /** `null` = price unknown (or no usage), never 0 for unknown. */
  readonly cost_usd: number | null;
  readonly closed_by: string;
  readonly error_type: string | null;
  readonly error_message: string | null;
  readonly upstream_status: number | null;
  readonly upstream_duration_ms: number | null;
}

/** A row before the store gives it its sequence number. */
export type NewLogRow = Omit<LogRow, 'seq'>;

/** Values to keep (`include`, empty = all) and to drop (`exclude`): `codex,!claude_api`. */
export interface ValueFilter {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** Row filters; every bound is inclusive and 0 is a real value. */
export interface LogFilter {
  readonly startMs?: number;
  readonly endMs?: number;
  readonly model?: ValueFilter;
  readonly provider?: ValueFilter;
  readonly serviceType?: ValueFilter;
  readonly endpoint?: ValueFilter;
  readonly clientFormat?: ValueFilter;
  readonly statusCodes?: readonly number[];
  readonly statusMin?: number;
  readonly statusMax?: number;
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  readonly streaming?: boolean;
  /** Path prefix. */
  readonly path?: string;
  readonly requestId?: string;
  /** true: only rows with an error; false: only rows without. */
  readonly hasError?: boolean;
}

export interface PageRequest {
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  /** Keyset cursor: rows after this sequence number in `order`. */
  readonly afterSeq?: number;
  /** Legacy (Python) numeric cursor: rows strictly before (desc) or after (asc) this time. */
  readonly legacyTsMs?: number;
}

export interface Page {
  readonly rows: LogRow[];
  readonly hasMore: boolean;
}

/** Sums and rates for one group of rows. Rates are percentages (0–100). */
export interface AggregateGroup {
  request_count: number;
  successful_requests: number;
  error_requests: number;
  success_rate: number;
  error_rate: number;
  avg_duration_ms: number;
  avg_ttfb_ms: number;
  streaming_requests: number;
  total_cost_usd: number;
  /** Rows that used tokens but whose model has no known price. */
  unpriced_requests: number;
  total_tokens_input: number;
  total_tokens_output: number;
  total_cache_read_tokens: number;
  total_cache_write_tokens: number;
  total_reasoning_tokens: number;
  total_tokens_all: number;
  /** cache_read / (input + cache_read + cache_write), as a percentage; 0 without prompt tokens. */
  cache_hit_rate: number;
}

export interface AggregateResult {
  readonly totals: AggregateGroup;
  readonly byModel: Record<string, AggregateGroup>;
  readonly byProvider: Record<string, AggregateGroup>;
  readonly byServiceType: Record<string, AggregateGroup>;
  readonly byEndpoint: Record<string, AggregateGroup>;
  /** Time buckets (UTC, `bucketMs` wide), oldest first; only buckets with rows. */
  readonly buckets: (AggregateGroup & { start_ms: number })[];
}

export interface InsertResult {
  /** How many rows were written (`subscribe` listeners get them with their sequence numbers). */
  readonly inserted: number;
  /** Rows ignored because their request_id was already stored. */
  readonly conflicts: number;
}

export interface StoreInfo {
  readonly backend: string;
  readonly location: string;
  readonly rowCount: number;
  readonly schemaVersion: number;
}

/**
 * Where analytics rows live. DuckDB (embedded file) is one implementation; a server database
 * (PostgreSQL) can implement the same contract for several proxy instances. Route handlers and
 * the ingest queue only see this interface.
 */
export interface AnalyticsStore {
  readonly backend: string;
  /** File path or connection target (no credentials). */
  readonly location: string;
  readonly readOnly: boolean;
  /** Inserts in one transaction; duplicates (same request_id and start time) are skipped and counted. */
  insertBatch(rows: readonly NewLogRow[]): Promise<InsertResult>;
  query(filter: LogFilter, page: PageRequest): Promise<Page>;
  aggregate(filter: LogFilter, options: { bucketMs: number }): Promise<AggregateResult>;
  /** Live tail: called with every batch after it is committed. Returns an unsubscribe function. */
  subscribe(listener: (rows: readonly LogRow[]) => void): () => void;
  /** Deletes rows started before `tsMs` (all rows when null); returns how many. Reset and retention. */
  deleteBefore(tsMs: number | null): Promise<number>;
  /** Keeps the newest `maxRows` rows; returns how many were deleted. */
  trimToNewest(maxRows: number): Promise<number>;
  info(): Promise<StoreInfo>;
  close(): Promise<void>;
}
