import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, listValue, type DuckDBAppender, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { wellFormed } from '../row-from-summary.js';
import { SerialQueue } from '../serial.js';
import type { AggregateGroup, AggregateResult, AnalyticsStore, InsertResult, LogFilter, LogRow, NewLogRow, Page, PageRequest, StoreInfo } from '../types.js';
import { COLUMNS, LATEST_SCHEMA_VERSION, MIGRATIONS, type ColumnName } from './schema.js';
import { explainOpenError, StoreOpenError } from './open-error.js';
import { whereClause } from './sql-filter.js';

export interface DuckDbStoreOptions {
  readonly path: string;
  /** Open without writing (the `stats` command). The file must exist. */
  readonly readOnly?: boolean;
  /** DuckDB worker threads. Default 1: an embedded log store should not compete with the proxy (and one thread inserts with the least CPU). */
  readonly threads?: number;
  /** DuckDB memory limit. Default 256MB (DuckDB's own default is 80 % of RAM). */
  readonly memoryLimit?: string;
}

/** Files opened for writing by this process: DuckDB's file lock only guards against other processes. */
const openForWriting = new Set<string>();

const COLUMN_LIST = COLUMNS.map(([name]) => name).join(', ');

/**
 * Batches go into `access_logs` as one JSON text and one INSERT … SELECT over `from_json`: the
 * proxy's thread only builds the text while DuckDB parses and inserts on its own thread (~12 µs a
 * row in all, against ~21 µs a row on the proxy's thread with the appender). The text is columnar,
 * one array per column (`{"request_id":[…],"seq":[…],…}`): a third shorter than an array of row
 * objects (no key repeated per row), so both sides do less, and the sequence numbers travel as
 * their own array without copying the rows. Integers travel as DOUBLE (exact below 2^53) and are
 * cast to the column type. A batch the JSON path refuses goes through the appender instead.
 */
/** The columns as rows travel in the JSON text: BIGINT as DOUBLE. */
const TRAVEL_COLUMNS = COLUMNS.map(([name, type]) => [name, type === 'BIGINT' ? 'DOUBLE' : type] as const);
// Unnests in one SELECT list advance together: row i takes element i of every column array.
const INSERT_FROM_JSON_SQL = `INSERT INTO access_logs (${COLUMN_LIST}) SELECT ${COLUMNS.map(([name, type]) => (type === 'BIGINT' ? `CAST(unnest(j.${name}) AS BIGINT)` : `unnest(j.${name})`)).join(', ')} FROM (SELECT from_json($1::VARCHAR, '${JSON.stringify(Object.fromEntries(TRAVEL_COLUMNS.map(([name, type]) => [name, [type]])))}') AS j)`;
/**
 * Which of a batch's requests are already stored. The table has no index (see schema.ts): the
 * batch's time span prunes the scan to the newest row groups (DuckDB's min/max per row group),
 * and the ids travel as one JSON array.
 */
const FIND_STORED_SQL = `SELECT request_id, ts_ms FROM access_logs WHERE ts_ms BETWEEN $1 AND $2 AND request_id IN (SELECT unnest(from_json($3::VARCHAR, '["VARCHAR"]')))`;
/** The same with the ids as a bound list, for ids DuckDB's JSON reader refuses (a lone surrogate). */
const FIND_STORED_LIST_SQL = `SELECT request_id, ts_ms FROM access_logs WHERE ts_ms BETWEEN $1 AND $2 AND request_id IN (SELECT unnest($3::VARCHAR[]))`;
/** Columns after `seq` (which is numbered here, not carried by the rows). */
const ROW_COLUMNS = COLUMNS.map(([name]) => name).filter((name): name is Exclude<ColumnName, 'seq'> => name !== 'seq');

/** A request is its id and its start time (schema.ts). */
function requestKey(requestId: string, tsMs: number): string {
  return `${tsMs}\u0000${requestId}`;
}

/**
 * The rows to store: not already stored, and only the first of a request repeated in the batch.
 * The batch itself when nothing is left out (the usual case: no copy).
 */
function newRequests(rows: readonly NewLogRow[], stored: ReadonlySet<string>): readonly NewLogRow[] {
  if (rows.length === 1 && stored.size === 0) return rows;
  const seen = new Set<string>();
  let kept: NewLogRow[] | undefined;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as NewLogRow;
    // Stored text is valid UTF-8: an id with a lone surrogate reads back with U+FFFD in its place.
    const key = requestKey(wellFormed(row.request_id), row.ts_ms);
    if (stored.has(key) || seen.has(key)) {
      kept ??= rows.slice(0, index);
      continue;
    }
    seen.add(key);
    kept?.push(row);
  }
  return kept ?? rows;
}

function varchar(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function double(appender: DuckDBAppender, value: number | null): void {
  if (value === null || !Number.isFinite(value)) appender.appendNull();
  else appender.appendDouble(value);
}

/**
 * One staged row, written out column by column in `COLUMNS` order (a straight-line function: this
 * runs for every request, so no per-column lookups). The round-trip test guards the order.
 */
function appendRow(appender: DuckDBAppender, row: LogRow): void {
  appender.appendVarchar(row.request_id);
  appender.appendDouble(row.seq);
  appender.appendDouble(row.ts_ms);
  appender.appendVarchar(row.method);
  appender.appendVarchar(row.path);
  appender.appendVarchar(row.query);
  appender.appendVarchar(row.endpoint);
  appender.appendVarchar(row.client_ip);
  appender.appendVarchar(row.user_agent);
  appender.appendVarchar(row.service_type);
  appender.appendVarchar(row.provider);
  appender.appendVarchar(row.model);
  appender.appendVarchar(row.model_requested);
  appender.appendVarchar(row.client_format);
  appender.appendVarchar(row.upstream_format);
  appender.appendBoolean(row.streaming);
  appender.appendInteger(Math.trunc(row.status_code));
  double(appender, row.bytes_sent);
  double(appender, row.duration_ms);
  double(appender, row.ttfb_ms);
  double(appender, row.tokens_input);
  double(appender, row.tokens_output);
  double(appender, row.cache_read_tokens);
  double(appender, row.cache_write_tokens);
  double(appender, row.reasoning_tokens);
  double(appender, row.cost_usd);
  appender.appendVarchar(row.closed_by);
  varchar(appender, row.error_type);
  varchar(appender, row.error_message);
  if (row.upstream_status === null) appender.appendNull();
  else appender.appendInteger(Math.trunc(row.upstream_status));
  double(appender, row.upstream_duration_ms);
  appender.endRow();
}

/** The batch as one JSON text of column arrays, sequence numbers `first`, `first + 1`, … */
function columnarJson(rows: readonly NewLogRow[], first: number): string {
  const columns: Record<string, unknown[]> = { seq: Array.from({ length: rows.length }, (_, index) => first + index) };
  for (const name of ROW_COLUMNS) {
    const values = new Array<unknown>(rows.length);
    for (let index = 0; index < rows.length; index++) values[index] = (rows[index] as NewLogRow)[name];
    columns[name] = values;
  }
  return JSON.stringify(columns);
}

function numbered(rows: readonly NewLogRow[], first: number): LogRow[] {
  return rows.map((row, index) => ({ ...row, seq: first + index }));
}

type Row = Record<string, unknown>;

function num(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  return Number(value);
}

function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return '';
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

function toLogRow(row: Row): LogRow {
  return {
    seq: num(row.seq),
    request_id: str(row.request_id),
    ts_ms: num(row.ts_ms),
    method: str(row.method),
    path: str(row.path),
    query: str(row.query),
    endpoint: str(row.endpoint),
    client_ip: str(row.client_ip),
    user_agent: str(row.user_agent),
    service_type: str(row.service_type),
    provider: str(row.provider),
    model: str(row.model),
    model_requested: str(row.model_requested),
    client_format: str(row.client_format),
    upstream_format: str(row.upstream_format),
    streaming: row.streaming === true,
    status_code: num(row.status_code),
    bytes_sent: num(row.bytes_sent),
    duration_ms: num(row.duration_ms),
    ttfb_ms: numOrNull(row.ttfb_ms),
    tokens_input: num(row.tokens_input),
    tokens_output: num(row.tokens_output),
    cache_read_tokens: num(row.cache_read_tokens),
    cache_write_tokens: num(row.cache_write_tokens),
    reasoning_tokens: num(row.reasoning_tokens),
    cost_usd: numOrNull(row.cost_usd),
    closed_by: str(row.closed_by),
    error_type: strOrNull(row.error_type),
    error_message: strOrNull(row.error_message),
    upstream_status: numOrNull(row.upstream_status),
    upstream_duration_ms: numOrNull(row.upstream_duration_ms),
  };
}

const AGGREGATES = `
  count(*) AS request_count,
  count(*) FILTER (WHERE status_code >= 200 AND status_code < 400) AS successful_requests,
  count(*) FILTER (WHERE status_code >= 400) AS error_requests,
  coalesce(avg(duration_ms), 0) AS avg_duration_ms,
  coalesce(avg(ttfb_ms), 0) AS avg_ttfb_ms,
  count(*) FILTER (WHERE streaming) AS streaming_requests,
  coalesce(sum(cost_usd), 0) AS total_cost_usd,
  count(*) FILTER (WHERE cost_usd IS NULL AND tokens_input + tokens_output + cache_read_tokens + cache_write_tokens > 0) AS unpriced_requests,
  coalesce(sum(tokens_input), 0) AS total_tokens_input,
  coalesce(sum(tokens_output), 0) AS total_tokens_output,
  coalesce(sum(cache_read_tokens), 0) AS total_cache_read_tokens,
  coalesce(sum(cache_write_tokens), 0) AS total_cache_write_tokens,
  coalesce(sum(reasoning_tokens), 0) AS total_reasoning_tokens`;

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0;
}

function toGroup(row: Row): AggregateGroup {
  const requests = num(row.request_count);
  const input = num(row.total_tokens_input);
  const output = num(row.total_tokens_output);
  const cacheRead = num(row.total_cache_read_tokens);
  const cacheWrite = num(row.total_cache_write_tokens);
  const successful = num(row.successful_requests);
  const errors = num(row.error_requests);
  return {
    request_count: requests,
    successful_requests: successful,
    error_requests: errors,
    success_rate: percent(successful, requests),
    error_rate: percent(errors, requests),
    avg_duration_ms: Math.round(num(row.avg_duration_ms) * 100) / 100,
    avg_ttfb_ms: Math.round(num(row.avg_ttfb_ms) * 100) / 100,
    streaming_requests: num(row.streaming_requests),
    total_cost_usd: Math.round(num(row.total_cost_usd) * 1e9) / 1e9,
    unpriced_requests: num(row.unpriced_requests),
    total_tokens_input: input,
    total_tokens_output: output,
    total_cache_read_tokens: cacheRead,
    total_cache_write_tokens: cacheWrite,
    total_reasoning_tokens: num(row.total_reasoning_tokens),
    total_tokens_all: input + output + cacheRead + cacheWrite,
    cache_hit_rate: percent(cacheRead, input + cacheRead + cacheWrite),
  };
}

export function emptyGroup(): AggregateGroup {
  return toGroup({});
}

/** Label of rows without a value in a breakdown (no model, no provider). */
export const NONE_KEY = '(none)';

/**
 * The embedded store: one DuckDB file, one write connection (serialised) and one read connection
 * (serialised), so queries never wait behind a batch insert. Rows get their sequence number here;
 * only one process can hold the file (DuckDB locks it), so the counter is safe.
 */
class DuckDbStore implements AnalyticsStore {
  readonly backend = 'duckdb';
  readonly location: string;
  readonly readOnly: boolean;
  readonly #instance: DuckDBInstance;
  readonly #writer: DuckDBConnection;
  readonly #reader: DuckDBConnection;
  readonly #writes = new SerialQueue();
  readonly #reads = new SerialQueue();
  readonly #listeners = new Set<(rows: readonly LogRow[]) => void>();
  #insertFromJson: DuckDBPreparedStatement | undefined;
  #findStored: DuckDBPreparedStatement | undefined;
  #nextSeq: number;
  #schemaVersion: number;
  #closed = false;

  constructor(path: string, readOnly: boolean, instance: DuckDBInstance, writer: DuckDBConnection, reader: DuckDBConnection, nextSeq: number, schemaVersion: number) {
    this.location = path;
    this.readOnly = readOnly;
    this.#instance = instance;
    this.#writer = writer;
    this.#reader = reader;
    this.#nextSeq = nextSeq;
    this.#schemaVersion = schemaVersion;
  }

  insertBatch(rows: readonly NewLogRow[]): Promise<InsertResult> {
    return this.#writes.run(async () => {
      this.#assertWritable();
      if (rows.length === 0) return { inserted: 0, conflicts: 0 };
      // One writer (this queue, and DuckDB's file lock against other processes): nothing can store
      // a request between the look-up and the insert.
      const fresh = newRequests(rows, await this.#storedKeys(rows));
      const first = this.#nextSeq;
      if (fresh.length > 0) await this.#insert(fresh, first);
      this.#nextSeq = first + fresh.length;
      // The rows with their numbers are only built for someone who reads them (the live feed).
      if (fresh.length > 0 && this.#listeners.size > 0) {
        const stored = numbered(fresh, first);
        for (const listener of this.#listeners) {
          try {
            listener(stored);
          } catch {
            // A broken subscriber must not fail the write.
          }
        }
      }
      return { inserted: fresh.length, conflicts: rows.length - fresh.length };
    });
  }

  /** The keys of the batch's requests that are already in the table. */
  async #storedKeys(rows: readonly NewLogRow[]): Promise<Set<string>> {
    const ids = new Array<string>(rows.length);
    let earliest = Number.POSITIVE_INFINITY;
    let latest = Number.NEGATIVE_INFINITY;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index] as NewLogRow;
      ids[index] = row.request_id;
      if (row.ts_ms < earliest) earliest = row.ts_ms;
      if (row.ts_ms > latest) latest = row.ts_ms;
    }
    const span = [BigInt(Math.floor(earliest)), BigInt(Math.ceil(latest))] as const;
    let found: DuckDBValue[][];
    try {
      this.#findStored ??= await this.#writer.prepare(FIND_STORED_SQL);
      this.#findStored.bindBigInt(1, span[0]);
      this.#findStored.bindBigInt(2, span[1]);
      this.#findStored.bindVarchar(3, JSON.stringify(ids));
      found = (await this.#findStored.runAndReadAll()).getRows();
    } catch {
      found = (await this.#writer.runAndReadAll(FIND_STORED_LIST_SQL, [span[0], span[1], listValue(ids)])).getRows();
    }
    return new Set(found.map(([requestId, tsMs]) => requestKey(str(requestId), num(tsMs))));
  }

  /** One statement; the appender (in one transaction) if DuckDB refuses the JSON. */
  async #insert(rows: readonly NewLogRow[], first: number): Promise<void> {
    try {
      this.#insertFromJson ??= await this.#writer.prepare(INSERT_FROM_JSON_SQL);
      this.#insertFromJson.bindVarchar(1, columnarJson(rows, first));
      await this.#insertFromJson.run();
    } catch {
      await this.#appendDirectly(numbered(rows, first));
    }
  }

  /** The appender straight into `access_logs` inside one transaction: all of the batch or none. */
  async #appendDirectly(rows: readonly LogRow[]): Promise<void> {
    await this.#writer.run('BEGIN TRANSACTION');
    try {
      await this.#appendRows(rows);
      await this.#writer.run('COMMIT');
    } catch (error) {
      await this.#writer.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Appends the rows to `access_logs` and flushes them; on a failure the appender is closed and the error rethrown. */
  async #appendRows(rows: readonly LogRow[]): Promise<void> {
    const appender = await this.#writer.createAppender('access_logs');
    try {
      for (const row of rows) appendRow(appender, row);
      appender.closeSync();
    } catch (error) {
      try {
        appender.closeSync();
      } catch {
        // already failed
      }
      throw error;
    }
  }

  query(filter: LogFilter, page: PageRequest): Promise<Page> {
    const params: unknown[] = [];
    const where = whereClause(filter, params);
    const extra: string[] = [];
    const comparator = page.order === 'asc' ? '>' : '<';
    if (page.afterSeq !== undefined) {
      params.push(page.afterSeq);
      extra.push(`seq ${comparator} $${params.length}`);
    }
    if (page.legacyTsMs !== undefined) {
      params.push(page.legacyTsMs);
      extra.push(`ts_ms ${comparator} $${params.length}`);
    }
    const conditions = [where.sql.replace(/^WHERE /, ''), ...extra].filter((part) => part !== '');
    params.push(page.limit + 1);
    const sql = `SELECT ${COLUMN_LIST} FROM access_logs ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq ${page.order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${params.length}`;
    return this.#read(async () => {
      const reader = await this.#reader.runAndReadAll(sql, params as DuckDBValue[]);
      const rows = reader.getRowObjectsJS().map((row) => toLogRow(row));
      const hasMore = rows.length > page.limit;
      return { rows: hasMore ? rows.slice(0, page.limit) : rows, hasMore };
    });
  }

  aggregate(filter: LogFilter, options: { bucketMs: number }): Promise<AggregateResult> {
    const params: unknown[] = [];
    const where = whereClause(filter, params);
    params.push(Math.max(1, Math.floor(options.bucketMs)));
    const bucket = `$${params.length}`;
    const sql = `
      SELECT grouping(model) AS g_model, grouping(provider) AS g_provider, grouping(service_type) AS g_service,
             grouping(endpoint) AS g_endpoint, grouping(bucket) AS g_bucket,
             model, provider, service_type, endpoint, bucket, ${AGGREGATES}
      FROM (SELECT *, (ts_ms // ${bucket}) * ${bucket} AS bucket FROM access_logs ${where.sql})
      GROUP BY GROUPING SETS ((), (model), (provider), (service_type), (endpoint), (bucket))`;
    return this.#read(async () => {
      const reader = await this.#reader.runAndReadAll(sql, params as DuckDBValue[]);
      let totals = emptyGroup();
      const byModel: Record<string, AggregateGroup> = {};
      const byProvider: Record<string, AggregateGroup> = {};
      const byServiceType: Record<string, AggregateGroup> = {};
      const byEndpoint: Record<string, AggregateGroup> = {};
      const buckets: (AggregateGroup & { start_ms: number })[] = [];
      for (const row of reader.getRowObjectsJS()) {
        const group = toGroup(row);
        if (num(row.g_model) === 0) byModel[str(row.model) || NONE_KEY] = group;
        else if (num(row.g_provider) === 0) byProvider[str(row.provider) || NONE_KEY] = group;
        else if (num(row.g_service) === 0) byServiceType[str(row.service_type) || NONE_KEY] = group;
        else if (num(row.g_endpoint) === 0) byEndpoint[str(row.endpoint) || NONE_KEY] = group;
        else if (num(row.g_bucket) === 0) buckets.push({ start_ms: num(row.bucket), ...group });
        else totals = group;
      }
      buckets.sort((a, b) => a.start_ms - b.start_ms);
      return { totals, byModel, byProvider, byServiceType, byEndpoint, buckets };
    });
  }

  subscribe(listener: (rows: readonly LogRow[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  deleteBefore(tsMs: number | null): Promise<number> {
    return this.#writes.run(async () => {
      this.#assertWritable();
      const result = tsMs === null ? await this.#writer.run('DELETE FROM access_logs') : await this.#writer.run('DELETE FROM access_logs WHERE ts_ms < $1', [tsMs]);
      return result.rowsChanged;
    });
  }

  trimToNewest(maxRows: number): Promise<number> {
    return this.#writes.run(async () => {
      this.#assertWritable();
      const result = await this.#writer.run('DELETE FROM access_logs WHERE seq <= (SELECT seq FROM access_logs ORDER BY seq DESC LIMIT 1 OFFSET $1)', [Math.max(0, Math.floor(maxRows))]);
      return result.rowsChanged;
    });
  }

  info(): Promise<StoreInfo> {
    return this.#read(async () => {
      const reader = await this.#reader.runAndReadAll('SELECT count(*) AS n FROM access_logs');
      return { backend: this.backend, location: this.location, rowCount: num(reader.getRowsJS()[0]?.[0]), schemaVersion: this.#schemaVersion };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Wait for the last write and read, then release the file lock.
    await this.#writes.run(async () => undefined);
    await this.#reads.run(async () => undefined);
    this.#listeners.clear();
    try {
      if (!this.readOnly) await this.#writer.run('CHECKPOINT').catch(() => undefined);
      this.#insertFromJson?.destroySync();
      this.#findStored?.destroySync();
      this.#reader.closeSync();
      this.#writer.closeSync();
      this.#instance.closeSync();
    } finally {
      openForWriting.delete(this.location);
    }
  }

  #read<T>(job: () => Promise<T>): Promise<T> {
    return this.#reads.run(async () => {
      if (this.#closed) throw new StoreOpenError('other', 'analytics database is closed');
      return job();
    });
  }

  #assertWritable(): void {
    if (this.#closed) throw new StoreOpenError('other', 'analytics database is closed');
    if (this.readOnly) throw new StoreOpenError('other', 'analytics database is open read-only');
  }
}

async function migrate(connection: DuckDBConnection): Promise<number> {
  await connection.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at_ms BIGINT NOT NULL)');
  const current = num((await connection.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_version')).getRowsJS()[0]?.[0]);
  if (current > LATEST_SCHEMA_VERSION) return current;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run('INSERT INTO schema_version VALUES ($1, $2)', [migration.version, Date.now()]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return LATEST_SCHEMA_VERSION;
}

async function readSchemaVersion(connection: DuckDBConnection): Promise<number> {
  const tables = (await connection.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_name IN ('schema_version', 'access_logs')")).getRowsJS().map((row) => str(row[0]));
  if (!tables.includes('access_logs') || !tables.includes('schema_version')) return 0;
  return num((await connection.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_version')).getRowsJS()[0]?.[0]);
}

/**
 * Opens (and creates or migrates) the analytics database. Throws a `StoreOpenError` whose message
 * says what is wrong with the file and what to do: locked by another process, corrupt, unreadable.
 */
export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<AnalyticsStore> {
  const path = resolve(options.path);
  const readOnly = options.readOnly ?? false;
  if (!readOnly && openForWriting.has(path)) {
    throw new StoreOpenError('in_use', `analytics database ${path} is already open in this process (two analytics plugins on one file): give each its own plugins.analytics.database_path`);
  }
  if (readOnly && !existsSync(path)) throw new StoreOpenError('missing', `analytics database ${path} does not exist yet`);
  let instance: DuckDBInstance | undefined;
  try {
    if (!readOnly) await mkdir(dirname(path), { recursive: true });
    instance = await DuckDBInstance.create(path, {
      access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
      threads: String(options.threads ?? 1),
      memory_limit: options.memoryLimit ?? '256MB',
      // DuckDB rewrites the newest, partly filled row group (122,880 rows) at every checkpoint: at its
      // default 16 MB of WAL (~50k rows here) that is two or three rewrites per row group, ~1/3 of the
      // insert cost. 32 MB (~100k rows) is about one; a crash replays at most that much WAL on open.
      checkpoint_threshold: '32MB',
    });
    const writer = await instance.connect();
    const reader = await instance.connect();
    const schemaVersion = readOnly ? await readSchemaVersion(reader) : await migrate(writer);
    if (schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new StoreOpenError('newer_schema', `analytics database ${path} was written by a newer ccproxy (schema ${schemaVersion}, this one knows ${LATEST_SCHEMA_VERSION}): upgrade ccproxy or set plugins.analytics.database_path`);
    }
    if (readOnly && schemaVersion === 0) throw new StoreOpenError('corrupt', `${path} is a DuckDB file but not a ccproxy analytics database`);
    const nextSeq = readOnly ? 0 : num((await writer.runAndReadAll('SELECT coalesce(max(seq), 0) + 1 FROM access_logs')).getRowsJS()[0]?.[0]);
    if (!readOnly) openForWriting.add(path);
    return new DuckDbStore(path, readOnly, instance, writer, reader, nextSeq, schemaVersion);
  } catch (error) {
    try {
      instance?.closeSync();
    } catch {
      // already unusable
    }
    throw explainOpenError(error, path);
  }
}
