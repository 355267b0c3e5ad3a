// createSseParser's skipEvent option: byte input is split on blank lines and the skipped events are
// dropped undecoded. Every other event must be delivered as by the plain parser, for every
// chunking and whatever the line endings.
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/index.js';
import { createSseParser, createStreamObserver } from '../src/index.js';
import { rechunk } from './helpers.js';

function parse(input: string | readonly Uint8Array[], skip?: (name: string) => boolean): { events: SseEvent[]; skipped: string[] } {
  const events: SseEvent[] = [];
  const skipped: string[] = [];
  const parser = createSseParser((event) => events.push(event), skip ? { skipEvent: skip, onSkipped: (name, raw) => skipped.push(`${name}|${raw.toString('utf8')}`) } : {});
  for (const chunk of typeof input === 'string' ? [new TextEncoder().encode(input)] : input) parser.push(chunk);
  parser.end();
  return { events, skipped };
}

const stream = [
  'event: keep\ndata: {"n":1,"text":"héllo ✓"}\n\n',
  'event: drop\ndata: {"n":2,"big":"' + 'x'.repeat(3000) + '"}\n\n',
  ': a comment\n\n',
  'data: unnamed\ndata: second line\n\n',
  'event: drop\ndata: {"n":3}\n\n',
  'event: keep\ndata: {"n":4,"emoji":"🙂"}\n\n',
].join('');
const dropNamed = (name: string) => name === 'drop';

describe('createSseParser skipEvent', () => {
  it('delivers what the plain parser delivers minus the skipped events, for any chunking', () => {
    const expected = parse(stream).events.filter((event) => event.event !== 'drop');
    expect(expected).toHaveLength(3);
    const bytes = new TextEncoder().encode(stream);
    for (const [seed, size] of [[1, 1], [2, 7], [3, 64], [4, 4000]] as const) {
      const { events, skipped } = parse(rechunk(bytes, seed, size), dropNamed);
      expect(events, `seed ${seed}`).toEqual(expected);
      expect(skipped.map((entry) => entry.split('|')[0])).toEqual(['drop', 'drop']);
      expect(skipped[1]).toBe('drop|event: drop\ndata: {"n":3}\n\n');
    }
  });

  it('falls back to the full text rules on CR line endings, also when the first CR comes mid-stream', () => {
    const crlf = stream.replaceAll('\n', '\r\n');
    const expected = parse(crlf).events.filter((event) => event.event !== 'drop');
    const kept = (events: SseEvent[]) => events.filter((event) => event.event !== 'drop');
    for (const seed of [1, 2, 3]) expect(kept(parse(rechunk(new TextEncoder().encode(crlf), seed, 50), dropNamed).events)).toEqual(expected);
    const mixed = stream + 'event: keep\r\ndata: {"n":5}\r\n\r\n';
    const mixedExpected = parse(mixed).events.filter((event) => event.event !== 'drop');
    expect(mixedExpected.at(-1)).toEqual({ event: 'keep', data: '{"n":5}' });
    for (const seed of [4, 5]) expect(kept(parse(rechunk(new TextEncoder().encode(mixed), seed, 40), dropNamed).events)).toEqual(mixedExpected);
  });

  it('keeps a leading BOM rule and events carrying an id (the last event id must be seen)', () => {
    const body = 'event: keep\ndata: a\n\nevent: drop\nid: 7\ndata: b\n\nevent: keep\ndata: c\n\n';
    for (const input of [body, `\uFEFF${body}`]) {
      const { events, skipped } = parse(input, dropNamed);
      expect(skipped).toEqual([]);
      expect(events.map((event) => [event.data, event.id])).toEqual([
        ['a', undefined],
        ['b', '7'],
        ['c', '7'],
      ]);
    }
  });

  it('lets a Responses observer number its error event after the events it skipped', () => {
    const observer = createStreamObserver('openai.responses');
    observer.push(new TextEncoder().encode('event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"model":"gpt-5"}}\n\n'));
    observer.push(new TextEncoder().encode('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"delta":"a"}\n\nevent: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":2,"delta":"b"}\n\n'));
    const error = JSON.parse(observer.fail({ status: 502, type: 'api_error', message: 'dropped' }).split('data: ')[1]!) as { sequence_number: number };
    expect(error.sequence_number).toBe(3);
    expect(observer.model).toBe('gpt-5');
  });
});
