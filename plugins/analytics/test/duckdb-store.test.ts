import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchesFilter, openDuckDbStore, StoreOpenError, type AnalyticsStore, type LogFilter, type LogRow } from '../src/index.js';
import { COLUMNS, MIGRATIONS } from '../src/store/duckdb/schema.js';
import { row } from './rows.js';

let dir: string;
const open: AnalyticsStore[] = [];

async function store(name = 'analytics.duckdb', readOnly = false): Promise<AnalyticsStore> {
  const opened = await openDuckDbStore({ path: join(dir, name), readOnly });
  open.push(opened);
  return opened;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analytics-store-'));
});
afterEach(async () => {
  for (const opened of open.splice(0)) await opened.close();
  await rm(dir, { recursive: true, force: true });
});

describe('DuckDB store', () => {
  it('inserts a batch, skips duplicate request ids and counts them', async () => {
    const db = await store();
    const first = row({ request_id: 'dup', tokens_input: 7 });
    const result = await db.insertBatch([first, row()]);
    expect(result).toEqual({ inserted: 2, conflicts: 0 });
    const again = await db.insertBatch([row({ request_id: 'dup', tokens_input: 99 }), row()]);
    expect(again).toEqual({ inserted: 1, conflicts: 1 });
    const page = await db.query({ requestId: 'dup' }, { order: 'desc', limit: 10 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]?.tokens_input).toBe(7);
    expect((await db.info()).rowCount).toBe(3);
  });

  it('keeps two different requests that share an id (different start times)', async () => {
    const db = await store();
    const result = await db.insertBatch([row({ request_id: 'short', ts_ms: 1000 }), row({ request_id: 'short', ts_ms: 2000 })]);
    expect(result).toMatchObject({ conflicts: 0 });
    expect((await db.query({ requestId: 'short' }, { order: 'asc', limit: 5 })).rows.map((entry) => entry.ts_ms)).toEqual([1000, 2000]);
  });

  it('keeps the first of two rows with the same request id in one batch', async () => {
    const db = await store();
    const published: LogRow[][] = [];
    db.subscribe((rows) => published.push([...rows]));
    const result = await db.insertBatch([row({ request_id: 'twice', tokens_input: 1 }), row(), row({ request_id: 'twice', tokens_input: 2 })]);
    expect(result).toEqual({ inserted: 2, conflicts: 1 });
    // Subscribers get exactly the rows stored, with their sequence numbers.
    expect(published.map((rows) => rows.map((entry) => [entry.tokens_input, entry.seq]))).toEqual([[[1, 1], [0, 2]]]);
    expect((await db.query({ requestId: 'twice' }, { order: 'asc', limit: 5 })).rows.map((entry) => entry.tokens_input)).toEqual([1]);
    // The next batch takes the fast path again.
    expect((await db.insertBatch([row(), row()])).inserted).toBe(2);
    expect((await db.info()).rowCount).toBe(4);
    // Only stored rows take a number: the sequence has no gap.
    expect(published[1]?.map((entry) => entry.seq)).toEqual([3, 4]);
  });

  it('skips a request stored in an earlier batch, or before a restart, whatever the time span of the batch', async () => {
    const start = Date.UTC(2025, 0, 3, 1, 20, 0);
    const db = await store();
    const early = row({ request_id: 'early', ts_ms: start - 3_600_000, tokens_input: 1 });
    const late = row({ request_id: 'late', ts_ms: start, tokens_input: 1 });
    expect(await db.insertBatch([early])).toEqual({ inserted: 1, conflicts: 0 });
    expect(await db.insertBatch([late, row({ ts_ms: start + 5 })])).toEqual({ inserted: 2, conflicts: 0 });
    await db.close();
    const reopened = await store();
    // A batch spanning two hours: both repeats are found, the same ids at other start times are new.
    const batch = [
      row({ request_id: 'late', ts_ms: start, tokens_input: 2 }),
      row({ request_id: 'early', ts_ms: start - 3_600_000, tokens_input: 2 }),
      row({ request_id: 'early', ts_ms: start - 3_599_999, tokens_input: 3 }),
      row({ request_id: 'late', ts_ms: start + 3_600_000, tokens_input: 3 }),
    ];
    expect(await reopened.insertBatch(batch)).toEqual({ inserted: 2, conflicts: 2 });
    const stored = (await reopened.query({}, { order: 'asc', limit: 10 })).rows.map((entry) => [entry.request_id, entry.ts_ms - start, entry.tokens_input, entry.seq]);
    expect(stored.filter(([id]) => id === 'early' || id === 'late')).toEqual([
      ['early', -3_600_000, 1, 1],
      ['late', 0, 1, 2],
      ['early', -3_599_999, 3, 4],
      ['late', 3_600_000, 3, 5],
    ]);
  });

  it('migrates a version 1 database (primary key) to one without an index, keeping every row and the sequence', async () => {
    const path = join(dir, 'v1.duckdb');
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at_ms BIGINT NOT NULL)');
    for (const statement of MIGRATIONS[0]?.statements ?? []) await connection.run(statement);
    await connection.run('INSERT INTO schema_version VALUES (1, 0)');
    const old = [row({ request_id: 'a', tokens_input: 5, cost_usd: 0.5 }), row({ request_id: 'b', error_type: 'api_error', error_message: 'boom' })];
    for (const [index, entry] of old.entries()) {
      const values = COLUMNS.map(([name]) => (name === 'seq' ? index + 1 : entry[name]));
      await connection.run(`INSERT INTO access_logs VALUES (${values.map((_, at) => `$${at + 1}`).join(', ')})`, values);
    }
    connection.closeSync();
    instance.closeSync();

    const db = await store('v1.duckdb');
    expect(await db.info()).toMatchObject({ rowCount: 2, schemaVersion: 2 });
    expect((await db.query({}, { order: 'asc', limit: 5 })).rows).toEqual(old.map((entry, index) => ({ ...entry, seq: index + 1 })));
    // Still one row per request, and the sequence goes on.
    expect(await db.insertBatch([row({ request_id: 'a', tokens_input: 9 }), row({ request_id: 'c' })])).toEqual({ inserted: 1, conflicts: 1 });
    expect((await db.query({}, { order: 'desc', limit: 1 })).rows[0]).toMatchObject({ request_id: 'c', seq: 3 });
    await db.close();

    const raw = await DuckDBInstance.create(path);
    const check = await raw.connect();
    const constraints = (await check.runAndReadAll("SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'access_logs'")).getRowsJS().map(([type]) => type);
    const indexes = (await check.runAndReadAll("SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'access_logs'")).getRowsJS()[0]?.[0];
    check.closeSync();
    raw.closeSync();
    expect(constraints).toContain('NOT NULL');
    expect(constraints).not.toContain('PRIMARY KEY');
    expect(Number(indexes)).toBe(0);
  });

  it('round-trips every column: distinct values land in their own columns, nulls and unicode included', async () => {
    const db = await store();
    const distinct = row({
      request_id: 'rid-1', ts_ms: 1_735_867_200_123, method: 'PATCH', path: '/p', query: 'q=1', endpoint: '/e', client_ip: '10.0.0.9', user_agent: 'agent "😀" \\ ünïcode',
      service_type: 'svc', provider: 'prov', model: 'm-served', model_requested: 'm-asked', client_format: 'openai.responses', upstream_format: 'anthropic.messages',
      streaming: true, status_code: 207, bytes_sent: 2 ** 40, duration_ms: 11.5, ttfb_ms: 2.25, tokens_input: 1, tokens_output: 2, cache_read_tokens: 3, cache_write_tokens: 4,
      reasoning_tokens: 5, cost_usd: 0.000123456789, closed_by: 'error', error_type: 'api_error', error_message: 'boom', upstream_status: 502, upstream_duration_ms: 7.75,
    });
    const nulls = row({ ttfb_ms: null, cost_usd: null, error_type: null, error_message: null, upstream_status: null, upstream_duration_ms: null });
    await db.insertBatch([distinct, nulls]);
    const stored = (await db.query({}, { order: 'asc', limit: 2 })).rows.map(({ seq: _seq, ...rest }) => rest);
    expect(stored).toEqual([distinct, nulls]);
  });

  it("stores text JSON cannot carry as is: quotes, control characters, a lone surrogate", async () => {
    const db = await store();
    const awkward = row({ user_agent: "it's \"quoted\"\n\ttabbed\u0000nul", error_message: 'half an emoji: \ud83d', error_type: 'x' });
    const plain = row();
    expect((await db.insertBatch([awkward, plain])).inserted).toBe(2);
    const stored = (await db.query({}, { order: 'asc', limit: 2 })).rows;
    expect(stored[0]?.user_agent).toBe(awkward.user_agent);
    expect(stored[0]?.error_message?.startsWith('half an emoji: ')).toBe(true);
    expect(stored[1]?.request_id).toBe(plain.request_id);
  });

  it('stores, and finds again, a request id JSON cannot carry (a lone surrogate)', async () => {
    const db = await store();
    const odd = row({ request_id: 'half \ud83d', tokens_input: 1 });
    expect(await db.insertBatch([odd, row()])).toEqual({ inserted: 2, conflicts: 0 });
    expect(await db.insertBatch([row({ request_id: odd.request_id, tokens_input: 2 }), row()])).toEqual({ inserted: 1, conflicts: 1 });
    expect((await db.info()).rowCount).toBe(3);
  });

  it('pages 25 rows with the same timestamp exactly once in both orders', async () => {
    const db = await store();
    const rows = Array.from({ length: 25 }, () => row({ ts_ms: 1_700_000_000_000 }));
    await db.insertBatch(rows);
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let afterSeq: number | undefined;
      for (;;) {
        const page = await db.query({}, { order, limit: 10, ...(afterSeq === undefined ? {} : { afterSeq }) });
        seen.push(...page.rows.map((entry) => entry.request_id));
        if (!page.hasMore) break;
        afterSeq = page.rows.at(-1)?.seq;
      }
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      expect(seen).toEqual(order === 'asc' ? rows.map((entry) => entry.request_id) : rows.map((entry) => entry.request_id).reverse());
    }
  });

  it('filters by model, status, time (inclusive, 0 honoured), streaming, path and service type lists', async () => {
    const db = await store();
    await db.insertBatch([
      row({ request_id: 'a', ts_ms: 0, model: 'gpt-5', service_type: 'codex', provider: 'codex', status_code: 200, streaming: true, path: '/codex/v1/responses' }),
      row({ request_id: 'b', ts_ms: 1000, model: 'claude-sonnet-4-5', status_code: 404 }),
      row({ request_id: 'c', ts_ms: 2000, model: 'claude-sonnet-4-5', status_code: 500, error_type: 'api_error', error_message: 'x' }),
      row({ request_id: 'd', ts_ms: 3000, model: '', service_type: 'system', provider: '', path: '/logs/query' }),
    ]);
    const ids = async (filter: Parameters<AnalyticsStore['query']>[0]) => (await db.query(filter, { order: 'asc', limit: 100 })).rows.map((entry) => entry.request_id);
    expect(await ids({ model: { include: ['claude-sonnet-4-5'], exclude: [] } })).toEqual(['b', 'c']);
    expect(await ids({ startMs: 0, endMs: 1000 })).toEqual(['a', 'b']);
    expect(await ids({ statusMin: 400 })).toEqual(['b', 'c']);
    expect(await ids({ statusCodes: [200] })).toEqual(['a', 'd']);
    expect(await ids({ streaming: true })).toEqual(['a']);
    expect(await ids({ path: '/logs' })).toEqual(['d']);
    expect(await ids({ serviceType: { include: [], exclude: ['system', 'codex'] } })).toEqual(['b', 'c']);
    expect(await ids({ hasError: true })).toEqual(['c']);
  });

  it('the live-stream filter (in memory) selects exactly what the SQL filter selects', async () => {
    const db = await store();
    const rows = Array.from({ length: 60 }, (_, index) =>
      row({
        ts_ms: index * 1000,
        model: ['gpt-5', 'claude-sonnet-4-5', ''][index % 3] ?? '',
        service_type: ['codex', 'claude_api', 'system', 'core'][index % 4] ?? '',
        status_code: [200, 201, 404, 500, 302][index % 5] ?? 200,
        streaming: index % 2 === 0,
        duration_ms: index * 3.5,
        path: index % 6 === 0 ? '/logs/query' : '/claude/v1/messages',
        error_type: index % 7 === 0 ? 'api_error' : null,
      }),
    );
    await db.insertBatch(rows);
    const stored = (await db.query({}, { order: 'asc', limit: 1000 })).rows;
    const filters: LogFilter[] = [
      {},
      { startMs: 0, endMs: 10_000 },
      { model: { include: ['gpt-5', ''], exclude: [] } },
      { serviceType: { include: [], exclude: ['system', 'core'] } },
      { statusMin: 300, statusMax: 499 },
      { statusCodes: [200, 500], streaming: false },
      { minDurationMs: 50, maxDurationMs: 120.5 },
      { path: '/logs', hasError: false },
      { hasError: true, model: { include: [], exclude: ['claude-sonnet-4-5'] } },
    ];
    for (const filter of filters) {
      const viaSql = (await db.query(filter, { order: 'asc', limit: 1000 })).rows.map((entry) => entry.request_id);
      const inMemory = stored.filter((entry) => matchesFilter(filter, entry)).map((entry) => entry.request_id);
      expect(inMemory, JSON.stringify(filter)).toEqual(viaSql);
    }
  });

  it('aggregates exact totals, rates, cache-hit rate, unpriced rows and breakdowns', async () => {
    const db = await store();
    await db.insertBatch([
      row({ status_code: 200, tokens_input: 100, tokens_output: 10, cache_read_tokens: 300, cache_write_tokens: 100, cost_usd: 0.5, duration_ms: 10 }),
      row({ status_code: 201, tokens_input: 100, tokens_output: 10, cost_usd: 0.25, duration_ms: 20, model: 'gpt-5', provider: 'codex', service_type: 'codex' }),
      row({ status_code: 302, duration_ms: 30, model: '' }),
      row({ status_code: 404, duration_ms: 40, tokens_input: 50, model: 'mystery-model', cost_usd: null }),
      row({ status_code: 500, duration_ms: 50 }),
    ]);
    const result = await db.aggregate({}, { bucketMs: 3_600_000 });
    expect(result.totals).toMatchObject({
      request_count: 5,
      successful_requests: 3,
      error_requests: 2,
      success_rate: 60,
      error_rate: 40,
      avg_duration_ms: 30,
      total_cost_usd: 0.75,
      unpriced_requests: 1,
      total_tokens_input: 250,
      total_tokens_output: 20,
      total_cache_read_tokens: 300,
      total_cache_write_tokens: 100,
      total_tokens_all: 670,
      cache_hit_rate: 46.15,
    });
    expect(Object.keys(result.byModel).sort()).toEqual(['(none)', 'claude-sonnet-4-5', 'gpt-5', 'mystery-model']);
    expect(result.byModel['claude-sonnet-4-5']).toMatchObject({ request_count: 2, cache_hit_rate: 60 });
    expect(result.byServiceType.codex?.request_count).toBe(1);
    expect(result.byProvider.claude_api?.request_count).toBe(4);
    expect(result.buckets).toHaveLength(1);
    expect(result.buckets[0]?.start_ms).toBe(Date.UTC(2025, 0, 3, 1));
  });

  it('returns zeros for an empty database', async () => {
    const db = await store();
    const result = await db.aggregate({}, { bucketMs: 60_000 });
    expect(result.totals.request_count).toBe(0);
    expect(result.totals.cache_hit_rate).toBe(0);
    expect((await db.query({}, { order: 'desc', limit: 5 })).rows).toEqual([]);
  });

  it('deletes by age and trims to the newest rows', async () => {
    const db = await store();
    await db.insertBatch(Array.from({ length: 10 }, (_, index) => row({ ts_ms: index * 1000 })));
    expect(await db.deleteBefore(3000)).toBe(3);
    expect(await db.trimToNewest(4)).toBe(3);
    const left = (await db.query({}, { order: 'asc', limit: 100 })).rows.map((entry) => entry.ts_ms);
    expect(left).toEqual([6000, 7000, 8000, 9000]);
    expect(await db.deleteBefore(null)).toBe(4);
  });

  it('keeps rows and the sequence across a close and reopen, and opens read-only', async () => {
    const first = await store();
    await first.insertBatch([row({ request_id: 'kept' })]);
    await first.close();
    const again = await openDuckDbStore({ path: join(dir, 'analytics.duckdb') });
    open.push(again);
    await again.insertBatch([row({ request_id: 'later' })]);
    const rows = (await again.query({}, { order: 'asc', limit: 10 })).rows;
    expect(rows.map((entry) => entry.request_id)).toEqual(['kept', 'later']);
    expect(rows[1]?.seq).toBeGreaterThan(rows[0]?.seq ?? Infinity);
    await again.close();
    const reader = await store('analytics.duckdb', true);
    expect((await reader.info()).rowCount).toBe(2);
    await expect(reader.insertBatch([row()])).rejects.toThrow(/read-only/);
  });

  it('refuses a second writer on the same file in one process', async () => {
    await store();
    await expect(store()).rejects.toMatchObject({ problem: 'in_use' });
  });

  it('explains a corrupt file and a missing file', async () => {
    await writeFile(join(dir, 'broken.duckdb'), 'this is not a database, just some text that is long enough'.repeat(100));
    const corrupt = await store('broken.duckdb').catch((error: unknown) => error);
    expect(corrupt).toBeInstanceOf(StoreOpenError);
    expect(corrupt).toMatchObject({ problem: 'corrupt' });
    expect((corrupt as Error).message).toMatch(/broken\.duckdb is not a valid DuckDB file .*move it aside/);
    await expect(store('absent.duckdb', true)).rejects.toMatchObject({ problem: 'missing' });
  });

  it('explains a file locked by another process', async () => {
    const path = join(dir, 'locked.duckdb');
    const duckdb = createRequire(import.meta.url).resolve('@duckdb/node-api');
    const holder: ChildProcess = spawn(process.execPath, ['-e', `const { DuckDBInstance } = require(${JSON.stringify(duckdb)}); DuckDBInstance.create(${JSON.stringify(path)}).then(async (db) => { globalThis.db = db; globalThis.connection = await db.connect(); await globalThis.connection.run('CREATE TABLE t (x INTEGER)'); console.log('ready'); setInterval(() => {}, 1000); });`], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      const error = await store('locked.duckdb').catch((caught: unknown) => caught);
      expect(error).toMatchObject({ problem: 'locked' });
      expect((error as Error).message).toMatch(new RegExp(`locked\\.duckdb is locked by another process \\(PID ${holder.pid}\\)`));
    } finally {
      holder.kill();
    }
  });
});
