import { describe, expect, it } from 'vitest';
import { memoryLogger } from '@ccproxy/core/testing';
import { IngestQueue, type AnalyticsStore, type LogRow, type NewLogRow } from '../src/index.js';
import { row } from './rows.js';

/** A store that keeps rows in memory; `delayMs` makes each batch slow, `fail` makes it throw. */
function memoryStore(options: { delayMs?: number; fail?: () => boolean } = {}): AnalyticsStore & { rows: LogRow[]; batches: number[] } {
  const rows: LogRow[] = [];
  const batches: number[] = [];
  const unsupported = () => Promise.reject(new Error('not used'));
  return {
    backend: 'memory',
    location: 'memory',
    readOnly: false,
    rows,
    batches,
    async insertBatch(batch: readonly NewLogRow[]) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.fail?.()) throw new Error('disk full');
      batches.push(batch.length);
      rows.push(...batch.map((entry) => ({ ...entry, seq: rows.length + 1 })));
      return { inserted: batch.length, conflicts: 0 };
    },
    query: unsupported,
    aggregate: () => unsupported(),
    subscribe: () => () => undefined,
    deleteBefore: unsupported,
    trimToNewest: unsupported,
    info: unsupported,
    close: async () => undefined,
  };
}

describe('IngestQueue', () => {
  it('writes in batches of at most batch_size and after flush_ms for a remainder', async () => {
    const store = memoryStore();
    const queue = new IngestQueue({ store: async () => store, maxQueue: 10_000, batchSize: 50, flushMs: 20, logger: memoryLogger() });
    for (let index = 0; index < 120; index++) queue.push(row());
    const deadline = Date.now() + 2000;
    while (store.rows.length < 120 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(store.rows).toHaveLength(120);
    expect(Math.max(...store.batches)).toBeLessThanOrEqual(50);
    expect(queue.stats()).toMatchObject({ written: 120, dropped: 0, depth: 0 });
  });

  it('stays bounded with a slow store and counts exactly the rows it dropped', async () => {
    const store = memoryStore({ delayMs: 30 });
    const logger = memoryLogger();
    const queue = new IngestQueue({ store: async () => store, maxQueue: 1000, batchSize: 200, flushMs: 10, logger });
    for (let index = 0; index < 50_000; index++) queue.push(row());
    const stats = queue.stats();
    expect(stats.depth).toBeLessThanOrEqual(1000);
    await queue.close(5000);
    const final = queue.stats();
    expect(final.written + final.dropped).toBe(50_000);
    expect(store.rows).toHaveLength(final.written);
    expect(final.dropped).toBeGreaterThanOrEqual(49_000 - 200);
    expect(logger.records.filter((record) => record.message === 'analytics_rows_dropped')).toHaveLength(1);
  });

  it('writes every queued row on close', async () => {
    const store = memoryStore({ delayMs: 2 });
    const queue = new IngestQueue({ store: async () => store, maxQueue: 10_000, batchSize: 100, flushMs: 60_000, logger: memoryLogger() });
    for (let index = 0; index < 950; index++) queue.push(row());
    expect(await queue.close(5000)).toBe(0);
    expect(store.rows).toHaveLength(950);
    queue.push(row());
    expect(queue.stats().dropped).toBe(1);
  });

  it('keeps rows while the store is unavailable and writes them once it opens', async () => {
    const store = memoryStore();
    let available = false;
    const queue = new IngestQueue({ store: async () => (available ? store : undefined), maxQueue: 100, batchSize: 10, flushMs: 10, logger: memoryLogger() });
    for (let index = 0; index < 150; index++) queue.push(row());
    await queue.flush();
    expect(queue.stats()).toMatchObject({ depth: 100, dropped: 50, written: 0 });
    available = true;
    await queue.flush();
    expect(store.rows).toHaveLength(100);
  });

  it('drops a batch that fails three times instead of stalling', async () => {
    let failures = 0;
    const store = memoryStore({ fail: () => failures++ < 3 });
    const queue = new IngestQueue({ store: async () => store, maxQueue: 100, batchSize: 5, flushMs: 10, logger: memoryLogger() });
    for (let index = 0; index < 7; index++) queue.push(row());
    await queue.flush();
    await queue.flush();
    await queue.flush();
    expect(queue.stats()).toMatchObject({ dropped: 5, failed_batches: 3, last_error: 'disk full' });
    await queue.flush();
    expect(store.rows).toHaveLength(2);
  });
});
