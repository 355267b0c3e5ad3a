#!/usr/bin/env node
// bench/observability/store: what the analytics store costs per row as its file grows — CPU (all
// threads: DuckDB parses and inserts on its own), the file's size and the process's memory, in
// batches like the ingest queue's (every 500 ms; 3,000 rows is 6,000 req/s).
//   node bench/observability/store.mjs   (BENCH_ROWS=600000 BENCH_BATCH=3000)
// Needs the built analytics plugin: pnpm --filter @ccproxy/plugin-analytics build (or pnpm build).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '../../plugins/analytics/dist/index.js';

const total = Number(process.env.BENCH_ROWS ?? 600_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 3000);
const reportEvery = Math.max(1, Math.round(total / 6 / batchSize));
const start = Date.now();
let made = 0;

/** A row like the proxied bench's: a fresh id, a start time that moves on with the traffic. */
function nextRow() {
  made++;
  return {
    request_id: randomUUID(), ts_ms: start + Math.floor(made / 6), method: 'POST', path: '/claude/v1/messages', query: '', endpoint: '/v1/messages',
    client_ip: '127.0.0.1', user_agent: 'claude-cli/2.0.14 (external, cli)', service_type: 'claude_api', provider: 'claude_api', model: 'claude-sonnet-4-5-20250929',
    model_requested: 'claude-sonnet-4-5-20250929', client_format: 'anthropic.messages', upstream_format: 'anthropic.messages', streaming: made % 2 === 0,
    status_code: 200, bytes_sent: 400 + (made % 900), duration_ms: 2 + (made % 97) / 10, ttfb_ms: 1 + (made % 53) / 10, tokens_input: made % 5000,
    tokens_output: made % 700, cache_read_tokens: made % 30_000, cache_write_tokens: made % 2000, reasoning_tokens: 0, cost_usd: (made % 1000) / 1e5,
    closed_by: 'server', error_type: null, error_message: null, upstream_status: 200, upstream_duration_ms: 1.5 + (made % 89) / 10,
  };
}

const directory = await mkdtemp(join(tmpdir(), 'ccproxy-bench-store-'));
const path = join(directory, 'analytics.duckdb');
const store = await openDuckDbStore({ path });
console.log(`analytics store: ${total.toLocaleString('en-US')} rows in batches of ${batchSize}, node ${process.version}`);
console.log(`${'rows'.padStart(9)} ${'CPU µs/row'.padStart(11)} ${'(this stretch)'.padStart(15)} ${'file MB'.padStart(8)} ${'RSS MB'.padStart(7)}`);
const begin = process.cpuUsage();
let stretch = process.cpuUsage();
let stretchRows = 0;
for (let batch = 1; made < total; batch++) {
  const rows = Array.from({ length: Math.min(batchSize, total - made) }, nextRow);
  const result = await store.insertBatch(rows);
  if (result.inserted !== rows.length) throw new Error(`batch ${batch}: ${result.inserted} of ${rows.length} rows stored`);
  stretchRows += rows.length;
  if (batch % reportEvery === 0 || made >= total) {
    const all = process.cpuUsage(begin);
    const recent = process.cpuUsage(stretch);
    const size = (await stat(path)).size + (await stat(`${path}.wal`).then((info) => info.size, () => 0));
    console.log(`${made.toLocaleString('en-US').padStart(9)} ${((all.user + all.system) / made).toFixed(2).padStart(11)} ${((recent.user + recent.system) / stretchRows).toFixed(2).padStart(15)} ${(size / 1e6).toFixed(1).padStart(8)} ${(process.memoryUsage().rss / 1e6).toFixed(0).padStart(7)}`);
    stretch = process.cpuUsage();
    stretchRows = 0;
  }
}
// Reads have no index to use either: a look-up by request id and a page of the newest rows.
const probe = `${made}`;
for (const [label, run] of [
  ['query by request id', () => store.query({ requestId: probe }, { order: 'desc', limit: 10 })],
  ['newest 100 rows', () => store.query({}, { order: 'desc', limit: 100 })],
  ['aggregate (totals, breakdowns, hourly buckets)', () => store.aggregate({}, { bucketMs: 3_600_000 })],
]) {
  await run();
  const began = performance.now();
  for (let round = 0; round < 5; round++) await run();
  console.log(`${label}: ${((performance.now() - began) / 5).toFixed(1)} ms`);
}
const closing = process.cpuUsage();
await store.close();
const closed = process.cpuUsage(closing);
const all = process.cpuUsage(begin);
console.log(`close (final checkpoint): ${((closed.user + closed.system) / 1000).toFixed(0)} ms; in all ${((all.user + all.system) / total).toFixed(2)} µs a row; file ${((await stat(path)).size / 1e6).toFixed(1)} MB`);
await rm(directory, { recursive: true, force: true });
