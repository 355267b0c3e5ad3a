// anthropic.messages → openai.chat_completions request (formats.md §5.1, [Rec] rules).
import type { ChatCompletionRequest } from '../models/chat.js';
import { anthropicSourceUrl } from '../shared/content.js';
import { clampCallId } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, objectsOf } from '../shared/json.js';
import { thinkingToEffort } from '../shared/reasoning.js';
import { stripBillingHeader } from '../shared/system-prompt.js';
import { stringifyArguments } from '../shared/tool-arguments.js';
import { anthropicToolsToChat, setOpenAiTools } from '../shared/tools.js';
import { requireMessageObject, requireMessages, requireObjectBody } from './request-guards.js';

/** System prompt (string or blocks) → cleaned text; blocks are joined with "\n\n". */
export function anthropicSystemText(system: unknown): string {
  if (typeof system === 'string') return stripBillingHeader(system);
  const pieces: string[] = [];
  for (const block of objectsOf(system)) {
    const text = asString(block['text']);
    if (text === undefined) continue;
    const cleaned = stripBillingHeader(text);
    if (cleaned.length > 0) pieces.push(cleaned);
  }
  return pieces.join('\n\n');
}

/** Tool-result content → plain text (text parts joined by "\n"); images are returned separately. */
function toolResultContent(block: JsonObject): { text: string; images: JsonObject[] } {
  const content = block['content'];
  const images: JsonObject[] = [];
  let text: string;
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) {
    const pieces: string[] = [];
    for (const part of objectsOf(content)) {
      if (part['type'] === 'text' && typeof part['text'] === 'string') pieces.push(part['text']);
      else if (part['type'] === 'image') {
        const url = anthropicSourceUrl(part);
        if (url) images.push({ type: 'image_url', image_url: { url } });
      }
    }
    text = pieces.join('\n');
  } else text = '';
  if (block['is_error'] === true) text = `Error: ${text}`;
  return { text, images };
}

/** A user/assistant content part for a Chat message, or undefined when the block has no Chat form. */
function chatPart(block: JsonObject): JsonObject | undefined {
  switch (block['type']) {
    case 'text':
      return typeof block['text'] === 'string' ? { type: 'text', text: block['text'] } : undefined;
    case 'image': {
      const url = anthropicSourceUrl(block);
      return url ? { type: 'image_url', image_url: { url } } : undefined;
    }
    case 'document': {
      const source = asObject(block['source']);
      if (source?.['type'] === 'text' && typeof source['data'] === 'string') return { type: 'text', text: source['data'] };
      if (source?.['type'] === 'base64') {
        const url = anthropicSourceUrl(block);
        const file: JsonObject = { file_data: url };
        file['filename'] = asString(block['title']) ?? 'document.pdf';
        return { type: 'file', file };
      }
      return undefined;
    }
    default:
      return undefined; // thinking, redacted_thinking, server tool blocks …: no Chat equivalent
  }
}

/** Parts → Chat content: a lone text part becomes a string; no parts → "". */
function chatContent(parts: JsonObject[]): string | JsonObject[] {
  if (parts.length === 0) return '';
  const only = parts[0];
  if (parts.length === 1 && only && only['type'] === 'text') return only['text'] as string;
  return parts;
}

function convertMessage(message: JsonObject, out: JsonObject[]): void {
  const role = message['role'] === 'assistant' ? 'assistant' : 'user';
  const content = message['content'];
  if (typeof content === 'string') {
    out.push({ role, content });
    return;
  }
  const blocks = objectsOf(content);
  if (role === 'assistant') {
    const texts: string[] = [];
    const toolCalls: JsonObject[] = [];
    for (const block of blocks) {
      if (block['type'] === 'text' && typeof block['text'] === 'string') texts.push(block['text']);
      else if (block['type'] === 'tool_use') {
        toolCalls.push({
          id: clampCallId(asString(block['id']) ?? `call_${toolCalls.length}`),
          type: 'function',
          function: { name: asString(block['name']) ?? '', arguments: stringifyArguments(block['input']) },
        });
      }
    }
    if (toolCalls.length > 0) out.push({ role: 'assistant', content: texts.length > 0 ? texts.join(' ') : null, tool_calls: toolCalls });
    else out.push({ role: 'assistant', content: texts.join(' ') });
    return;
  }
  // user: tool results first (one tool message each), then the remaining blocks as a user message
  const parts: JsonObject[] = [];
  let sawToolResult = false;
  for (const block of blocks) {
    if (block['type'] === 'tool_result') {
      sawToolResult = true;
      const { text, images } = toolResultContent(block);
      out.push({ role: 'tool', tool_call_id: clampCallId(asString(block['tool_use_id']) ?? ''), content: text });
      parts.push(...images);
    } else {
      const part = chatPart(block);
      if (part) parts.push(part);
    }
  }
  if (sawToolResult && parts.length === 0) return;
  out.push({ role: 'user', content: chatContent(parts) });
}

export function anthropicToChatRequest(input: unknown): ChatCompletionRequest {
  const body = requireObjectBody(input, 'Anthropic Messages');
  const messages = requireMessages(body, 'messages', 'Anthropic Messages');
  const out: JsonObject = {};
  if (body['model'] !== undefined) out['model'] = body['model'];
  const maxTokens = asNumber(body['max_tokens']);
  if (maxTokens !== undefined) out['max_completion_tokens'] = maxTokens;
  if (body['stream'] === true) {
    out['stream'] = true;
    out['stream_options'] = { include_usage: true };
  }
  const temperature = asNumber(body['temperature']);
  if (temperature !== undefined) out['temperature'] = temperature;
  const topP = asNumber(body['top_p']);
  if (topP !== undefined) out['top_p'] = topP;
  const stops = Array.isArray(body['stop_sequences']) ? body['stop_sequences'].filter((s): s is string => typeof s === 'string') : [];
  if (stops.length > 0) out['stop'] = stops.slice(0, 4);
  const userId = asString(asObject(body['metadata'])?.['user_id']);
  if (userId) out['user'] = userId;
  const effort = thinkingToEffort(body['thinking']);
  if (effort) out['reasoning_effort'] = effort;

  const chatMessages: JsonObject[] = [];
  const system = anthropicSystemText(body['system']);
  if (system.length > 0) chatMessages.push({ role: 'system', content: system });
  messages.forEach((message, index) => convertMessage(requireMessageObject(message, index, 'messages'), chatMessages));
  out['messages'] = chatMessages;

  setOpenAiTools(out, anthropicToolsToChat(body['tools']), body['tool_choice'], 'nested');
  return out as ChatCompletionRequest;
}
