// anthropic.messages → openai.responses request (formats.md §5.2, [Rec] rules).
import type { ResponsesRequest } from '../models/responses.js';
import { anthropicSourceUrl } from '../shared/content.js';
import { clampCallId } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isNonEmptyObject, objectsOf } from '../shared/json.js';
import { thinkingToEffort } from '../shared/reasoning.js';
import { stringifyArguments } from '../shared/tool-arguments.js';
import { anthropicToolsToResponses, setOpenAiTools } from '../shared/tools.js';
import { anthropicSystemText } from './anthropic-to-chat.js';
import { requireMessageObject, requireMessages, requireObjectBody } from './request-guards.js';

/** A user-side block → Responses input content part, or undefined. */
function inputPart(block: JsonObject): JsonObject | undefined {
  switch (block['type']) {
    case 'text':
      return typeof block['text'] === 'string' ? { type: 'input_text', text: block['text'] } : undefined;
    case 'image': {
      const url = anthropicSourceUrl(block);
      return url ? { type: 'input_image', image_url: url } : undefined;
    }
    case 'document': {
      const source = asObject(block['source']);
      if (source?.['type'] === 'text' && typeof source['data'] === 'string') return { type: 'input_text', text: source['data'] };
      if (source?.['type'] === 'base64') {
        return { type: 'input_file', file_data: anthropicSourceUrl(block), filename: asString(block['title']) ?? 'document.pdf' };
      }
      if (source?.['type'] === 'url' && typeof source['url'] === 'string') return { type: 'input_file', file_url: source['url'] };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Tool-result content → `output`: a string, or a part list when it carries images. */
function toolOutput(block: JsonObject): string | JsonObject[] {
  const content = block['content'];
  const prefix = block['is_error'] === true ? 'Error: ' : '';
  if (typeof content === 'string') return prefix + content;
  const texts: string[] = [];
  const parts: JsonObject[] = [];
  for (const part of objectsOf(content)) {
    const converted = inputPart(part);
    if (!converted) continue;
    parts.push(converted);
    if (converted['type'] === 'input_text') texts.push(converted['text'] as string);
  }
  if (parts.length === texts.length) return prefix + texts.join('\n');
  if (prefix) parts.unshift({ type: 'input_text', text: prefix.trim() });
  return parts;
}

function convertMessage(message: JsonObject, input: JsonObject[]): void {
  const role = message['role'] === 'assistant' ? 'assistant' : 'user';
  const content = message['content'];
  if (typeof content === 'string') {
    const part = role === 'assistant' ? { type: 'output_text', text: content } : { type: 'input_text', text: content };
    input.push({ type: 'message', role, content: [part] });
    return;
  }
  let pending: JsonObject[] = [];
  const flush = (): void => {
    if (pending.length > 0) input.push({ type: 'message', role, content: pending });
    pending = [];
  };
  for (const block of objectsOf(content)) {
    const type = block['type'];
    if (role === 'assistant') {
      if (type === 'text' && typeof block['text'] === 'string') pending.push({ type: 'output_text', text: block['text'] });
      else if (type === 'tool_use') {
        flush();
        input.push({
          type: 'function_call',
          call_id: clampCallId(asString(block['id']) ?? ''),
          name: asString(block['name']) ?? '',
          arguments: stringifyArguments(block['input']),
        });
      }
      // thinking / redacted_thinking / server tool blocks: dropped (no portable Responses form)
    } else if (type === 'tool_result') {
      flush();
      input.push({ type: 'function_call_output', call_id: clampCallId(asString(block['tool_use_id']) ?? ''), output: toolOutput(block) });
    } else {
      const part = inputPart(block);
      if (part) pending.push(part);
    }
  }
  flush();
}

export function anthropicToResponsesRequest(inputBody: unknown): ResponsesRequest {
  const body = requireObjectBody(inputBody, 'Anthropic Messages');
  const messages = requireMessages(body, 'messages', 'Anthropic Messages');
  const out: JsonObject = {};
  if (body['model'] !== undefined) out['model'] = body['model'];
  const maxTokens = asNumber(body['max_tokens']);
  if (maxTokens !== undefined) out['max_output_tokens'] = maxTokens;
  if (body['stream'] === true) out['stream'] = true;
  const temperature = asNumber(body['temperature']);
  if (temperature !== undefined) out['temperature'] = temperature;
  const topP = asNumber(body['top_p']);
  if (topP !== undefined) out['top_p'] = topP;
  if (body['service_tier'] === 'auto') out['service_tier'] = 'auto';
  else if (body['service_tier'] === 'standard_only') out['service_tier'] = 'default';
  if (isNonEmptyObject(body['metadata'])) out['metadata'] = body['metadata'];
  const instructions = anthropicSystemText(body['system']);
  if (instructions.length > 0) out['instructions'] = instructions;
  const effort = thinkingToEffort(body['thinking']);
  if (effort) out['reasoning'] = { effort, summary: 'auto' };

  const input: JsonObject[] = [];
  messages.forEach((message, index) => convertMessage(requireMessageObject(message, index, 'messages'), input));
  out['input'] = input;

  setOpenAiTools(out, anthropicToolsToResponses(body['tools']), body['tool_choice'], 'flat');
  return out as ResponsesRequest;
}
