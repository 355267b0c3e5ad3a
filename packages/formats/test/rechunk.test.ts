// Every stream fixture (recorded, plus the Chat streams made from them and the §11.4 vectors) fed in
// seeded random chunkings, 1-byte chunks, CRLF and CR line endings, and with comments and pings
// interleaved, must give identical output (after normalising random ids and clock values).
import { describe, expect, it } from 'vitest';
import type { FormatId } from '../src/index.js';
import { createConversionContext } from '../src/index.js';
import { fixtureFormat, fixtureNames, fixtureSse, loadFixture, normalizeOutput, rechunk, runStream, sseOf, toCr, toCrlf, withNoise } from './helpers.js';
import { ST1_ANTHROPIC, ST4_CHAT, ST6_RESPONSES } from './stream-vectors.js';

const FORMATS: FormatId[] = ['anthropic.messages', 'openai.chat_completions', 'openai.responses'];
const encoder = new TextEncoder();

interface StreamCase {
  name: string;
  format: FormatId;
  sse: string;
}

function cases(): StreamCase[] {
  const out: StreamCase[] = [];
  for (const name of fixtureNames().filter((n) => n.endsWith('_stream'))) {
    const format = fixtureFormat(name);
    const sse = fixtureSse(loadFixture(name));
    out.push({ name, format, sse });
    const chat = runStream(format, 'openai.chat_completions', sse, createConversionContext('openai.chat_completions', format, { messages: [], stream_options: { include_usage: true } })).text;
    out.push({ name: `${name} (as chat)`, format: 'openai.chat_completions', sse: chat });
  }
  out.push({ name: 'ST1', format: 'anthropic.messages', sse: sseOf(ST1_ANTHROPIC) });
  out.push({ name: 'ST4', format: 'openai.chat_completions', sse: `${sseOf(ST4_CHAT)}data: [DONE]\n\n` });
  out.push({ name: 'ST6', format: 'openai.responses', sse: sseOf(ST6_RESPONSES) });
  return out;
}

describe.each(cases())('$name re-chunked', ({ format, sse }) => {
  const bytes = encoder.encode(sse);
  for (const target of FORMATS.filter((f) => f !== format)) {
    it(`→ ${target}: identical output for every chunking and framing`, () => {
      const reference = normalizeOutput(runStream(format, target, sse).text);
      expect(reference.length).toBeGreaterThan(0);
      const variants: [string, (string | Uint8Array)[]][] = [
        ['1-byte chunks', rechunk(bytes, 1, 1)],
        ['crlf', rechunk(encoder.encode(toCrlf(sse)), 2, 64)],
        ['cr', rechunk(encoder.encode(toCr(sse)), 3, 16)],
        ['comments and pings', rechunk(encoder.encode(withNoise(sse, format)), 4, 32)],
        ['all events in one string chunk', [sse]],
      ];
      for (let seed = 10; seed < 16; seed++) variants.push([`seed ${seed}`, rechunk(bytes, seed, 1 + seed * 37)]);
      for (const [label, chunks] of variants) {
        expect(normalizeOutput(runStream(format, target, chunks).text), label).toBe(reference);
      }
    });
  }
  it('passthrough: identical bytes and usage for every chunking', () => {
    const reference = runStream(format, format, sse);
    for (const seed of [1, 2, 3]) {
      const { text, converter } = runStream(format, format, rechunk(bytes, seed, seed === 1 ? 1 : 50));
      expect(text).toBe(sse);
      expect(converter.usage).toEqual(reference.converter.usage);
      expect(converter.finished).toBe(reference.converter.finished);
    }
  });
});
