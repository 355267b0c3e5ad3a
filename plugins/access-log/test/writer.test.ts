import { mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '@ccproxy/core/testing';
import { BufferedLineWriter, createFileSink, type LineSink } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'access-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

function writer(path: string, options: { bufferSize?: number; flushIntervalMs?: number; maxBytes?: number; keep?: number } = {}) {
  const logger = memoryLogger();
  const sink = createFileSink(path, { maxBytes: options.maxBytes ?? 0, keep: options.keep ?? 3, rotationCheckMs: 0 });
  return { logger, writer: new BufferedLineWriter({ sink, bufferSize: options.bufferSize ?? 3, flushIntervalMs: options.flushIntervalMs ?? 60_000, logger }) };
}

describe('BufferedLineWriter with a file', () => {
  it('writes nothing below buffer_size and everything once it is reached', async () => {
    const path = join(dir, 'nested', 'deeper', 'access.log');
    const { writer: log } = writer(path, { bufferSize: 3 });
    log.write('one');
    log.write('two');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await expect(stat(path)).rejects.toThrow();
    log.write('three');
    await log.flush();
    expect(await lines(path)).toEqual(['one', 'two', 'three']);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await log.close();
  });

  it('flushes a single line after flush_interval', async () => {
    const path = join(dir, 'access.log');
    const { writer: log } = writer(path, { bufferSize: 100, flushIntervalMs: 20 });
    log.write('lonely');
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline) {
      if ((await lines(path).catch(() => [])).length === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await lines(path)).toEqual(['lonely']);
    await log.close();
  });

  it('writes every buffered line on close', async () => {
    const path = join(dir, 'access.log');
    const { writer: log } = writer(path, { bufferSize: 1000 });
    for (let index = 0; index < 250; index++) log.write(`line ${index}`);
    await log.close();
    const written = await lines(path);
    expect(written).toHaveLength(250);
    expect(written[249]).toBe('line 249');
    expect(log.stats()).toMatchObject({ lines_written: 250, lines_dropped: 0, pending: 0 });
  });

  it('keeps 1000 concurrent writes as 1000 whole lines', async () => {
    const path = join(dir, 'access.log');
    const { writer: log } = writer(path, { bufferSize: 7 });
    const expected = Array.from({ length: 1000 }, (_, index) => JSON.stringify({ index, text: 'x'.repeat(index % 50) }));
    await Promise.all(expected.map(async (line) => log.write(line)));
    await log.close();
    expect((await lines(path)).sort()).toEqual([...expected].sort());
  });

  it('rotates by size and keeps rotate_keep generations', async () => {
    const path = join(dir, 'access.log');
    const { writer: log } = writer(path, { bufferSize: 1, maxBytes: 100, keep: 2 });
    for (let index = 0; index < 12; index++) {
      log.write(`${String(index).padStart(2, '0')} ${'y'.repeat(36)}`);
      await log.flush();
    }
    await log.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['access.log', 'access.log.1', 'access.log.2']);
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(100);
    expect(await lines(path)).toEqual([`10 ${'y'.repeat(36)}`, `11 ${'y'.repeat(36)}`]);
    expect((await lines(`${path}.1`))[0]?.startsWith('08')).toBe(true);
  });

  it('splits one large batch across rotations so no file passes the limit', async () => {
    const path = join(dir, 'access.log');
    const { writer: log } = writer(path, { bufferSize: 1000, maxBytes: 100, keep: 5 });
    for (let index = 0; index < 8; index++) log.write(`${String(index).padStart(2, '0')} ${'z'.repeat(36)}`);
    await log.close();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['access.log', 'access.log.1', 'access.log.2', 'access.log.3']);
    for (const file of files) expect((await stat(join(dir, file))).size).toBeLessThanOrEqual(100);
    expect(await lines(`${path}.3`)).toEqual([`00 ${'z'.repeat(36)}`, `01 ${'z'.repeat(36)}`]);
    expect(await lines(path)).toEqual([`06 ${'z'.repeat(36)}`, `07 ${'z'.repeat(36)}`]);
  });

  it('reopens the path after an external tool moved the file away (logrotate)', async () => {
    const path = join(dir, 'access.log');
    const { writer: log } = writer(path, { bufferSize: 1 });
    log.write('before');
    await log.flush();
    await rename(path, `${path}.old`);
    log.write('after');
    await log.flush();
    await log.close();
    expect(await lines(`${path}.old`)).toEqual(['before']);
    expect(await lines(path)).toEqual(['after']);
  });
});

describe('BufferedLineWriter when the sink fails', () => {
  function failingSink(): LineSink & { fail: boolean; received: string[] } {
    const sink = {
      target: '/nowhere/access.log',
      fail: true,
      received: [] as string[],
      async write(data: string) {
        if (sink.fail) throw new Error('EACCES: permission denied');
        sink.received.push(...data.split('\n').filter((line) => line !== ''));
      },
      reopen: async () => undefined,
      close: async () => undefined,
    };
    return sink;
  }

  it('keeps a bounded buffer, counts dropped lines, logs once and recovers', async () => {
    const sink = failingSink();
    const logger = memoryLogger();
    const log = new BufferedLineWriter({ sink, bufferSize: 10, flushIntervalMs: 60_000, logger });
    for (let index = 0; index < 100_000; index++) log.write(`line ${index}`);
    await log.flush();
    await log.flush();
    const stats = log.stats();
    expect(stats.pending).toBe(100);
    expect(stats.lines_dropped).toBe(100_000 - 100);
    expect(stats.failing).toBe(true);
    expect(stats.last_error).toContain('EACCES');
    expect(logger.records.filter((record) => record.message === 'access_log_write_failed')).toHaveLength(1);

    sink.fail = false;
    await log.flush();
    expect(sink.received).toHaveLength(100);
    expect(sink.received[99]).toBe('line 99999');
    expect(log.stats()).toMatchObject({ failing: false, pending: 0 });
    await log.close();
  });

  it('an unwritable location never throws into the caller', async () => {
    // A regular file where a directory should be fails for every user, root included.
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, '');
    const { writer: log } = writer(join(blocker, 'access.log'), { bufferSize: 1 });
    expect(() => log.write('x')).not.toThrow();
    await log.flush();
    expect(log.stats()).toMatchObject({ failing: true, pending: 1 });
    expect(log.stats().last_error).toMatch(/ENOTDIR|EEXIST/);
    await log.close();
    expect(log.stats().lines_dropped).toBe(1);
  });
});
