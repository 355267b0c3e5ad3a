// openai.responses → openai.chat_completions request (formats.md §5.6, [Rec] rules).
import { FormatConversionError } from '../errors/format-conversion-error.js';
import type { ChatCompletionRequest } from '../models/chat.js';
import { openAiContentText } from '../shared/content.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject } from '../shared/json.js';
import { clampChatEffort } from '../shared/reasoning.js';
import { textFormatToChatResponseFormat } from '../shared/structured-output.js';
import { argumentsText } from '../shared/tool-arguments.js';
import { responsesToolChoiceToChat, responsesToolsToChat } from '../shared/tools.js';
import { requireObjectBody } from './request-guards.js';

export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';
const COPIED = ['temperature', 'top_p', 'parallel_tool_calls', 'user', 'store', 'service_tier', 'prompt_cache_key', 'safety_identifier', 'top_logprobs'] as const;

/** Responses content → Chat content: text joined by "\n\n", or a part list when images/files are present. */
function chatContent(content: unknown): string | JsonObject[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content);
  const parts: JsonObject[] = [];
  let media = false;
  for (const part of content) {
    if (typeof part === 'string') {
      parts.push({ type: 'text', text: part });
      continue;
    }
    if (!isObject(part)) continue;
    switch (part['type']) {
      case 'input_text':
      case 'output_text':
      case 'text':
        if (typeof part['text'] === 'string') parts.push({ type: 'text', text: part['text'] });
        break;
      case 'refusal':
        if (typeof part['refusal'] === 'string') parts.push({ type: 'text', text: part['refusal'] });
        break;
      case 'input_image': {
        const url = asString(part['image_url']) ?? asString(asObject(part['image_url'])?.['url']);
        if (!url) break;
        const image: JsonObject = { url };
        if (typeof part['detail'] === 'string') image['detail'] = part['detail'];
        parts.push({ type: 'image_url', image_url: image });
        media = true;
        break;
      }
      case 'input_file': {
        const file: JsonObject = {};
        for (const key of ['file_data', 'file_id', 'filename'] as const) if (typeof part[key] === 'string') file[key] = part[key];
        if (file['file_data'] === undefined && file['file_id'] === undefined) break;
        parts.push({ type: 'file', file });
        media = true;
        break;
      }
      default:
        break;
    }
  }
  if (media) return parts;
  return parts.map((part) => part['text'] as string).join('\n\n');
}

export function responsesToChatRequest(inputBody: unknown): ChatCompletionRequest {
  const body = requireObjectBody(inputBody, 'Responses');
  const rawInput = body['input'];
  if (rawInput !== undefined && typeof rawInput !== 'string' && !Array.isArray(rawInput)) {
    throw new FormatConversionError('Responses request "input" must be a string or an array of items');
  }
  if (typeof body['previous_response_id'] === 'string' && body['previous_response_id'].length > 0) {
    throw new FormatConversionError(
      'previous_response_id is not supported for this upstream: it keeps no server-side conversation state; send the full input instead',
    );
  }
  const out: JsonObject = { model: body['model'] ?? DEFAULT_CHAT_MODEL };
  const system: string[] = [];
  if (typeof body['instructions'] === 'string' && body['instructions'].trim().length > 0) system.push(body['instructions']);
  const messages: JsonObject[] = [];

  if (typeof rawInput === 'string') {
    if (rawInput.trim().length > 0) messages.push({ role: 'user', content: rawInput });
  } else {
    for (const item of Array.isArray(rawInput) ? rawInput : []) {
      if (!isObject(item)) continue;
      const type = item['type'] ?? (item['role'] !== undefined ? 'message' : undefined);
      switch (type) {
        case 'function_call':
        case 'tool_call': {
          const call = {
            id: asString(item['call_id']) ?? asString(item['id']) ?? `call_${messages.length}`,
            type: 'function',
            function: { name: asString(item['name']) ?? '', arguments: argumentsText(item['arguments']) },
          };
          const last = messages[messages.length - 1];
          if (last && last['role'] === 'assistant') {
            const calls = Array.isArray(last['tool_calls']) ? (last['tool_calls'] as JsonObject[]) : [];
            calls.push(call);
            last['tool_calls'] = calls;
          } else {
            messages.push({ role: 'assistant', content: null, tool_calls: [call] });
          }
          break;
        }
        case 'function_call_output':
        case 'tool_output':
        case 'tool_response':
          messages.push({
            role: 'tool',
            tool_call_id: asString(item['call_id']) ?? asString(item['id']) ?? '',
            content: openAiContentText(item['output'] ?? item['content'], '\n\n'),
          });
          break;
        case 'message': {
          const role = item['role'];
          if (role === 'system' || role === 'developer') {
            const text = openAiContentText(item['content'], '\n\n');
            if (text.trim().length > 0) system.push(text);
          } else if (role === 'assistant') {
            const content = openAiContentText(item['content'], '\n\n');
            messages.push({ role: 'assistant', content });
          } else {
            messages.push({ role: 'user', content: chatContent(item['content']) });
          }
          break;
        }
        default:
          break; // reasoning, item_reference and server tool items: skipped ([Defect] B18)
      }
    }
  }
  if (system.length > 0) messages.unshift({ role: 'system', content: system.join('\n\n') });
  if (messages.length === 0) messages.push({ role: 'user', content: '(empty request)' });
  out['messages'] = messages;

  const maxTokens = asNumber(body['max_output_tokens']);
  if (maxTokens !== undefined) out['max_completion_tokens'] = maxTokens;
  if (typeof body['stream'] === 'boolean') {
    out['stream'] = body['stream'];
    if (body['stream']) out['stream_options'] = { include_usage: true };
  }
  for (const key of COPIED) if (body[key] !== undefined && body[key] !== null) out[key] = body[key];
  const effort = clampChatEffort(asObject(body['reasoning'])?.['effort']);
  if (effort) out['reasoning_effort'] = effort;
  const text = asObject(body['text']);
  const responseFormat = textFormatToChatResponseFormat(text?.['format']);
  if (responseFormat) out['response_format'] = responseFormat;
  if (typeof text?.['verbosity'] === 'string') out['verbosity'] = text['verbosity'];

  const tools = responsesToolsToChat(body['tools']);
  if (tools.length > 0) {
    out['tools'] = tools;
    if (body['tool_choice'] !== undefined && body['tool_choice'] !== null) out['tool_choice'] = responsesToolChoiceToChat(body['tool_choice']);
  }
  return out as ChatCompletionRequest;
}
