// Whole Responses objects → Chat Completions (formats.md §6.5 [Rec]) and → Anthropic (§6.6 [Rec]).
import type { ConversionContext } from '../context.js';
import type { AnthropicMessagesResponse } from '../models/anthropic.js';
import type { ChatCompletionResponse } from '../models/chat.js';
import { anthropicToolId, ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject, nowSeconds, objectsOf } from '../shared/json.js';
import { responsesToAnthropicStop, responsesToChatFinish } from '../shared/stop-reasons.js';
import { argumentsText, parseArgumentsLenient } from '../shared/tool-arguments.js';
import { reasoningSummaryText } from '../shared/reasoning-summary.js';
import { emptyUsage, toAnthropicUsage, toChatUsage, usageFromResponses } from '../usage.js';

/** A buffered Codex stream may hand us `{response:{…}}`; accept both shapes. */
function responseObject(body: JsonObject): JsonObject {
  return isObject(body['response']) && !Array.isArray(body['output']) ? body['response'] : body;
}

function terminalStatus(response: JsonObject): { status: unknown; reason: unknown } {
  return { status: response['status'], reason: asObject(response['incomplete_details'])?.['reason'] };
}

export function responsesToChatResponse(input: JsonObject, context?: ConversionContext): ChatCompletionResponse {
  const body = responseObject(input);
  const xml = context?.thinkingXml ?? true;
  const content: string[] = [];
  const reasoning: string[] = [];
  const refusals: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const item of objectsOf(body['output'])) {
    switch (item['type']) {
      case 'reasoning': {
        const text = reasoningSummaryText(item);
        if (text.length === 0) break;
        if (xml) content.push(`<thinking>${text}</thinking>`);
        else reasoning.push(text);
        break;
      }
      case 'message':
        for (const part of Array.isArray(item['content']) ? (item['content'] as unknown[]) : []) {
          if (typeof part === 'string') content.push(part);
          else if (isObject(part) && part['type'] === 'output_text' && typeof part['text'] === 'string') content.push(part['text']);
          else if (isObject(part) && part['type'] === 'refusal' && typeof part['refusal'] === 'string') refusals.push(part['refusal']);
        }
        break;
      case 'function_call': {
        const name = asString(item['name']);
        if (!name) break;
        toolCalls.push({
          id: asString(item['call_id']) ?? asString(item['id']) ?? `call_${toolCalls.length}`,
          type: 'function',
          function: { name, arguments: argumentsText(item['arguments']) },
        });
        break;
      }
      default:
        break;
    }
  }
  const text = content.join('');
  const message: JsonObject = { role: 'assistant', content: text.length > 0 ? text : null, refusal: refusals.length > 0 ? refusals.join('') : null };
  if (reasoning.length > 0) message['reasoning_content'] = reasoning.join('\n\n');
  if (toolCalls.length > 0) message['tool_calls'] = toolCalls;
  const { status, reason } = terminalStatus(body);
  let finish = responsesToChatFinish(toolCalls.length > 0, status, reason);
  if (finish === 'stop' && refusals.length > 0 && text.length === 0) finish = 'content_filter';
  return {
    id: asString(body['id']) ?? 'chatcmpl-resp',
    object: 'chat.completion',
    created: asNumber(body['created_at']) ?? nowSeconds(),
    model: context?.clientModel ?? asString(body['model']) ?? '',
    choices: [{ index: 0, message: message as ChatCompletionResponse['choices'][number]['message'], finish_reason: finish, logprobs: null }],
    usage: toChatUsage(isObject(body['usage']) ? usageFromResponses(body['usage']) : emptyUsage()),
  };
}

export function responsesToAnthropicResponse(input: JsonObject, context?: ConversionContext): AnthropicMessagesResponse {
  const body = responseObject(input);
  const content: JsonObject[] = [];
  let tools = 0;
  let refused = false;
  for (const item of objectsOf(body['output'])) {
    switch (item['type']) {
      case 'reasoning': {
        const text = reasoningSummaryText(item);
        if (text.length > 0) content.push({ type: 'thinking', thinking: text, signature: '' });
        break;
      }
      case 'message':
        for (const part of Array.isArray(item['content']) ? (item['content'] as unknown[]) : []) {
          if (typeof part === 'string' && part.length > 0) content.push({ type: 'text', text: part });
          else if (isObject(part) && part['type'] === 'output_text' && typeof part['text'] === 'string' && part['text'].length > 0) {
            content.push({ type: 'text', text: part['text'] });
          } else if (isObject(part) && part['type'] === 'refusal' && typeof part['refusal'] === 'string') {
            refused = true;
            content.push({ type: 'text', text: part['refusal'] });
          }
        }
        break;
      case 'function_call':
        content.push({
          type: 'tool_use',
          id: anthropicToolId(asString(item['call_id']) ?? asString(item['id']) ?? `tool_${tools}`),
          name: asString(item['name']) ?? 'function',
          input: parseArgumentsLenient(item['arguments']),
        });
        tools += 1;
        break;
      default:
        break;
    }
  }
  const { status, reason } = terminalStatus(body);
  return {
    id: ensureIdentifier('msg', asString(body['id']))[0],
    type: 'message',
    role: 'assistant',
    model: context?.clientModel ?? asString(body['model']) ?? '',
    content: content as AnthropicMessagesResponse['content'],
    stop_reason: responsesToAnthropicStop(tools > 0, status, reason, refused),
    stop_sequence: null,
    usage: toAnthropicUsage(isObject(body['usage']) ? usageFromResponses(body['usage']) : emptyUsage()),
  };
}
