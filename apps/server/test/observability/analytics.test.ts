import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createTempHome } from '@ccproxy/testkit';
import { waitFor } from '../helpers.js';
import { observedProxies, postJson, startObserved, waitForRows, type QueryBody } from './observed-proxy.js';

const observed = observedProxies();

// Costs by hand from the bundled list prices (USD per million tokens):
// claude-sonnet-4-5/4-6: 100 × 3 + 50 × 15 + 1000 × 0.30 (cache read) + 200 × 3.75 (cache write) = 2100 → 0.0021
// gpt-5:             200 × 1.25 + 50 × 10 + 1000 × 0.125 (cached input, charged once)      =  875 → 0.000875
const SONNET_COST = 0.0021;
const GPT5_COST = 0.000875;

describe('analytics through the real server', () => {
  it('stores one row per request with the right tokens and cost, streamed or not, for all three client formats', async () => {
    const proxy = await observed();
    const anthropicClient = new Anthropic({ baseURL: `${proxy.url}/fake`, apiKey: 'unused', maxRetries: 0 });
    const openaiClient = new OpenAI({ baseURL: `${proxy.url}/fake/v1`, apiKey: 'unused', maxRetries: 0 });

    const message = await anthropicClient.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello!' });
    const streamed = await anthropicClient.messages.stream({ model: 'sonnet', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).finalMessage();
    expect(streamed.usage.output_tokens).toBe(50);
    const completion = await openaiClient.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('Hello!');
    const chunks = await openaiClient.chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    let chatText = '';
    for await (const chunk of chunks) chatText += chunk.choices[0]?.delta.content ?? '';
    expect(chatText).toBe('Hello!');
    const response = await openaiClient.responses.create({ model: 'gpt-5', input: 'hi' });
    expect(response.output_text).toBe('Hello!');
    const events = await openaiClient.responses.create({ model: 'gpt-5', input: 'hi', stream: true });
    const types: string[] = [];
    for await (const event of events) types.push(event.type);
    expect(types).toContain('response.completed');

    const rows = await waitForRows(proxy, 6);
    expect(rows).toHaveLength(6);
    const find = (format: string, streaming: boolean) => rows.find((row) => row.client_format === format && row.streaming === streaming);
    for (const streaming of [false, true]) {
      expect(find('anthropic.messages', streaming)).toMatchObject({
        service_type: 'fake_llm',
        provider: 'fake_llm',
        status_code: 200,
        method: 'POST',
        path: '/fake/v1/messages',
        endpoint: '/v1/messages',
        upstream_format: 'anthropic.messages',
        tokens_input: 100,
        tokens_output: 50,
        cache_read_tokens: 1000,
        cache_write_tokens: 200,
        cost_usd: SONNET_COST,
        closed_by: 'server',
        error_type: null,
      });
      for (const format of ['openai.chat_completions', 'openai.responses']) {
        expect(find(format, streaming), `${format} streaming=${streaming}`).toMatchObject({ model: 'gpt-5', tokens_input: 200, tokens_output: 50, cache_read_tokens: 1000, cache_write_tokens: 0, reasoning_tokens: 20, cost_usd: GPT5_COST });
      }
    }
    // The alias the client used and the model that was served (and priced) are both kept.
    expect(find('anthropic.messages', true)).toMatchObject({ model: 'claude-sonnet-4-5-20250929', model_requested: 'sonnet' });
    for (const row of rows) {
      expect(row.bytes_sent).toBeGreaterThan(0);
      expect(row.duration_ms).toBeGreaterThan(0);
      expect(row.ttfb_ms).not.toBeNull();
      expect(Date.parse(String(row.timestamp))).toBe(Number(row.timestamp_unix) * 1000);
      expect(String(row.timestamp)).toMatch(/Z$/);
    }

    interface AnalyticsBody {
      summary: Record<string, number>;
      model_breakdown: Record<string, { request_count: number; cache_hit_rate: number }>;
      provider_breakdown: Record<string, { request_count: number }>;
      endpoint_breakdown: Record<string, unknown>;
      time_series: { bucket: string; bucket_seconds: number; points: { request_count: number }[] };
    }
    const { status, body } = await proxy.api<AnalyticsBody>('/logs/analytics?service_type=fake_llm');
    expect(status).toBe(200);
    expect(body.summary).toMatchObject({
      total_requests: 6,
      total_successful_requests: 6,
      total_error_requests: 0,
      streaming_requests: 3,
      total_tokens_input: 2 * 100 + 4 * 200,
      total_tokens_output: 300,
      total_cache_read_tokens: 6000,
      total_cache_write_tokens: 400,
      total_reasoning_tokens: 80,
      unpriced_requests: 0,
    });
    expect(body.summary.total_cost_usd).toBeCloseTo(2 * SONNET_COST + 4 * GPT5_COST, 9);
    // cache read ÷ (input + cache read + cache write) = 6000 / (1000 + 6000 + 400)
    expect(body.summary.cache_hit_rate).toBe(81.08);
    expect(Object.keys(body.model_breakdown).sort()).toEqual(['claude-sonnet-4-5-20250929', 'claude-sonnet-4-6', 'gpt-5']);
    expect(body.model_breakdown['gpt-5']).toMatchObject({ request_count: 4, cache_hit_rate: 83.33 });
    expect(body.provider_breakdown.fake_llm?.request_count).toBe(6);
    expect(Object.keys(body.endpoint_breakdown).sort()).toEqual(['/v1/chat/completions', '/v1/messages', '/v1/responses']);
    // The default window is the last 24 h, in hourly buckets.
    expect(body.time_series).toMatchObject({ bucket: 'hour', bucket_seconds: 3600 });
    expect(body.time_series.points.reduce((sum, point) => sum + point.request_count, 0)).toBe(6);

    // access_log received the same summary, cost included (the core prices it with analytics' table).
    await waitFor(async () => (await readFile(proxy.accessLogPath, 'utf8').catch(() => '')).split('\n').filter(Boolean).length >= 6);
    const lines = (await readFile(proxy.accessLogPath, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.cost_usd === SONNET_COST)).toHaveLength(2);
  });

  it('records a 4xx with its real status and error, and an unknown model with a null cost', async () => {
    const proxy = await observed();
    expect((await postJson(`${proxy.url}/fake/v1/messages`, { model: 'error-me' })).status).toBe(400);
    expect((await postJson(`${proxy.url}/fake/v1/messages`, { model: 'my-local-llama' })).status).toBe(200);
    const rows = await waitForRows(proxy, 2);
    expect(rows.find((row) => row.status_code === 400)).toMatchObject({ error_type: 'invalid_request_error', error_message: 'model: error-me is refused on purpose', cost_usd: null });
    expect(rows.find((row) => row.model === 'my-local-llama')).toMatchObject({ status_code: 200, tokens_input: 100, cost_usd: null });
    const { body } = await proxy.api<{ summary: Record<string, number> }>('/logs/analytics?service_type=fake_llm');
    expect(body.summary).toMatchObject({ total_requests: 2, total_error_requests: 1, unpriced_requests: 1, total_cost_usd: 0 });
  });

  it('pages with a cursor while rows are being inserted: nothing skipped, nothing repeated', async () => {
    const proxy = await observed();
    await Promise.all(Array.from({ length: 30 }, () => postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' })));
    await waitForRows(proxy, 30);

    let inserting = true;
    const inserter = (async () => {
      while (inserting) await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' });
    })();
    const walk = async (order: 'asc' | 'desc') => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 200; pages++) {
        const query: string = `/logs/query?service_type=fake_llm&limit=7&order=${order}${cursor ? `&cursor=${cursor}` : ''}`;
        const { status, body } = await proxy.api<QueryBody>(query);
        expect(status).toBe(200);
        ids.push(...body.results.map((row) => String(row.request_id)));
        // Give the inserter room between pages.
        await new Promise((resolve) => setTimeout(resolve, 15));
        if (!body.has_more || pages > 12) return ids;
        cursor = body.next_cursor;
      }
      return ids;
    };
    const asc = await walk('asc');
    const desc = await walk('desc');
    inserting = false;
    await inserter;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const all = (await proxy.api<QueryBody>('/logs/query?service_type=fake_llm&limit=1000&order=asc')).body.results.map((row) => String(row.request_id));
    expect(all.length).toBeGreaterThan(30);
    expect(new Set(asc).size).toBe(asc.length);
    expect(new Set(desc).size).toBe(desc.length);
    // asc: exactly the oldest rows in order, a prefix of the final list (no gap, no repeat).
    expect(asc).toEqual(all.slice(0, asc.length));
    // desc: a contiguous run of the final list read backwards from where the walk started.
    const start = all.indexOf(desc[0] ?? '');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(desc).toEqual(all.slice(Math.max(0, start - desc.length + 1), start + 1).reverse());
  });

  it('200 concurrent requests give 200 rows', async () => {
    const proxy = await observed();
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, index) => postJson(`${proxy.url}/fake/v1/${index % 2 ? 'messages' : 'responses'}`, { model: index % 2 ? 'claude-sonnet-4-5' : 'gpt-5', stream: index % 4 === 0 }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    })));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const rows = await waitForRows(proxy, 200);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row.request_id)).size).toBe(200);
    const health = await proxy.api<{ status: string; queue: { dropped: number; written: number } }>('/logs/health');
    expect(health.body.status).toBe('healthy');
    expect(health.body.queue.dropped).toBe(0);
  });

  it('keeps the data across a restart, including requests finished right before close()', async () => {
    const first = await startObserved({ analytics: { ingest_flush_ms: 60_000, ingest_batch_size: 10_000 } });
    const home = first.home;
    try {
      await Promise.all(Array.from({ length: 25 }, () => postJson(`${first.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' }).then((response) => response.arrayBuffer())));
      // Nothing has been written yet (long flush interval): close() must drain the queue.
      await first.close();
    } catch (error) {
      await first.close();
      throw error;
    }
    const second = await observed({ home });
    const rows = await waitForRows(second, 25);
    expect(rows).toHaveLength(25);
    expect(rows.every((row) => row.cost_usd === SONNET_COST)).toBe(true);
    // The sequence continues: new rows come after the old ones.
    await postJson(`${second.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    const all = await waitForRows(second, 26);
    expect(all[0]?.request_id).not.toBe(rows[0]?.request_id);
  });

  it('a database locked by another process: clear error in the log and /logs/health, requests still served, recovery once released', async () => {
    const temp = await createTempHome();
    const databasePath = `${temp.path}/data/analytics.duckdb`;
    await mkdir(dirname(databasePath), { recursive: true });
    const holder = await holdLock(databasePath);
    let released = false;
    try {
      const proxy = await observed({ home: temp, analytics: { reopen_interval_seconds: 1 } });
      const logged = proxy.api.bind(proxy);
      const errors = proxy.logs.filter((record) => record.level === 'error' && String(record.message).startsWith('analytics_database_unavailable'));
      expect(errors).toHaveLength(1);
      expect(String(errors[0]?.message)).toMatch(new RegExp(`analytics database .*analytics\\.duckdb is locked by another process \\(PID ${holder.pid}\\).*requests are still served`));

      for (let index = 0; index < 3; index++) expect((await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' })).status).toBe(200);
      const health = await logged<{ status: string; store: { problem: string; error: string }; queue: { depth: number } }>('/logs/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', store: { problem: 'locked' } });
      expect(health.body.store.error).toContain('locked by another process');
      const query = await logged<{ error: { message: string } }>('/logs/query');
      expect(query.status).toBe(503);
      expect(query.body.error.message).toMatch(/^analytics database unavailable: .*locked/);
      const pluginHealth = await (await fetch(`${proxy.url}/plugins/analytics/health`)).json() as Record<string, unknown>;
      expect(JSON.stringify(pluginHealth)).toContain('locked by another process');
      expect(JSON.stringify(pluginHealth)).toContain('warn');
      expect((await fetch(`${proxy.url}/health`)).status).toBe(200);

      holder.kill();
      released = true;
      const rows = await waitForRows(proxy, 3);
      expect(rows).toHaveLength(3);
      expect((await logged<{ status: string }>('/logs/health')).body.status).toBe('healthy');
    } finally {
      if (!released) holder.kill();
    }
  });

  it('a corrupt database file: clear error, requests still served, the file is left alone', async () => {
    const temp = await createTempHome();
    const databasePath = await temp.write('data/analytics.duckdb', 'definitely not a duckdb file\n'.repeat(200));
    const proxy = await observed({ home: temp });
    expect((await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' })).status).toBe(200);
    const errors = proxy.logs.filter((record) => String(record.message).startsWith('analytics_database_unavailable'));
    expect(String(errors[0]?.message)).toContain('is not a valid DuckDB file (corrupt or not a database): move it aside');
    const health = await proxy.api<{ store: { problem: string } }>('/logs/health');
    expect(health.status).toBe(503);
    expect(health.body.store.problem).toBe('corrupt');
    expect(await readFile(databasePath, 'utf8')).toContain('definitely not a duckdb file');
  });
});

/** Another process holding the DuckDB file lock, like a second ccproxy on the same file. */
async function holdLock(path: string): Promise<ChildProcess> {
  const analyticsEntry = createRequire(import.meta.url).resolve('@ccproxy/plugin-analytics');
  const duckdb = createRequire(analyticsEntry).resolve('@duckdb/node-api');
  const child = spawn(
    process.execPath,
    ['-e', `const { DuckDBInstance } = require(${JSON.stringify(duckdb)}); DuckDBInstance.create(${JSON.stringify(path)}).then(async (db) => { globalThis.db = db; globalThis.c = await db.connect(); await globalThis.c.run('CREATE TABLE IF NOT EXISTS other (x INTEGER)'); console.log('ready'); setInterval(() => {}, 1000); });`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}
