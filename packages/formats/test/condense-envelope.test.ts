// Responses lifecycle events cut down in their bytes: what readers use (the event's own members and
// the response's envelope fields) must come out exactly as a full parse gives it, whatever the
// skipped members hold; anything not of the expected shape is left to the normal path.
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/index.js';
import { createSseParser, createStreamConverter, createStreamObserver } from '../src/index.js';
import { condenseLifecycleEvent, condenseResponseEnvelope } from '../src/sse/condense-envelope.js';
import { fixtureNames, fixtureSse, loadFixture, rechunk } from './helpers.js';

const ENVELOPE = ['id', 'object', 'created_at', 'status', 'model', 'usage', 'incomplete_details', 'error'];

/** What a full parse gives, with `response` reduced to the envelope keys (in their order). */
function expectedEnvelope(data: string): unknown {
  const value = JSON.parse(data) as Record<string, unknown>;
  const response = value['response'] as Record<string, unknown>;
  return { ...value, response: Object.fromEntries(Object.entries(response).filter(([key]) => ENVELOPE.includes(key))) };
}

const raw = (text: string) => Buffer.from(text);

describe('condenseResponseEnvelope', () => {
  const recorded = fixtureNames()
    .filter((name) => name.startsWith('codex') && name.endsWith('_stream'))
    .flatMap((name) => (loadFixture(name).response.events ?? []).filter((event) => event.event !== undefined && condenseLifecycleEvent(event.event, raw(`event: ${event.event}\ndata: ${event.data}\n\n`)) !== undefined).map((event) => [name, event] as const));

  it('keeps every recorded lifecycle event’s own members and envelope exactly, and drops the rest', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(8);
    for (const [name, event] of recorded) {
      const condensed = condenseResponseEnvelope(raw(`event: ${event.event}\ndata: ${event.data}\n\n`)) as string;
      expect(JSON.parse(condensed), `${name} ${event.event}`).toEqual(expectedEnvelope(event.data));
      // The recorded envelopes repeat the request's instructions: the point is to leave them out.
      if (event.data.includes('"instructions"')) expect(condensed.length, name).toBeLessThan(event.data.length / 4);
    }
  });

  it('skips strings and containers whatever they hold: quotes, escapes, brackets, unicode, whitespace', () => {
    const response = {
      instructions: 'say "}" and \\ then ] or { — ✓ 🙂 "\\"',
      tools: [{ type: 'function', name: 'f', parameters: { properties: { usage: { type: 'string', description: '"usage":{}' } } } }],
      id: 'resp_1',
      output: [[], {}, [{ a: [1, 2, { b: '}]' }] }], null, true, 1.5e3],
      model: 'gpt-5-codex',
      status: 'completed',
      usage: { input_tokens: 10, output_tokens: 2, input_tokens_details: { cached_tokens: 3 } },
      metadata: {},
      error: null,
    };
    const data = JSON.stringify({ type: 'response.completed', sequence_number: 42, response });
    const spaced = JSON.stringify({ type: 'response.completed', sequence_number: 42, response }, null, 1).replaceAll('\n', ' ');
    for (const text of [data, spaced, ` ${data}  `]) {
      const condensed = condenseResponseEnvelope(raw(`event: response.completed\ndata:${text}\n\n`));
      expect(JSON.parse(condensed ?? 'null'), text.slice(0, 30)).toEqual(expectedEnvelope(data));
    }
  });

  it('leaves events of any other shape to the normal path', () => {
    const ok = '{"type":"response.created","response":{"id":"r"}}';
    expect(condenseResponseEnvelope(raw(`event: response.created\ndata: ${ok}\n\n`))).toBe('{"type":"response.created","response":{"id":"r"}}');
    for (const text of [
      `event: response.created\ndata: {"type":"response.created",\ndata: "response":{}}\n\n`, // two data lines
      `event: response.created\nretry: 5\ndata: ${ok}\n\n`, // another field first
      `event: response.created\ndata: ${ok}\n`, // no blank line
      `event: response.created\ndata: [1,2]\n\n`, // not an object
      `event: response.created\ndata: {"type":"x","response":{"id":"r"}} trailing\n\n`,
      `event: response.created\ndata: {"type":"x","response":{"id":"r\n\n`, // unterminated
      `event: response.created\ndata: {"type" "x"}\n\n`,
      `event: response.created\ndata: {"type":"x",}\n\n`,
      `event: response.created\ndata: {"type":}\n\n`,
      `event: response.created\ndata: not json\n\n`,
    ]) {
      expect(condenseResponseEnvelope(raw(text)), JSON.stringify(text)).toBeUndefined();
    }
    expect(condenseLifecycleEvent('response.output_text.delta', raw(`event: response.output_text.delta\ndata: ${ok}\n\n`))).toBeUndefined();
    expect(condenseLifecycleEvent('response.failed', raw(`event: response.failed\ndata: ${ok}\n\n`))).toBeUndefined();
  });
});

describe('createSseParser condenseEvent', () => {
  function parse(input: string, seed: number, size: number): SseEvent[] {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event), { condenseEvent: (name) => (name === 'big' ? 'small' : undefined) });
    for (const chunk of rechunk(new TextEncoder().encode(input), seed, size)) parser.push(chunk);
    parser.end();
    return events;
  }

  it('delivers the stand-in with the event name and last id, for any chunking; other events as they are', () => {
    const input = 'event: keep\ndata: a\n\nid: 3\ndata: b\n\nevent: big\ndata: ' + 'x'.repeat(5000) + '\n\nevent: keep\ndata: c ✓\n\n';
    for (const [seed, size] of [[1, 1], [2, 9], [3, 700], [4, 10_000]] as const) {
      expect(parse(input, seed, size), `seed ${seed}`).toEqual([
        { event: 'keep', data: 'a' },
        { data: 'b', id: '3' },
        { event: 'big', data: 'small', id: '3' },
        { event: 'keep', data: 'c ✓', id: '3' },
      ]);
    }
  });

  it('never condenses an event carrying an id, nor anything after a CR (the text rules apply)', () => {
    const withId = 'event: big\nid: 9\ndata: whole\n\n';
    expect(parse(withId, 1, 100)).toEqual([{ event: 'big', data: 'whole', id: '9' }]);
    const crlf = 'event: big\r\ndata: whole\r\n\r\n';
    expect(parse(crlf, 1, 100)).toEqual([{ event: 'big', data: 'whole' }]);
  });
});

describe('Responses streams read through condensed lifecycle events', () => {
  /** The same stream with a `\r` in a comment first: the parser then takes the text path throughout. */
  const textPath = (sse: string) => `: \r\n${sse}`;

  it('convert and observe exactly as when every event is parsed whole, for every recorded Codex stream', () => {
    const streams = fixtureNames().filter((name) => name.startsWith('codex') && name.endsWith('_stream'));
    expect(streams.length).toBeGreaterThanOrEqual(4);
    for (const name of streams) {
      const sse = fixtureSse(loadFixture(name));
      for (const target of ['openai.chat_completions', 'anthropic.messages'] as const) {
        const run = (input: string) => {
          const converter = createStreamConverter('openai.responses', target);
          const text = converter.push(new TextEncoder().encode(input)) + converter.end();
          return { text: text.replace(/"created":\d+/g, '"created":0'), usage: converter.usage, model: converter.model, finished: converter.finished };
        };
        const condensed = run(sse);
        expect(condensed.usage, `${name} → ${target}`).toBeDefined();
        expect(condensed, `${name} → ${target}`).toEqual(run(textPath(sse)));
      }
      const observe = (input: string) => {
        const observer = createStreamObserver('openai.responses');
        observer.push(Buffer.from(input));
        observer.end();
        return { usage: observer.usage, model: observer.model, finished: observer.finished };
      };
      expect(observe(sse), name).toEqual(observe(textPath(sse)));
      expect(observe(sse).finished, name).toBe(true);
    }
  });
});
