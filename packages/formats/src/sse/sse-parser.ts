// Incremental Server-Sent Events parser (WHATWG rules): correct for any chunking of the bytes, for
// LF, CRLF and CR line endings (a CR at the end of a chunk is resolved by the next chunk), comment
// lines, multi-line data (joined with "\n"), a leading BOM and UTF-8 sequences split across chunks.
// Work per chunk is linear: lines are found with indexOf, never with a regex over the buffer.

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
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
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

  const feed = (text: string): void => {
    if (text.length === 0) return;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let input = buffer.length > 0 ? buffer + text : text;
    buffer = '';
    let pos = 0;
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (input.charCodeAt(0) === LF) pos = 1;
    }
    const length = input.length;
    let nextLf = input.indexOf('\n', pos);
    let nextCr = input.indexOf('\r', pos);
    while (pos < length) {
      if (nextLf !== -1 && nextLf < pos) nextLf = input.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = input.indexOf('\r', pos);
      let end: number;
      if (nextCr === -1) end = nextLf;
      else if (nextLf === -1) end = nextCr;
      else end = nextLf < nextCr ? nextLf : nextCr;
      if (end === -1) break;
      line(input, pos, end);
      if (input.charCodeAt(end) === CR) {
        if (end + 1 < length) pos = input.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
        else {
          pos = end + 1;
          skipLeadingLf = true;
        }
      } else pos = end + 1;
    }
    if (pos < length) buffer = input.slice(pos);
    input = '';
  };

  return {
    push(chunk) {
      feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      feed(decoder.decode());
      if (buffer.length > 0) {
        const rest = buffer;
        buffer = '';
        line(rest, 0, rest.length);
      }
      dispatch();
    },
  };
}
