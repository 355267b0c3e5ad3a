import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readableChunks } from '../../src/http/readable-chunks.js';

const plain = { onEnd: () => undefined, mapError: (error: unknown) => new Error(`mapped: ${(error as Error).message}`) };

async function collect(iterator: AsyncIterableIterator<Buffer>): Promise<string[]> {
  const seen: string[] = [];
  for await (const chunk of iterator) seen.push(chunk.toString());
  return seen;
}

describe('readableChunks', () => {
  it('yields the chunks in order, written before and after iteration starts, then ends', async () => {
    const source = new PassThrough();
    source.write('a');
    const iterator = readableChunks(source, plain);
    const reading = collect(iterator);
    source.write('b');
    setTimeout(() => source.end('c'), 10);
    expect((await reading).join('')).toBe('abc');
    expect(source.listenerCount('data')).toBe(0);
  });

  it('delivers what arrived before a failure, then the mapped error', async () => {
    const source = new PassThrough();
    const iterator = readableChunks(source, plain);
    source.write('first');
    setTimeout(() => source.destroy(new Error('socket hang up')), 10);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of iterator) seen.push(chunk.toString());
      })(),
    ).rejects.toThrow('mapped: socket hang up');
    expect(seen).toEqual(['first']);
  });

  it('treats a close without an end, or a bad end, as a failure', async () => {
    const closed = new PassThrough();
    const reading = collect(readableChunks(closed, plain));
    closed.destroy();
    await expect(reading).rejects.toThrow('mapped: aborted');
    const incomplete = new PassThrough();
    const ending = collect(readableChunks(incomplete, { ...plain, onEnd: () => new Error('body incomplete') }));
    incomplete.end('x');
    await expect(ending).rejects.toThrow('body incomplete');
  });

  it('pauses the source while the consumer lags, and resumes it', async () => {
    const source = new PassThrough();
    const iterator = readableChunks(source, { ...plain, highWater: 4 });
    for (let index = 0; index < 6; index++) source.write(String(index));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.isPaused()).toBe(true);
    const values: string[] = [];
    while (values.join('').length < 6) values.push(String((await iterator.next()).value));
    expect(source.isPaused()).toBe(false);
    source.end();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(values.join('')).toBe('012345');
  });

  it('delivers the chunks of one read together, and a lone chunk at once', async () => {
    const source = new PassThrough();
    const iterator = readableChunks(source, plain);
    const first = iterator.next();
    // What Node's HTTP parser does with one socket read of ten chunked-encoding frames.
    for (let index = 0; index < 10; index++) source.emit('data', Buffer.from(`e${index};`));
    expect((await first).value?.toString()).toBe('e0;e1;e2;e3;e4;e5;e6;e7;e8;e9;');
    const second = iterator.next();
    source.write('alone');
    expect((await second).value?.toString()).toBe('alone');
    source.end();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('joins chunks queued while the consumer was busy', async () => {
    const source = new PassThrough();
    const iterator = readableChunks(source, plain);
    source.write('a');
    source.write('b');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await iterator.next()).value?.toString()).toBe('ab');
    source.end();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('destroys the source when the consumer stops early', async () => {
    const source = new PassThrough();
    source.write('a');
    for await (const chunk of readableChunks(source, plain)) {
      expect(chunk.toString()).toBe('a');
      break;
    }
    expect(source.destroyed).toBe(true);
  });
});
