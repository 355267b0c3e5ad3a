/** What `serializeSse` writes; the same shape the parser emits. */
export interface SseOutgoingEvent {
  event?: string;
  data: string;
  id?: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

function assertSingleLine(field: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new TypeError(`SSE ${field} must not contain line breaks`);
}

/**
 * One event in wire format: `event: <type>\n`, `id: <id>\n`, then one `data: <line>\n` per line of `data`
 * (split on `\r\n`, `\r`, `\n`), then the blank line. An empty or absent `event` writes no event line.
 */
export function serializeSse(event: SseOutgoingEvent): string {
  let out = '';
  if (event.event !== undefined && event.event !== '') {
    assertSingleLine('event', event.event);
    out += `event: ${event.event}\n`;
  }
  if (event.id !== undefined) {
    assertSingleLine('id', event.id);
    out += `id: ${event.id}\n`;
  }
  for (const line of event.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment block (keep-alive): `: <line>\n` per line, then a blank line. Parsers ignore it. */
export function sseComment(text: string): string {
  let out = '';
  for (const line of text.split(LINE_BREAK)) out += line === '' ? ':\n' : `: ${line}\n`;
  return `${out}\n`;
}

export interface SseEventSplitter {
  push(chunk: Uint8Array | string): void;
  /** Flushes a trailing event that lacks its final blank line. */
  end(): void;
}

const LF = 10;
const CR = 13;

/**
 * Re-chunks an SSE byte stream on event boundaries, for relaying upstream events verbatim: each callback receives
 * one complete raw event (comment blocks included) with its original line endings and its terminating blank line.
 * Blank lines that precede an event are kept as a prefix of it, so the concatenation of all callbacks equals the
 * input text (only blank lines after the last event are dropped). Linear time whatever the chunking; a UTF-8
 * character split across chunks is reassembled; a BOM is kept.
 */
export function createSseEventSplitter(onEvent: (raw: string) => void): SseEventSplitter {
  let decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Text of the current event before the chunk being scanned. */
  let pieces: string[] = [];
  let atLineStart = true;
  /** The current event has a non-blank line. */
  let hasContent = false;
  /** The last character seen was a CR (its LF may arrive in the next chunk). */
  let crPending = false;
  /** …and that CR ended a blank line, i.e. the event is complete once we know whether an LF follows. */
  let crEndsEvent = false;

  function scan(text: string): void {
    let chunkStart = 0;
    const emit = (endExclusive: number): void => {
      const tail = text.slice(chunkStart, endExclusive);
      const raw = pieces.length === 0 ? tail : pieces.join('') + tail;
      pieces = [];
      chunkStart = endExclusive;
      hasContent = false;
      atLineStart = true;
      onEvent(raw);
    };
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (crPending) {
        crPending = false;
        if (c === LF) {
          if (crEndsEvent) {
            crEndsEvent = false;
            emit(i + 1);
          }
          continue; // second half of a CRLF
        }
        if (crEndsEvent) {
          crEndsEvent = false;
          emit(i);
        }
      }
      if (c === CR) {
        crPending = true;
        crEndsEvent = atLineStart && hasContent;
        atLineStart = true;
      } else if (c === LF) {
        if (atLineStart && hasContent) emit(i + 1);
        else atLineStart = true;
      } else {
        atLineStart = false;
        hasContent = true;
      }
    }
    if (chunkStart < length) pieces.push(text.slice(chunkStart));
  }

  return {
    push(chunk: Uint8Array | string): void {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (text.length > 0) scan(text);
    },
    end(): void {
      const rest = decoder.decode();
      decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      if (rest.length > 0) scan(rest);
      const raw = pieces.join('');
      const complete = hasContent || crEndsEvent;
      pieces = [];
      atLineStart = true;
      hasContent = false;
      crPending = false;
      crEndsEvent = false;
      if (complete) onEvent(raw);
    },
  };
}
