import { topLevelValueRange } from '@ccproxy/core';

type Json = Record<string, unknown>;

/** Shorter instructions are parsed with the rest of the body: nothing worth keeping. */
const LONG = 1024;
const PLACEHOLDER = Buffer.from('""');

/** The last long instructions decoded: their JSON bytes (quotes included) and their text. */
let last: { bytes: Buffer; text: string } | undefined;

/**
 * A Responses request body, its long `instructions` decoded once for every request that repeats
 * them byte for byte: a Codex client sends its ~10 kB prompt on every turn, and decoding and parsing
 * it was ~30 µs and ~40 kB of garbage per request. The rest of the body is parsed with `""` in
 * place of the instructions (the occurrence JSON.parse keeps), so the result is what
 * `JSON.parse` gives. Undefined when the body is not of that shape or not valid: the caller parses
 * it the usual way and reports any error the usual way.
 */
export function parseWithRepeatedInstructions(raw: Buffer): Json | undefined {
  const range = topLevelValueRange(raw, 'instructions');
  if (range === undefined || range.end - range.start < LONG || raw[range.start] !== 0x22) return undefined;
  const bytes = raw.subarray(range.start, range.end);
  let text: string;
  if (last !== undefined && last.bytes.equals(bytes)) {
    text = last.text;
  } else {
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof value !== 'string') return undefined;
    text = value;
    last = { bytes: Buffer.from(bytes), text };
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat([raw.subarray(0, range.start), PLACEHOLDER, raw.subarray(range.end)]).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || (body as Json)['instructions'] !== '') return undefined;
  (body as Json)['instructions'] = text;
  return body as Json;
}
