import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveFeed } from '../src/live/live-feed.js';
import { openDuckDbStore, type AnalyticsStore, type LogRow } from '../src/index.js';
import { row } from './rows.js';

let dir: string;
const open: AnalyticsStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analytics-live-'));
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function store(name: string): Promise<AnalyticsStore> {
  const opened = await openDuckDbStore({ path: join(dir, name) });
  open.push(opened);
  return opened;
}

/** A store seam that counts who listens (the real store below shows the rows flowing). */
function countingSource() {
  let listeners = 0;
  let last: ((rows: readonly LogRow[]) => void) | undefined;
  return {
    get listeners() {
      return listeners;
    },
    emit: (rows: readonly LogRow[]) => last?.(rows),
    subscribe(listener: (rows: readonly LogRow[]) => void) {
      listeners++;
      last = listener;
      return () => {
        listeners--;
        last = undefined;
      };
    },
  };
}

describe('live feed', () => {
  it('listens to the store only while a stream is open', () => {
    const feed = new LiveFeed();
    const source = countingSource();
    feed.attach(source);
    expect(source.listeners).toBe(0);
    const first = feed.subscribe({}, 10);
    const second = feed.subscribe({}, 10);
    expect(source.listeners).toBe(1);
    first.close();
    expect(source.listeners).toBe(1);
    second.close();
    expect(source.listeners).toBe(0);
    // A stream opened before the store is (re)opened starts listening when it is attached.
    const early = new LiveFeed();
    const waiting = early.subscribe({}, 10);
    early.attach(source);
    expect(source.listeners).toBe(1);
    source.emit([{ ...row(), seq: 1 }]);
    expect(waiting.take().rows).toHaveLength(1);
    const replacement = countingSource();
    early.attach(replacement);
    expect([source.listeners, replacement.listeners]).toEqual([0, 1]);
  });

  it('delivers the committed rows of a real store, with their sequence numbers, to matching streams', async () => {
    const db = await store('a.duckdb');
    const feed = new LiveFeed();
    feed.attach(db);
    await db.insertBatch([row({ request_id: 'before' })]);
    const all = feed.subscribe({}, 10);
    const codex = feed.subscribe({ provider: { include: ['codex'], exclude: [] } }, 10);
    await db.insertBatch([row({ request_id: 'one' }), row({ request_id: 'two', provider: 'codex' })]);
    expect(all.take().rows.map((entry) => [entry.request_id, entry.seq])).toEqual([
      ['one', 2],
      ['two', 3],
    ]);
    expect(codex.take().rows.map((entry) => entry.request_id)).toEqual(['two']);
    all.close();
    codex.close();
    await db.insertBatch([row({ request_id: 'after' })]);
    expect(all.take().rows).toEqual([]);
  });
});
