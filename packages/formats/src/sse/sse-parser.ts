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

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  const decoder = new Utf8StreamDecoder();
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

  return {
    push(chunk) {
      feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    },
    end() {
      feed(decoder.end());
      if (partial.length > 0) {
        const rest = partial.join('');
        partial.length = 0;
        line(rest, 0, rest.length);
      }
      dispatch();
    },
  };
}
