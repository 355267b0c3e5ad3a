// The Responses lifecycle events (response.created, response.completed, …) carry the whole response
// object, which repeats the request: its instructions and tool schemas, often tens of kilobytes,
// twice per stream. Stream readers only look at the envelope's small fields, so those events are cut
// down in their bytes — before any UTF-8 decoding or JSON parsing — to what readers use.

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const DATA_FIELD = Buffer.from('data:');

/** The members of `response` any reader of a lifecycle event uses; the rest are dropped. */
const ENVELOPE_KEYS = new Set(['id', 'object', 'created_at', 'status', 'model', 'usage', 'incomplete_details', 'error']);

interface Member {
  readonly key: string;
  /** Where the member's key starts (its quote) and its value starts and ends. */
  readonly from: number;
  readonly value: number;
  readonly to: number;
}

class Scanner {
  constructor(
    private readonly bytes: Buffer,
    private readonly limit: number,
  ) {}

  space(at: number): number {
    let index = at;
    while (index < this.limit) {
      const byte = this.bytes[index];
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== LF) return index;
      index++;
    }
    return index;
  }

  /** Just past the string whose opening quote is at `at`: quotes found with indexOf, escapes counted. */
  afterString(at: number): number {
    let from = at + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, from);
      if (quote === -1 || quote >= this.limit) throw new SyntaxError('unterminated string');
      let escapes = 0;
      while (this.bytes[quote - 1 - escapes] === BACKSLASH) escapes++;
      if (escapes % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  /** Just past the value starting at `at` (containers matched by depth, strings skipped whole). */
  afterValue(at: number): number {
    const first = this.bytes[at];
    if (first === QUOTE) return this.afterString(at);
    let depth = 0;
    for (let index = at; index < this.limit; ) {
      const byte = this.bytes[index];
      if (byte === QUOTE) {
        index = this.afterString(index);
        continue;
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
      else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        if (depth === 0) return index;
        depth--;
        if (depth === 0) return index + 1;
      } else if (depth === 0 && (byte === COMMA || byte === 0x20 || byte === LF || byte === 0x09 || byte === 0x0d)) return index;
      index++;
    }
    throw new SyntaxError('unterminated value');
  }

  /** The members of the object whose `{` is at `open`, and the index of its `}`. */
  members(open: number): { members: Member[]; close: number } {
    const members: Member[] = [];
    let index = this.space(open + 1);
    if (this.bytes[index] === CLOSE_OBJECT) return { members, close: index };
    for (;;) {
      if (this.bytes[index] !== QUOTE) throw new SyntaxError('expected a key');
      const keyEnd = this.afterString(index);
      const colon = this.space(keyEnd);
      if (this.bytes[colon] !== COLON) throw new SyntaxError('expected a colon');
      const value = this.space(colon + 1);
      const to = this.afterValue(value);
      if (to === value) throw new SyntaxError('expected a value');
      members.push({ key: this.bytes.toString('latin1', index + 1, keyEnd - 1), from: index, value, to });
      index = this.space(to);
      if (this.bytes[index] === CLOSE_OBJECT) return { members, close: index };
      if (this.bytes[index] !== COMMA) throw new SyntaxError('expected a comma');
      index = this.space(index + 1);
    }
  }
}

/** The JSON object's text with its `response` object cut down to the envelope's keys. */
function condensedObject(bytes: Buffer, start: number, end: number): string {
  const scanner = new Scanner(bytes, end);
  const open = scanner.space(start);
  if (bytes[open] !== OPEN_OBJECT) throw new SyntaxError('not an object');
  const outer = scanner.members(open);
  if (scanner.space(outer.close + 1) !== end) throw new SyntaxError('text after the object');
  const parts: string[] = [];
  for (const member of outer.members) {
    if (member.key !== 'response' || bytes[member.value] !== OPEN_OBJECT) {
      parts.push(bytes.toString('utf8', member.from, member.to));
      continue;
    }
    const kept = scanner
      .members(member.value)
      .members.filter((inner) => ENVELOPE_KEYS.has(inner.key))
      .map((inner) => bytes.toString('utf8', inner.from, inner.to));
    parts.push(`"response":{${kept.join(',')}}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * The `data` of one raw SSE event (`event: NAME\ndata: {…}\n\n`, LF line endings) with its
 * `response` object reduced to `id`, `object`, `created_at`, `status`, `model`, `usage`,
 * `incomplete_details` and `error`; every other member of the event is kept byte for byte.
 * `undefined` when the event is not that shape (several data lines, other fields, not an object,
 * not valid JSON as far as scanned): the caller then reads the event as usual.
 */
export function condenseResponseEnvelope(raw: Buffer): string | undefined {
  const firstLineEnd = raw.indexOf(LF);
  if (firstLineEnd === -1 || raw.compare(DATA_FIELD, 0, DATA_FIELD.length, firstLineEnd + 1, firstLineEnd + 1 + DATA_FIELD.length) !== 0) return undefined;
  const dataStart = firstLineEnd + 1 + DATA_FIELD.length;
  const dataEnd = raw.indexOf(LF, dataStart);
  // Exactly one data line, then the blank line that ends the event.
  if (dataEnd === -1 || dataEnd !== raw.length - 2 || raw[raw.length - 1] !== LF) return undefined;
  try {
    return condensedObject(raw, dataStart, dataEnd);
  } catch {
    return undefined;
  }
}

/** Responses events whose `response` repeats the request; `response.failed` is read whole (its error). */
const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(['response.created', 'response.queued', 'response.in_progress', 'response.completed', 'response.incomplete']);

/** `condenseEvent` for an SSE parser reading a Responses stream (see `condenseResponseEnvelope`). */
export function condenseLifecycleEvent(name: string, raw: Buffer): string | undefined {
  return LIFECYCLE_EVENTS.has(name) ? condenseResponseEnvelope(raw) : undefined;
}
