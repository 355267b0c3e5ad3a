/** One dispatched server-sent event. `event` is absent for the default type (`message`). */
export interface SseEvent {
  event?: string;
  data: string;
  /** The last event ID seen on the stream (WHATWG: it persists across events until changed). */
  id?: string;
}

export interface SseParser {
  /** Feeds bytes (UTF-8, may split characters) or text. Events are emitted synchronously as they complete. */
  push(chunk: Uint8Array | string): void;
  /** Ends the stream: flushes the decoder and dispatches a final event even without a trailing blank line. */
  end(): void;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const COLON = 58;

/**
 * An incremental server-sent-events parser following the WHATWG rules: `\r\n`, `\r` and `\n` line endings;
 * `data:` with or without one leading space; several data lines joined with `\n`; `:` comments ignored;
 * `event:` and `id:` captured; `retry:` and unknown fields ignored; an event with no data line is not dispatched.
 * Works in linear time whatever the chunking (a line is only assembled once, when its terminator arrives).
 * Hand-written on purpose: eventsource-parser 3 mis-parses bare-CR line endings split across chunks
 * (measured against the recorded streams in test/sse.test.ts), and it only takes text, not bytes.
 */
export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let decoder = new TextDecoder('utf-8');
  let sawText = false;
  /** Pieces of the current, unterminated line. */
  let pieces: string[] = [];
  /** The previous chunk ended with CR: a leading LF in the next chunk belongs to it. */
  let skipLF = false;

  let dataLines: string[] = [];
  let eventType = '';
  let lastEventId = '';

  function dispatch(): void {
    if (dataLines.length === 0) {
      eventType = '';
      return;
    }
    const event: SseEvent = { data: dataLines.length === 1 ? (dataLines[0] ?? '') : dataLines.join('\n') };
    if (eventType !== '') event.event = eventType;
    if (lastEventId !== '') event.id = lastEventId;
    dataLines = [];
    eventType = '';
    onEvent(event);
  }

  function processLine(line: string): void {
    if (line.length === 0) {
      dispatch();
      return;
    }
    if (line.charCodeAt(0) === COLON) return; // comment
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === SPACE ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        dataLines.push(value);
        break;
      case 'event':
        eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      default:
        // `retry` and unknown fields are ignored
        break;
    }
  }

  function takeLine(text: string, start: number, end: number): string {
    if (pieces.length === 0) return text.slice(start, end);
    pieces.push(text.slice(start, end));
    const line = pieces.join('');
    pieces = [];
    return line;
  }

  function feed(input: string): void {
    let text = input;
    if (text.length === 0) return;
    if (!sawText) {
      sawText = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const length = text.length;
    let start = 0;
    if (skipLF && length > 0) {
      skipLF = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    // cached positions of the next CR / LF: each is searched forward at most once per position → linear
    let nextLF = text.indexOf('\n', start);
    let nextCR = text.indexOf('\r', start);
    while (start < length) {
      if (nextLF !== -1 && nextLF < start) nextLF = text.indexOf('\n', start);
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf('\r', start);
      const end = nextLF === -1 ? nextCR : nextCR === -1 ? nextLF : Math.min(nextLF, nextCR);
      if (end === -1) {
        pieces.push(text.slice(start));
        return;
      }
      const line = takeLine(text, start, end);
      if (text.charCodeAt(end) === CR) {
        if (end + 1 < length) start = text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        else {
          skipLF = true;
          start = end + 1;
        }
      } else {
        start = end + 1;
      }
      processLine(line);
    }
  }

  return {
    push(chunk: Uint8Array | string): void {
      feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end(): void {
      feed(decoder.decode());
      decoder = new TextDecoder('utf-8');
      sawText = false;
      skipLF = false;
      if (pieces.length > 0) {
        const line = pieces.join('');
        pieces = [];
        processLine(line);
      }
      dispatch();
    },
  };
}
