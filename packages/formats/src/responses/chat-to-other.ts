// Whole Chat Completions responses → Anthropic (formats.md §6.3) and → Responses (§6.4).
import type { ConversionContext } from '../context.js';
import type { AnthropicMessagesResponse } from '../models/anthropic.js';
import type { ResponsesOutputItem, ResponsesResponse } from '../models/responses.js';
import { anthropicToolId, ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject, nowSeconds, objectsOf } from '../shared/json.js';
import { chatFinishToAnthropicStop, chatFinishToResponses } from '../shared/stop-reasons.js';
import type { XmlSegment } from '../shared/thinking-xml.js';
import { splitThinkingXml } from '../shared/thinking-xml.js';
import { argumentsText, parseArgumentsLenient } from '../shared/tool-arguments.js';
import { openAiContentText } from '../shared/content.js';
import { toAnthropicUsage, toResponsesUsage, usageFromChat } from '../usage.js';
import { buildResponseEnvelope } from './responses-envelope.js';

function firstChoice(body: JsonObject): JsonObject {
  const choices = objectsOf(body['choices']);
  return choices.find((choice) => choice['index'] === 0 || choice['index'] === undefined) ?? choices[0] ?? {};
}

/** The assistant message as segments: reasoning fields first, then the content split on thinking XML. */
function messageSegments(message: JsonObject): XmlSegment[] {
  const segments: XmlSegment[] = [];
  const reasoning = asString(message['reasoning_content']) ?? asString(message['reasoning']);
  if (reasoning) segments.push({ type: 'thinking', thinking: reasoning, signature: '' });
  segments.push(...splitThinkingXml(openAiContentText(message['content'], '')));
  return segments;
}

export function chatToAnthropicResponse(body: JsonObject, context?: ConversionContext): AnthropicMessagesResponse {
  const choice = firstChoice(body);
  const message = asObject(choice['message']) ?? {};
  const content: JsonObject[] = [];
  for (const segment of messageSegments(message)) {
    if (segment.type === 'text') content.push({ type: 'text', text: segment.text });
    else content.push({ type: 'thinking', thinking: segment.thinking, signature: segment.signature });
  }
  const refusal = asString(message['refusal']);
  if (refusal) content.push({ type: 'text', text: refusal });
  objectsOf(message['tool_calls']).forEach((call, index) => {
    const fn = asObject(call['function']) ?? {};
    content.push({
      type: 'tool_use',
      id: anthropicToolId(asString(call['id']) ?? `call_${index}`),
      name: asString(fn['name']) ?? 'function',
      input: parseArgumentsLenient(fn['arguments']),
    });
  });
  let stop = chatFinishToAnthropicStop(choice['finish_reason']);
  if (refusal && stop === 'end_turn') stop = 'refusal';
  return {
    id: asString(body['id']) || 'msg_1',
    type: 'message',
    role: 'assistant',
    model: context?.clientModel ?? asString(body['model']) ?? '',
    content: content as AnthropicMessagesResponse['content'],
    stop_reason: stop,
    stop_sequence: null,
    usage: toAnthropicUsage(usageFromChat(body['usage'])),
  };
}

export function chatToResponsesResponse(body: JsonObject, context?: ConversionContext): ResponsesResponse {
  const choice = firstChoice(body);
  const message = asObject(choice['message']) ?? {};
  const [responseId, suffix] = ensureIdentifier('resp', asString(body['id']));
  const output: ResponsesOutputItem[] = [];
  let messages = 0;
  let reasonings = 0;
  const pushText = (text: string): void => {
    output.push({
      type: 'message',
      id: messages === 0 ? `msg_${suffix}` : `msg_${suffix}_${messages}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
    messages += 1;
  };
  for (const segment of messageSegments(message)) {
    if (segment.type === 'text') pushText(segment.text);
    else {
      const summary: JsonObject = { type: 'summary_text', text: segment.thinking };
      if (segment.signature.length > 0) summary['signature'] = segment.signature;
      output.push({ type: 'reasoning', id: reasonings === 0 ? `rs_${suffix}` : `rs_${suffix}_${reasonings}`, status: 'completed', summary: [summary as { type: 'summary_text'; text: string }] });
      reasonings += 1;
    }
  }
  const refusal = asString(message['refusal']);
  if (refusal) {
    output.push({ type: 'message', id: `msg_${suffix}_refusal`, status: 'completed', role: 'assistant', content: [{ type: 'refusal', refusal }] });
  }
  const calls = objectsOf(message['tool_calls']);
  calls.forEach((call, index) => {
    const fn = asObject(call['function']) ?? {};
    const callId = asString(call['id']) ?? `call_${index}`;
    output.push({
      type: 'function_call',
      id: `fc_${suffix}_${index}`,
      call_id: callId,
      name: asString(fn['name']) ?? '',
      arguments: argumentsText(fn['arguments']),
      status: 'completed',
    });
  });
  if (output.length === 0) pushText('');
  const outcome = chatFinishToResponses(choice['finish_reason']);
  const envelope = buildResponseEnvelope({
    id: responseId,
    createdAt: asNumber(body['created']) ?? nowSeconds(),
    model: context?.clientModel ?? asString(body['model']) ?? '',
    status: outcome.status,
    incompleteReason: outcome.incompleteReason,
    output,
    usage: isObject(body['usage']) ? toResponsesUsage(usageFromChat(body['usage'])) : undefined,
    clientRequest: context?.clientRequest,
  });
  if (reasonings > 0 && envelope.reasoning && !envelope.reasoning.summary) envelope.reasoning = { ...envelope.reasoning, summary: 'auto' };
  return envelope;
}
