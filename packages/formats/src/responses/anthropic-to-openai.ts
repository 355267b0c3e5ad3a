// Whole Anthropic responses → Chat Completions (formats.md §6.1) and → Responses (§6.2 [Rec]).
import type { ConversionContext } from '../context.js';
import type { ChatCompletionResponse } from '../models/chat.js';
import type { ResponsesOutputItem, ResponsesOutputMessage, ResponsesReasoningItem, ResponsesResponse } from '../models/responses.js';
import { encodeThinkingSignature } from '../shared/anthropic-signature.js';
import { ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asString, nowSeconds, objectsOf } from '../shared/json.js';
import { anthropicStopToChatFinish, anthropicStopToResponses } from '../shared/stop-reasons.js';
import { thinkingToXml } from '../shared/thinking-xml.js';
import { stringifyArguments } from '../shared/tool-arguments.js';
import { toChatUsage, toResponsesUsage, usageFromAnthropic } from '../usage.js';
import { buildResponseEnvelope } from './responses-envelope.js';

export function anthropicToChatResponse(body: JsonObject, context?: ConversionContext): ChatCompletionResponse {
  const xml = context?.thinkingXml ?? true;
  const content: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const block of objectsOf(body['content'])) {
    switch (block['type']) {
      case 'text':
        if (typeof block['text'] === 'string') content.push(block['text']);
        break;
      case 'thinking': {
        const thinking = asString(block['thinking']) ?? '';
        if (xml) content.push(thinkingToXml({ thinking, signature: asString(block['signature']) ?? '' }));
        else if (thinking.length > 0) reasoning.push(thinking);
        break;
      }
      case 'tool_use':
        toolCalls.push({
          id: asString(block['id']) ?? `call_${toolCalls.length}`,
          type: 'function',
          function: { name: asString(block['name']) ?? 'function', arguments: stringifyArguments(block['input']) },
        });
        break;
      default:
        break; // redacted_thinking and server tool blocks have no Chat form
    }
  }
  const text = content.join('');
  const message: JsonObject = { role: 'assistant', content: text.length > 0 ? text : null, refusal: null };
  if (reasoning.length > 0) message['reasoning_content'] = reasoning.join('\n\n');
  if (toolCalls.length > 0) message['tool_calls'] = toolCalls;
  return {
    id: asString(body['id']) ?? `msg_${Date.now()}`,
    object: 'chat.completion',
    created: nowSeconds(),
    model: context?.clientModel ?? asString(body['model']) ?? '',
    choices: [{ index: 0, message: message as ChatCompletionResponse['choices'][number]['message'], finish_reason: anthropicStopToChatFinish(body['stop_reason']), logprobs: null }],
    usage: toChatUsage(usageFromAnthropic(body['usage'])),
  };
}

export function anthropicToResponsesResponse(body: JsonObject, context?: ConversionContext): ResponsesResponse {
  const [id, suffix] = ensureIdentifier('resp', asString(body['id']));
  const output: ResponsesOutputItem[] = [];
  let reasoningCount = 0;
  let messageCount = 0;
  let functionCount = 0;
  let openMessage: ResponsesOutputMessage | undefined;
  const closeText = (): void => {
    openMessage = undefined;
  };
  for (const block of objectsOf(body['content'])) {
    switch (block['type']) {
      case 'text': {
        const text = asString(block['text']) ?? '';
        if (!openMessage) {
          const itemId = messageCount === 0 ? `msg_${suffix}` : `msg_${suffix}_${messageCount}`;
          messageCount += 1;
          openMessage = { type: 'message', id: itemId, status: 'completed', role: 'assistant', content: [] };
          output.push(openMessage);
        }
        openMessage.content.push({ type: 'output_text', text, annotations: [], logprobs: [] });
        break;
      }
      case 'thinking': {
        closeText();
        const thinking = asString(block['thinking']) ?? '';
        const itemId = reasoningCount === 0 ? `rs_${suffix}` : `rs_${suffix}_${reasoningCount}`;
        reasoningCount += 1;
        const item: ResponsesReasoningItem = { type: 'reasoning', id: itemId, status: 'completed', summary: thinking.length > 0 ? [{ type: 'summary_text', text: thinking }] : [] };
        const signature = asString(block['signature']) ?? '';
        if (signature.length > 0) item.encrypted_content = encodeThinkingSignature(signature);
        output.push(item);
        break;
      }
      case 'tool_use': {
        closeText();
        const callId = asString(block['id']) ?? `call_${functionCount}`;
        output.push({
          type: 'function_call',
          id: `fc_${suffix}_${functionCount}`,
          call_id: callId,
          name: asString(block['name']) ?? '',
          arguments: stringifyArguments(block['input']),
          status: 'completed',
        });
        functionCount += 1;
        break;
      }
      default:
        break; // redacted_thinking (dropped, formats.md §6.2) and server tool blocks
    }
  }
  const outcome = anthropicStopToResponses(body['stop_reason']);
  return buildResponseEnvelope({
    id,
    createdAt: nowSeconds(),
    model: context?.clientModel ?? asString(body['model']) ?? '',
    status: outcome.status,
    incompleteReason: outcome.incompleteReason,
    output,
    usage: toResponsesUsage(usageFromAnthropic(body['usage'])),
    clientRequest: context?.clientRequest,
  });
}
