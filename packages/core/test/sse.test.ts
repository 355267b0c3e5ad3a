import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../src/sse/sse-parser.js';
import { createSseEventSplitter, serializeSse, sseComment } from '../src/sse/sse-writer.js';

const FIXTURES = '/work/shared/fixtures/endpoint-samples';
const encoder = new TextEncoder();

interface FixtureEvent {
  event?: string;
  data: string;
  done?: boolean;
}

const streams = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('_stream.json'))
  .sort()
  .map((name) => {
    const json = JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as { response: { events: FixtureEvent[] } };
    return { name, events: json.response.events };
  });

/** mulberry32: a small seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Variant = 'lf' | 'crlf' | 'cr' | 'mixed' | 'nospace' | 'noise';

/** SSE text of a recorded stream in one of several equivalent spellings. */
function buildStream(events: FixtureEvent[], variant: Variant): string {
  const random = prng(7);
  let previous = '';
  const eol = (): string => {
    switch (variant) {
      case 'crlf':
        return '\r\n';
      case 'cr':
        return '\r';
      case 'mixed': {
        // a lone CR followed by a lone LF would be one CRLF break, so never pick LF right after CR
        const options = previous === '\r' ? ['\r\n', '\r'] : ['\n', '\r\n', '\r'];
        previous = options[Math.floor(random() * options.length)] ?? '\n';
        return previous;
      }
      default:
        return '\n';
    }
  };
  const sep = variant === 'nospace' ? ':' : ': ';
  let out = variant === 'noise' ? `: stream opened${eol()}${eol()}` : '';
  for (const event of events) {
    if (variant === 'noise') out += `: keep-alive${eol()}retry: 3000${eol()}`;
    if (event.event !== undefined) out += `event${sep}${event.event}${eol()}`;
    out += `data${sep}${event.data}${eol()}${eol()}`;
    if (variant === 'noise') out += `:${eol()}${eol()}`;
  }
  return out;
}

function expectedEvents(events: FixtureEvent[]): SseEvent[] {
  return events.map((event) => (event.event === undefined ? { data: event.data } : { event: event.event, data: event.data }));
}

function chunkAt(bytes: Uint8Array, boundaries: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const boundary of [...boundaries, bytes.length]) {
    chunks.push(bytes.subarray(start, boundary));
    start = boundary;
  }
  return chunks;
}

function randomBoundaries(length: number, seed: number, maxChunk: number): number[] {
  const random = prng(seed);
  const out: number[] = [];
  let position = 0;
  for (;;) {
    position += 1 + Math.floor(random() * maxChunk);
    if (position >= length) return out;
    out.push(position);
  }
}

function parseChunks(chunks: readonly (Uint8Array | string)[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

function splitChunks(chunks: readonly (Uint8Array | string)[]): string[] {
  const raws: string[] = [];
  const splitter = createSseEventSplitter((raw) => raws.push(raw));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return raws;
}

function oneByteChunks(bytes: Uint8Array): Uint8Array[] {
  return Array.from({ length: bytes.length }, (_, index) => bytes.subarray(index, index + 1));
}

describe('SSE fixtures: any chunking yields the same events', () => {
  it('found the recorded streams', () => {
    expect(streams.length).toBeGreaterThanOrEqual(6);
    // the fixtures exercise multi-byte UTF-8 (split across chunks below)
    expect(streams.some((stream) => stream.events.some((event) => encoder.encode(event.data).length > event.data.length))).toBe(true);
  });

  for (const { name, events } of streams) {
    for (const variant of ['lf', 'crlf', 'cr', 'mixed', 'nospace', 'noise'] as const) {
      it(`${name} (${variant})`, () => {
        const text = buildStream(events, variant);
        const bytes = encoder.encode(text);
        const expected = expectedEvents(events);

        const chunkings: (Uint8Array | string)[][] = [[bytes], [text], oneByteChunks(bytes)];
        for (let seed = 1; seed <= 12; seed++) {
          chunkings.push(chunkAt(bytes, randomBoundaries(bytes.length, seed * 31 + variant.length, seed <= 6 ? 8 : 300)));
        }
        for (const chunks of chunkings) {
          expect(parseChunks(chunks)).toEqual(expected);

          const raws = splitChunks(chunks);
          // lossless: the raw events concatenate back to the input
          expect(raws.join('')).toBe(text);
          // each raw is complete (ends with a blank line) and holds at most one event
          const reparsed: SseEvent[] = [];
          for (const raw of raws) {
            expect(raw).toMatch(/(\r\n|\r|\n)(\r\n|\r|\n)$/);
            const inner = parseChunks([raw]);
            expect(inner.length).toBeLessThanOrEqual(1);
            reparsed.push(...inner);
          }
          expect(reparsed).toEqual(expected);
          // without comment blocks, one raw per event
          if (variant !== 'noise') expect(raws).toHaveLength(expected.length);
        }
      });
    }
  }

  it('every two-way split of a stream gives the same events (CRLF, byte-level)', () => {
    const stream = streams.find((s) => s.name === 'codex_responses_stream.json')!;
    const events = [...stream.events.slice(2, 10), { event: 'response.output_text.delta', data: '{"delta":" 5 × 4 € 😀"}' }];
    const text = buildStream(events, 'crlf');
    const bytes = encoder.encode(text);
    const key = (list: SseEvent[]) => list.map((event) => `${event.event ?? ''}\u0000${event.data}`).join('\u0001');
    const expected = key(expectedEvents(events));
    expect(bytes.length).toBeGreaterThan(text.length); // multi-byte characters inside
    const failures: number[] = [];
    for (let cut = 0; cut <= bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      if (key(parseChunks(chunks)) !== expected || splitChunks(chunks).join('') !== text) failures.push(cut);
    }
    expect(failures).toEqual([]);
  });

  it('serializeSse reproduces the recorded stream text', () => {
    for (const { events } of streams) {
      expect(expectedEvents(events).map(serializeSse).join('')).toBe(buildStream(events, 'lf'));
    }
  });
});

describe('createSseParser (WHATWG rules)', () => {
  const parse = (text: string) => parseChunks([text]);

  it('handles data with and without a space, multi-line data, comments, retry, unknown fields', () => {
    expect(parse('data:a\ndata: b\ndata:  c\n: comment\nretry: 10\nfoo: bar\n\n')).toEqual([{ data: 'a\nb\n c' }]);
  });

  it('a data line without a colon counts as empty data; an event without data is not dispatched', () => {
    expect(parse('data\n\n')).toEqual([{ data: '' }]);
    expect(parse('data\ndata\n\n')).toEqual([{ data: '\n' }]);
    expect(parse('event: ping\n\ndata: x\n\n')).toEqual([{ data: 'x' }]);
  });

  it('captures event, resets it after each dispatch, and keeps the last id across events', () => {
    expect(parse('event: a\nid: 1\ndata: x\n\ndata: y\n\nid\ndata: z\n\nid: bad\0\ndata: w\n\n')).toEqual([
      { event: 'a', data: 'x', id: '1' },
      { data: 'y', id: '1' },
      { data: 'z' },
      { data: 'w' },
    ]);
  });

  it('end() flushes a final event without a trailing blank line, and nothing when there is nothing', () => {
    expect(parse('event: last\ndata: tail')).toEqual([{ event: 'last', data: 'tail' }]);
    expect(parse('data: a\r')).toEqual([{ data: 'a' }]);
    expect(parse('')).toEqual([]);
    expect(parse(': only a comment\n')).toEqual([]);
  });

  it('strips a leading BOM and reassembles UTF-8 split across chunks', () => {
    const bytes = encoder.encode('\uFEFFdata: €😀 ü\n\n');
    expect(parseChunks(oneByteChunks(bytes))).toEqual([{ data: '€😀 ü' }]);
    expect(parseChunks(['\uFEFFdata: x\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('treats CR followed by LF in the next chunk as one line break', () => {
    expect(parseChunks(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ data: 'a\nb' }]);
    expect(parseChunks(['data: a\r', '\r', 'data: b\r\r'])).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('emits events synchronously as they complete', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    parser.push('data: 1\n\ndata: 2');
    expect(events).toEqual([{ data: '1' }]);
    parser.push('\n\n');
    expect(events).toEqual([{ data: '1' }, { data: '2' }]);
  });
});

describe('serializeSse / sseComment', () => {
  it('writes event, id and one data line per line', () => {
    expect(serializeSse({ event: 'message_start', data: '{"a":1}' })).toBe('event: message_start\ndata: {"a":1}\n\n');
    expect(serializeSse({ data: 'a\nb\r\nc\rd', id: '7' })).toBe('id: 7\ndata: a\ndata: b\ndata: c\ndata: d\n\n');
    expect(serializeSse({ data: '' })).toBe('data: \n\n');
  });

  it('round-trips through the parser, including leading spaces and empty lines', () => {
    const events: SseEvent[] = [
      { event: 'x', data: ' leading space' },
      { data: 'multi\n\nline\n' },
      { data: '' },
      { event: 'e', data: 'with id', id: 'abc' },
    ];
    expect(parseChunks([events.map(serializeSse).join('')])).toEqual(events);
  });

  it('refuses line breaks in event and id', () => {
    expect(() => serializeSse({ event: 'a\nb', data: 'x' })).toThrow(TypeError);
    expect(() => serializeSse({ id: 'a\rb', data: 'x' })).toThrow(TypeError);
  });

  it('comments are ignored by parsers and close with a blank line', () => {
    expect(sseComment('keep-alive')).toBe(': keep-alive\n\n');
    expect(sseComment('a\nb')).toBe(': a\n: b\n\n');
    expect(parseChunks([sseComment('x') + serializeSse({ data: 'y' }) + sseComment('z')])).toEqual([{ data: 'y' }]);
    expect(splitChunks([sseComment('x') + serializeSse({ data: 'y' })])).toEqual([': x\n\n', 'data: y\n\n']);
  });
});

describe('createSseEventSplitter', () => {
  it('keeps original line endings and attaches stray blank lines to the next event', () => {
    expect(splitChunks(['\n\ndata: a\r\n\r\n\r\ndata: b\r\rdata: c'])).toEqual([
      '\n\ndata: a\r\n\r\n',
      '\r\ndata: b\r\r',
      'data: c',
    ]);
  });

  it('waits for a possible LF after a blank-line CR before emitting', () => {
    const raws: string[] = [];
    const splitter = createSseEventSplitter((raw) => raws.push(raw));
    splitter.push('data: a\r\r');
    expect(raws).toEqual([]);
    splitter.push('\ndata: b\n\n');
    expect(raws).toEqual(['data: a\r\r\n', 'data: b\n\n']);
    splitter.push('data: c\r\r');
    splitter.end();
    expect(raws).toEqual(['data: a\r\r\n', 'data: b\n\n', 'data: c\r\r']);
  });

  it('drops nothing but blank lines at the end', () => {
    expect(splitChunks(['data: a\n\n\n\n'])).toEqual(['data: a\n\n']);
  });
});

// Speed is measured by bench/, never asserted here: these check large inputs in tiny chunks parse right.
describe('large inputs', () => {
  it('a 256 KiB data line fed one byte at a time', () => {
    const payload = 'x'.repeat(256 * 1024);
    const bytes = encoder.encode(`data: ${payload}\n\n`);
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    const raws: string[] = [];
    const splitter = createSseEventSplitter((raw) => raws.push(raw));
    for (let i = 0; i < bytes.length; i++) {
      const chunk = bytes.subarray(i, i + 1);
      parser.push(chunk);
      splitter.push(chunk);
    }
    parser.end();
    splitter.end();
    expect(events).toHaveLength(1);
    expect(events[0]?.data.length).toBe(payload.length);
    expect(raws).toHaveLength(1);
  });

  it('200k short lines in one chunk without any CR', () => {
    const text = 'data: y\n\n'.repeat(200_000);
    let count = 0;
    const parser = createSseParser(() => count++);
    parser.push(text);
    parser.end();
    let raws = 0;
    const splitter = createSseEventSplitter(() => raws++);
    splitter.push(text);
    splitter.end();
    expect(count).toBe(200_000);
    expect(raws).toBe(200_000);
  });
});
