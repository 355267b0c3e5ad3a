// Incremental Server-Sent Events parser (WHATWG rules): correct for any chunking of the bytes, for
// LF, CRLF and CR line endings (a CR at the end of a chunk is resolved by the next chunk), comment
// lines, multi-line data (joined with "\n"), a leading BOM and UTF-8 sequences split across chunks.
// Work is linear in the input: lines are found with indexOf, never with a regex over a buffer, and
// a line split over many chunks is joined once.

import { Utf8StreamDecoder } from './utf8-stream-decoder.js';

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

export interface SseParser {
  push(chunk: Uint8Array | string): void;
  /** End of input: a final event without its blank line is still delivered. */
  end(): void;
}

export interface SseParserOptions {
  /**
   * Which event names nobody reads. Byte input whose events are named on their first line is then split
   * on blank lines before decoding, and these events are dropped undecoded (a Codex stream repeats
   * its ~10 kB instructions in lifecycle events). Only an optimisation: such events *may* be
   * dropped (never on CR line endings, where the text rules apply), so the consumer still ignores
   * them by name; every other event is delivered exactly as without the option.
   */
  readonly skipEvent?: (name: string) => boolean;
  /** Told of each skipped event (its raw bytes, no copy), e.g. to read a field later on demand. */
  readonly onSkipped?: (name: string, raw: Buffer) => void;
  /**
   * A smaller stand-in for an event's data, made from its raw bytes (byte mode, as for `skipEvent`):
   * the event is delivered with the returned data instead of its own; `undefined` = as usual.
   */
  readonly condenseEvent?: (name: string, raw: Buffer) => string | undefined;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

const BLANK_LINE = Buffer.from('\n\n');
const EVENT_FIELD = Buffer.from('event:');
const ID_FIELD = Buffer.from('\nid:');

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function createSseParser(onEvent: (event: SseEvent) => void, options: SseParserOptions = {}): SseParser {
  const decoder = new Utf8StreamDecoder();
  const skipEvent = options.skipEvent;
  const condenseEvent = options.condenseEvent;
  // Byte mode (only with skipEvent or condenseEvent): LF-only input, split on blank lines before
  // decoding. The first CR (or a BOM) hands everything from there on to the text path, which
  // handles all rules.
  let byteMode = skipEvent !== undefined || condenseEvent !== undefined;
  let firstBytes = true;
  const pending: Buffer[] = [];
  let pendingLength = 0;
  const partial: string[] = [];
  let skipLeadingLf = false;
  let first = true;
  let data: string | undefined;
  let eventName: string | undefined;
  let id: string | undefined;
  let lastId: string | undefined;

  const dispatch = (): void => {
    if (data !== undefined && data.length > 0) {
      const event: SseEvent = { data };
      if (eventName !== undefined && eventName.length > 0) event.event = eventName;
      if (lastId !== undefined) event.id = lastId;
      data = undefined;
      eventName = undefined;
      onEvent(event);
    } else {
      data = undefined;
      eventName = undefined;
    }
  };

  const line = (text: string, start: number, end: number): void => {
    if (start === end) {
      dispatch();
      return;
    }
    if (text.charCodeAt(start) === COLON) return; // comment
    const colon = text.indexOf(':', start);
    let field: string;
    let value: string;
    if (colon === -1 || colon >= end) {
      field = text.slice(start, end);
      value = '';
    } else {
      field = text.slice(start, colon);
      let valueStart = colon + 1;
      if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
      value = text.slice(valueStart, end);
    }
    switch (field) {
      case 'data':
        data = data === undefined ? value : `${data}\n${value}`;
        break;
      case 'event':
        eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          id = value;
          lastId = id;
        }
        break;
      default:
        break; // retry and unknown fields are ignored
    }
  };

  /** Index of the first CR or LF in `text` at or after `from`, or -1. */
  const nextBreak = (text: string, from: number): number => {
    const lf = text.indexOf('\n', from);
    const cr = text.indexOf('\r', from);
    if (lf === -1) return cr;
    if (cr === -1) return lf;
    return lf < cr ? lf : cr;
  };

  const feed = (chunk: string): void => {
    if (chunk.length === 0) return;
    let text = chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let pos = 0;
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    const length = text.length;
    // A line split across chunks is kept as parts and joined once its end arrives: linear in the
    // line length however small the chunks are.
    if (partial.length > 0) {
      const end = nextBreak(text, pos);
      if (end === -1) {
        partial.push(pos === 0 ? text : text.slice(pos));
        return;
      }
      partial.push(text.slice(pos, end));
      const whole = partial.join('');
      partial.length = 0;
      line(whole, 0, whole.length);
      pos = advance(text, end);
    }
    // Cached positions of the next LF and CR keep the scan linear when a chunk has many lines.
    let nextLf = text.indexOf('\n', pos);
    let nextCr = text.indexOf('\r', pos);
    while (pos < length) {
      if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : nextLf < nextCr ? nextLf : nextCr;
      if (end === -1) {
        partial.push(text.slice(pos));
        return;
      }
      line(text, pos, end);
      pos = advance(text, end);
    }
  };

  /** The position after the line break at `end` (CRLF counts once; a CR at the chunk's end may pair with the next LF). */
  const advance = (text: string, end: number): number => {
    if (text.charCodeAt(end) !== CR) return end + 1;
    if (end + 1 < text.length) return text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
    skipLeadingLf = true;
    return end + 1;
  };

  /** Leaves byte mode for good: what is pending goes through the text path. */
  const leaveByteMode = (): void => {
    byteMode = false;
    if (pendingLength > 0) {
      const rest = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingLength);
      pending.length = 0;
      pendingLength = 0;
      feed(decoder.write(rest));
    }
  };

  /**
   * One complete event (its blank line included): dropped undecoded when skippable, delivered
   * condensed when the consumer makes it smaller, else parsed as text.
   */
  const byteEvent = (buffer: Buffer, start: number, end: number): void => {
    if (end - start > EVENT_FIELD.length && buffer.compare(EVENT_FIELD, 0, EVENT_FIELD.length, start, start + EVENT_FIELD.length) === 0) {
      const lineEnd = buffer.indexOf(LF, start);
      let nameStart = start + EVENT_FIELD.length;
      if (buffer[nameStart] === SPACE) nameStart++;
      const name = buffer.toString('latin1', nameStart, lineEnd);
      const raw = buffer.subarray(start, end);
      // An `id:` line must still reach the text path (it sets the last event id). Looked for only
      // in an event we would drop or replace, not in every event.
      if (skipEvent?.(name)) {
        if (raw.indexOf(ID_FIELD) === -1) {
          options.onSkipped?.(name, raw);
          return;
        }
      } else {
        const condensed = condenseEvent?.(name, raw);
        if (condensed !== undefined && raw.indexOf(ID_FIELD) === -1) {
          const event: SseEvent = { event: name, data: condensed };
          if (lastId !== undefined) event.id = lastId;
          onEvent(event);
          return;
        }
      }
    }
    feed(buffer.toString('utf8', start, end));
  };

  const pushBytes = (chunk: Buffer): void => {
    // A possible BOM at the start, or any CR: the text rules take over from here on.
    const bom = firstBytes && chunk[0] === 0xef;
    firstBytes = false;
    if (bom || chunk.indexOf(CR) !== -1) {
      leaveByteMode();
      feed(decoder.write(chunk));
      return;
    }
    // A blank line in this chunk, or one made of the pending tail's last LF and this chunk's first.
    const last = pendingLength > 0 ? (pending[pending.length - 1] as Buffer) : undefined;
    const joined = last !== undefined && last[last.length - 1] === LF && chunk[0] === LF;
    if (!joined && chunk.indexOf(BLANK_LINE) === -1) {
      pending.push(chunk);
      pendingLength += chunk.length;
      return;
    }
    const buffer = pendingLength === 0 ? chunk : Buffer.concat([...pending, chunk], pendingLength + chunk.length);
    pending.length = 0;
    pendingLength = 0;
    let start = 0;
    for (;;) {
      const blank = buffer.indexOf(BLANK_LINE, start);
      if (blank === -1) break;
      byteEvent(buffer, start, blank + 2);
      start = blank + 2;
    }
    if (start < buffer.length) {
      const rest = buffer.subarray(start);
      pending.push(rest);
      pendingLength = rest.length;
    }
  };

  return {
    push(chunk) {
      if (typeof chunk === 'string') {
        if (byteMode) leaveByteMode();
        feed(chunk);
      } else if (byteMode) pushBytes(asBuffer(chunk));
      else feed(decoder.write(chunk));
    },
    end() {
      if (byteMode) leaveByteMode();
      feed(decoder.end());      if (partial.length > 0) {
        const rest = partial.join('');
        partial.length = 0;
        line(rest, 0, rest.length);
      }
      dispatch();
    },
  };
}
