// Building an Anthropic `messages` list from OpenAI-style history (shared by chat→anthropic and
// responses→anthropic): consecutive same-role turns merge, tool results lead their user message,
// and orphaned tool results are turned into text (the [Py] sanitiser, run after the merge [Rec]).
import type { JsonObject } from '../shared/json.js';
import { asString, objectsOf } from '../shared/json.js';

export interface PendingMessage {
  role: 'user' | 'assistant';
  blocks: JsonObject[];
}

export class AnthropicHistory {
  readonly messages: PendingMessage[] = [];

  /** The last message if it has `role`, else a new empty one with that role. */
  current(role: 'user' | 'assistant'): PendingMessage {
    const last = this.messages[this.messages.length - 1];
    if (last && last.role === role) return last;
    const created: PendingMessage = { role, blocks: [] };
    this.messages.push(created);
    return created;
  }

  add(role: 'user' | 'assistant', blocks: JsonObject[]): void {
    if (blocks.length === 0) return;
    this.current(role).blocks.push(...blocks);
  }

  /** Final list: tool results first in user turns, orphans turned to text, lone text → string. */
  build(): JsonObject[] {
    const out: JsonObject[] = [];
    let previous: PendingMessage | undefined;
    for (const message of this.messages) {
      let blocks = message.blocks;
      if (message.role === 'user') blocks = sanitizeToolResults(blocks, previous);
      if (blocks.length === 0) continue;
      const only = blocks[0];
      const content =
        blocks.length === 1 && only && only['type'] === 'text' && only['cache_control'] === undefined ? (only['text'] as string) : blocks;
      out.push({ role: message.role, content });
      previous = { role: message.role, blocks };
    }
    return out;
  }
}

const ORPHAN_HEADER = '[Previous tool results from compacted history]';

function resultText(block: JsonObject): string {
  const content = block['content'];
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return objectsOf(content)
    .map((part) => (part['type'] === 'text' && typeof part['text'] === 'string' ? part['text'] : ''))
    .join('\n');
}

function sanitizeToolResults(blocks: JsonObject[], previous: PendingMessage | undefined): JsonObject[] {
  if (!blocks.some((block) => block['type'] === 'tool_result')) return blocks;
  const valid = new Set<string>();
  if (previous?.role === 'assistant') {
    for (const block of previous.blocks) if (block['type'] === 'tool_use' && typeof block['id'] === 'string') valid.add(block['id']);
  }
  const results: JsonObject[] = [];
  const others: JsonObject[] = [];
  const orphans: string[] = [];
  for (const block of blocks) {
    if (block['type'] !== 'tool_result') {
      others.push(block);
      continue;
    }
    const id = asString(block['tool_use_id']) ?? '';
    if (valid.has(id)) results.push(block);
    else {
      const text = resultText(block);
      orphans.push(`- Tool ${id}: ${text.length > 500 ? `${text.slice(0, 500)}...` : text}`);
    }
  }
  if (orphans.length > 0) others.unshift({ type: 'text', text: `${ORPHAN_HEADER}\n${orphans.join('\n')}\n` });
  return [...results, ...others];
}

/**
 * With extended thinking on, Anthropic requires the final assistant turn of a tool loop to start
 * with its signed thinking block. When the client's history cannot provide one (a Chat client's
 * streamed `<thinking>` carries no signature; foreign reasoning items have none), thinking is turned
 * off for this request instead of letting the upstream reject it.
 */
export function dropThinkingWithoutSignedHistory(body: JsonObject): void {
  if (!body['thinking']) return;
  const messages = Array.isArray(body['messages']) ? (body['messages'] as JsonObject[]) : [];
  let lastAssistant: JsonObject | undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.['role'] === 'assistant') {
      lastAssistant = messages[i];
      break;
    }
  }
  const content = lastAssistant?.['content'];
  if (!Array.isArray(content)) return;
  const blocks = objectsOf(content);
  if (!blocks.some((block) => block['type'] === 'tool_use')) return;
  const first = blocks[0]?.['type'];
  if (first === 'thinking' || first === 'redacted_thinking') return;
  delete body['thinking'];
}
