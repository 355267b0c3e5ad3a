// openai.chat_completions → anthropic.messages request (formats.md §5.3, [Rec] rules).
import type { ConvertRequestOptions } from '../context.js';
import type { AnthropicMessagesRequest } from '../models/anthropic.js';
import { fileToAnthropicDocument, openAiContentText, urlToAnthropicImage } from '../shared/content.js';
import { anthropicToolId } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject, objectsOf } from '../shared/json.js';
import { effortToBudget, modelFallbackBudget } from '../shared/reasoning.js';
import { chatResponseFormatInstruction } from '../shared/structured-output.js';
import { splitThinkingXml } from '../shared/thinking-xml.js';
import { parseArgumentsLenient } from '../shared/tool-arguments.js';
import { AnthropicHistory } from './anthropic-history.js';
import { finishAnthropicRequest } from './anthropic-request-tail.js';
import { requireMessageObject, requireMessages, requireObjectBody } from './request-guards.js';

export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** OpenAI user-side parts (Chat or Responses vocabulary) → Anthropic blocks. */
export function openAiPartsToAnthropic(content: unknown): JsonObject[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const blocks: JsonObject[] = [];
  for (const part of Array.isArray(content) ? content : []) {
    if (typeof part === 'string') {
      if (part.length > 0) blocks.push({ type: 'text', text: part });
      continue;
    }
    if (!isObject(part)) continue;
    switch (part['type']) {
      case 'text':
      case 'input_text':
      case 'output_text': {
        const text = asString(part['text']);
        if (text) blocks.push({ type: 'text', text });
        break;
      }
      case 'refusal': {
        const text = asString(part['refusal']);
        if (text) blocks.push({ type: 'text', text });
        break;
      }
      case 'image_url': {
        const url = asString(asObject(part['image_url'])?.['url']) ?? asString(part['image_url']);
        if (url) blocks.push(urlToAnthropicImage(url));
        break;
      }
      case 'input_image': {
        const url = asString(part['image_url']) ?? asString(asObject(part['image_url'])?.['url']);
        if (url) blocks.push(urlToAnthropicImage(url));
        break;
      }
      case 'file':
      case 'input_file': {
        const file = asObject(part['file']) ?? part;
        const doc = fileToAnthropicDocument(asString(file['file_data']), asString(file['file_url']), asString(file['filename']));
        if (doc) blocks.push(doc);
        break;
      }
      default:
        break; // input_audio and unknown parts: no Anthropic equivalent
    }
  }
  return blocks;
}

/**
 * Assistant text → Anthropic blocks. `<thinking signature="…">` XML that ccproxy produced earlier
 * becomes a thinking block again (signature preserved); unsigned thinking XML is dropped, since
 * Anthropic would reject an unsigned thinking block and the model must not see it as plain text.
 */
export function assistantTextToAnthropic(text: string): JsonObject[] {
  const blocks: JsonObject[] = [];
  for (const segment of splitThinkingXml(text)) {
    if (segment.type === 'text') {
      if (segment.text.trim().length > 0) blocks.push({ type: 'text', text: segment.text });
    } else if (segment.signature.length > 0) {
      blocks.push({ type: 'thinking', thinking: segment.thinking, signature: segment.signature });
    }
  }
  return blocks;
}

/** Tool-result content → Anthropic tool_result `content` (string, or blocks when images are present). */
export function toolResultContent(content: unknown): string | JsonObject[] {
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) return '';
  if (!Array.isArray(content)) return JSON.stringify(content);
  const blocks = openAiPartsToAnthropic(content);
  if (blocks.every((block) => block['type'] === 'text')) return blocks.map((block) => block['text'] as string).join('\n');
  return blocks.filter((block) => block['type'] === 'text' || block['type'] === 'image');
}

function systemText(content: unknown): string {
  return openAiContentText(content, '\n');
}

export function chatToAnthropicRequest(input: unknown, options: ConvertRequestOptions = {}): AnthropicMessagesRequest {
  const body = requireObjectBody(input, 'Chat Completions');
  const messages = requireMessages(body, 'messages', 'Chat Completions');
  const out: JsonObject = {};
  if (typeof body['model'] === 'string') out['model'] = body['model'].trim();
  out['max_tokens'] = asNumber(body['max_completion_tokens']) ?? asNumber(body['max_tokens']) ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  if (typeof body['stream'] === 'boolean') out['stream'] = body['stream'];
  const temperature = asNumber(body['temperature']);
  if (temperature !== undefined) out['temperature'] = Math.min(1, Math.max(0, temperature));
  const topP = asNumber(body['top_p']);
  if (topP !== undefined) out['top_p'] = topP;
  const stop = body['stop'];
  const stops = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string') : [];
  if (stops.length > 0) out['stop_sequences'] = stops;
  const user = asString(body['user']);
  if (user) out['metadata'] = { user_id: user };

  const systemParts: string[] = [];
  const history = new AnthropicHistory();
  messages.forEach((raw, index) => {
    const message = requireMessageObject(raw, index, 'messages');
    switch (message['role']) {
      case 'system':
      case 'developer': {
        const text = systemText(message['content']);
        if (text.length > 0) systemParts.push(text);
        break;
      }
      case 'assistant': {
        const blocks = assistantTextToAnthropic(openAiContentText(message['content'], ''));
        for (const call of objectsOf(message['tool_calls'])) {
          const fn = asObject(call['function']) ?? {};
          blocks.push({
            type: 'tool_use',
            id: anthropicToolId(asString(call['id']) ?? `call_${blocks.length}`),
            name: asString(fn['name']) ?? '',
            input: parseArgumentsLenient(fn['arguments']),
          });
        }
        history.add('assistant', blocks);
        break;
      }
      case 'tool':
      case 'function': {
        const id = asString(message['tool_call_id']) ?? asString(message['name']) ?? '';
        history.current('user').blocks.push({ type: 'tool_result', tool_use_id: anthropicToolId(id), content: toolResultContent(message['content']) });
        break;
      }
      default:
        history.add('user', openAiPartsToAnthropic(message['content']));
        break;
    }
  });

  const budget = body['reasoning_effort'] !== undefined && body['reasoning_effort'] !== null
    ? effortToBudget(body['reasoning_effort'])
    : modelFallbackBudget(body['model']);
  return finishAnthropicRequest(out, body, { system: systemParts, instruction: chatResponseFormatInstruction(body['response_format']), history, budget }, options);
}
