// The visible text of a Responses reasoning item (formats.md §6.5 [Rec]): its summary_text parts
// (or reasoning_text content) joined by "\n\n".
import type { JsonObject } from './json.js';
import { objectsOf } from './json.js';

/** The summary texts of a reasoning item, joined by "\n\n". */
export function reasoningSummaryText(item: JsonObject): string {
  const texts: string[] = [];
  for (const part of objectsOf(item['summary'])) {
    if (typeof part['text'] === 'string' && part['text'].length > 0) texts.push(part['text']);
  }
  if (texts.length === 0) {
    for (const part of objectsOf(item['content'])) {
      if (part['type'] === 'reasoning_text' && typeof part['text'] === 'string' && part['text'].length > 0) texts.push(part['text']);
    }
  }
  return texts.join('\n\n');
}
