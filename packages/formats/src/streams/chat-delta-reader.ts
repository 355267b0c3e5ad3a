// Reads the reasoning parts of a Chat delta: `reasoning_content` (DeepSeek, vLLM, …) or `reasoning`
// (a string, or an object with text/summary/content). Content XML is handled by ThinkingTagSplitter.
import type { JsonObject } from '../shared/json.js';
import { asString, isObject } from '../shared/json.js';

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('');
  if (isObject(value)) {
    const direct = asString(value['text']) ?? asString(value['delta']) ?? asString(value['thinking']);
    if (direct !== undefined) return direct;
    return textOf(value['summary'] ?? value['content'] ?? value['reasoning']);
  }
  return '';
}

export function deltaReasoning(delta: JsonObject): string {
  const content = delta['reasoning_content'];
  if (typeof content === 'string') return content;
  const reasoning = delta['reasoning'];
  if (reasoning === undefined || reasoning === null) return '';
  return textOf(reasoning);
}
