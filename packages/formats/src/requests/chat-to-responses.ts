// openai.chat_completions → openai.responses request (formats.md §5.4, [Rec] rules).
import type { ConvertRequestOptions } from '../context.js';
import type { ResponsesRequest } from '../models/responses.js';
import { openAiContentText } from '../shared/content.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, objectsOf } from '../shared/json.js';
import { chatResponseFormatToTextFormat } from '../shared/structured-output.js';
import { splitThinkingXml } from '../shared/thinking-xml.js';
import { argumentsText } from '../shared/tool-arguments.js';
import { chatToolChoiceToResponses, chatToolsToResponses } from '../shared/tools.js';
import { requireMessageObject, requireMessages, requireObjectBody } from './request-guards.js';

const COPIED = ['temperature', 'top_p', 'top_logprobs', 'service_tier', 'store', 'prompt_cache_key', 'user', 'safety_identifier', 'parallel_tool_calls'] as const;

/** Chat user content → Responses input parts (text, images, files). */
function userParts(content: unknown): JsonObject[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'input_text', text: content }] : [];
  const parts: JsonObject[] = [];
  for (const part of objectsOf(content)) {
    switch (part['type']) {
      case 'text':
      case 'input_text': {
        const text = asString(part['text']);
        if (text) parts.push({ type: 'input_text', text });
        break;
      }
      case 'image_url': {
        const image = asObject(part['image_url']);
        const url = asString(image?.['url']) ?? asString(part['image_url']);
        if (!url) break;
        const converted: JsonObject = { type: 'input_image', image_url: url };
        const detail = asString(image?.['detail']);
        if (detail) converted['detail'] = detail;
        parts.push(converted);
        break;
      }
      case 'file': {
        const file = asObject(part['file']) ?? {};
        const converted: JsonObject = { type: 'input_file' };
        for (const key of ['file_data', 'file_id', 'filename'] as const) if (typeof file[key] === 'string') converted[key] = file[key];
        if (converted['file_data'] !== undefined || converted['file_id'] !== undefined) parts.push(converted);
        break;
      }
      default:
        break;
    }
  }
  return parts;
}

/** Assistant history text without the `<thinking>` XML ccproxy may have added (no Responses form). */
function assistantText(content: unknown): string {
  const text = openAiContentText(content, '');
  if (!text.includes('<thinking')) return text;
  return splitThinkingXml(text)
    .map((segment) => (segment.type === 'text' ? segment.text : ''))
    .join('')
    .trim();
}

export function chatToResponsesRequest(inputBody: unknown, options: ConvertRequestOptions = {}): ResponsesRequest {
  const body = requireObjectBody(inputBody, 'Chat Completions');
  const messages = requireMessages(body, 'messages', 'Chat Completions');
  const out: JsonObject = {};
  if (body['model'] !== undefined) out['model'] = body['model'];
  const instructions: string[] = [];
  const input: JsonObject[] = [];
  messages.forEach((raw, index) => {
    const message = requireMessageObject(raw, index, 'messages');
    switch (message['role']) {
      case 'system':
      case 'developer': {
        const text = typeof message['content'] === 'string' ? message['content'].trim() : openAiContentText(message['content'], ' ').trim();
        if (text.length > 0) instructions.push(text);
        break;
      }
      case 'assistant': {
        const text = assistantText(message['content']);
        if (text.length > 0) input.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
        for (const call of objectsOf(message['tool_calls'])) {
          const fn = asObject(call['function']) ?? {};
          input.push({
            type: 'function_call',
            call_id: asString(call['id']) ?? `call_${input.length}`,
            name: asString(fn['name']) ?? '',
            arguments: argumentsText(fn['arguments']),
          });
        }
        break;
      }
      case 'tool':
      case 'function':
        input.push({
          type: 'function_call_output',
          call_id: asString(message['tool_call_id']) ?? asString(message['name']) ?? '',
          output: openAiContentText(message['content'], '\n'),
        });
        break;
      default: {
        const parts = userParts(message['content']);
        if (parts.length > 0) input.push({ type: 'message', role: 'user', content: parts });
        break;
      }
    }
  });
  if (instructions.length > 0) out['instructions'] = instructions.join('\n\n');
  out['input'] = input;

  const maxTokens = asNumber(body['max_completion_tokens']) ?? asNumber(body['max_tokens']);
  if (maxTokens !== undefined) out['max_output_tokens'] = maxTokens;
  if (typeof body['stream'] === 'boolean') out['stream'] = body['stream'];
  for (const key of COPIED) if (body[key] !== undefined && body[key] !== null) out[key] = body[key];

  const text: JsonObject = {};
  const format = chatResponseFormatToTextFormat(body['response_format']);
  if (format) text['format'] = format;
  if (typeof body['verbosity'] === 'string') text['verbosity'] = body['verbosity'];
  if (Object.keys(text).length > 0) out['text'] = text;

  const effort = asString(body['reasoning_effort']) ?? options.defaultReasoningEffort ?? undefined;
  if (effort) out['reasoning'] = { effort, summary: options.reasoningSummary ?? 'auto' };

  const tools = chatToolsToResponses(body['tools']);
  if (tools.length > 0) {
    out['tools'] = tools;
    if (body['tool_choice'] !== undefined && body['tool_choice'] !== null) out['tool_choice'] = chatToolChoiceToResponses(body['tool_choice']);
  }
  return out as ResponsesRequest;
}
