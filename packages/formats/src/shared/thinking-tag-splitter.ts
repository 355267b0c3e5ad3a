// Incremental `<thinking …>` / `</thinking>` detection in streamed Chat content (formats.md §4.2):
// open tag `<thinking(?:\s+signature="…")?\s*>` and close tag `</thinking>`, both case-insensitive.
// A possible partial tag at the end of a chunk is held back until the next chunk decides it.

export interface ThinkingTagSink {
  text(text: string): void;
  thinking(text: string): void;
  open(signature: string): void;
  close(): void;
}

const OPEN_RE = /^<thinking(?:\s+signature="([^"]*)")?\s*>/i;
const OPEN_PREFIX = '<thinking';
const CLOSE_TAG = '</thinking>';
const MAX_HELD = 1024;

function isPrefixOf(candidate: string, full: string): boolean {
  return candidate.length <= full.length && full.startsWith(candidate.toLowerCase());
}

export class ThinkingTagSplitter {
  private held = '';
  private inThinking = false;

  get insideThinking(): boolean {
    return this.inThinking;
  }

  push(chunk: string, sink: ThinkingTagSink): void {
    let buf = this.held.length > 0 ? this.held + chunk : chunk;
    this.held = '';
    while (buf.length > 0) {
      const lt = buf.indexOf('<');
      if (lt === -1) {
        this.emit(buf, sink);
        return;
      }
      if (lt > 0) {
        this.emit(buf.slice(0, lt), sink);
        buf = buf.slice(lt);
      }
      // buf starts with '<'
      if (!this.inThinking) {
        const match = OPEN_RE.exec(buf);
        if (match) {
          this.inThinking = true;
          sink.open((match[1] ?? '').replace(/&quot;/g, '"'));
          buf = buf.slice(match[0].length);
          continue;
        }
        if (buf.length < MAX_HELD && !buf.includes('>') && (isPrefixOf(buf, OPEN_PREFIX) || buf.toLowerCase().startsWith(OPEN_PREFIX))) {
          this.held = buf;
          return;
        }
      } else {
        if (buf.length >= CLOSE_TAG.length && buf.slice(0, CLOSE_TAG.length).toLowerCase() === CLOSE_TAG) {
          this.inThinking = false;
          sink.close();
          buf = buf.slice(CLOSE_TAG.length);
          continue;
        }
        if (buf.length < CLOSE_TAG.length && isPrefixOf(buf, CLOSE_TAG)) {
          this.held = buf;
          return;
        }
      }
      this.emit('<', sink);
      buf = buf.slice(1);
    }
  }

  /** Releases held-back text at the end of the stream. */
  flush(sink: ThinkingTagSink): void {
    if (this.held.length > 0) {
      const held = this.held;
      this.held = '';
      this.emit(held, sink);
    }
  }

  private emit(text: string, sink: ThinkingTagSink): void {
    if (this.inThinking) sink.thinking(text);
    else sink.text(text);
  }
}
