// Thinking ↔ `<thinking>` XML for Chat clients, which have no reasoning field (formats.md §4.2).

export interface ThinkingSegment {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface TextSegment {
  type: 'text';
  text: string;
}

export type XmlSegment = ThinkingSegment | TextSegment;

export function thinkingToXml(block: { thinking: string; signature?: string | null }): string {
  const signature = typeof block.signature === 'string' ? block.signature.trim() : '';
  const open = signature.length > 0 ? `<thinking signature="${signature.replace(/"/g, '&quot;')}">` : '<thinking>';
  return `${open}${block.thinking}</thinking>`;
}

const THINKING_RE = /<thinking(?:\s+signature="([^"]*)")?>([\s\S]*?)<\/thinking>/g;

/** Splits a whole string into text and thinking segments, dropping empty text segments. */
export function splitThinkingXml(text: string): XmlSegment[] {
  if (!text.includes('<thinking')) return text.length > 0 ? [{ type: 'text', text }] : [];
  const segments: XmlSegment[] = [];
  let last = 0;
  THINKING_RE.lastIndex = 0;
  for (let match = THINKING_RE.exec(text); match !== null; match = THINKING_RE.exec(text)) {
    if (match.index > last) segments.push({ type: 'text', text: text.slice(last, match.index) });
    segments.push({ type: 'thinking', thinking: match[2] ?? '', signature: (match[1] ?? '').replace(/&quot;/g, '"') });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ type: 'text', text: text.slice(last) });
  return mergeThinkingSegments(segments);
}

/** Drops empty segments and joins adjacent thinking segments with the same signature by "\n\n". */
export function mergeThinkingSegments(segments: readonly XmlSegment[]): XmlSegment[] {
  const out: XmlSegment[] = [];
  for (const segment of segments) {
    if (segment.type === 'text' ? segment.text.length === 0 : segment.thinking.length === 0) continue;
    const previous = out[out.length - 1];
    if (segment.type === 'thinking' && previous?.type === 'thinking' && previous.signature === segment.signature) {
      out[out.length - 1] = { ...previous, thinking: `${previous.thinking}\n\n${segment.thinking}` };
    } else if (segment.type === 'text' && previous?.type === 'text') {
      out[out.length - 1] = { type: 'text', text: previous.text + segment.text };
    } else {
      out.push(segment);
    }
  }
  return out;
}
