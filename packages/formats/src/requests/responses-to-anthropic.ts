// openai.responses → anthropic.messages request (formats.md §5.5 [Rec]: mirrors §5.2 in reverse).
import { FormatConversionError } from '../errors/format-conversion-error.js';
import type { ConvertRequestOptions } from '../context.js';
import type { AnthropicMessagesRequest } from '../models/anthropic.js';
import { openAiContentText } from '../shared/content.js';
import { decodeThinkingSignature } from '../shared/anthropic-signature.js';
import { anthropicToolId } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject } from '../shared/json.js';
import { effortToBudget } from '../shared/reasoning.js';
import { reasoningSummaryText } from '../shared/reasoning-summary.js';
import { responsesTextFormatInstruction } from '../shared/structured-output.js';
import { parseArgumentsLenient } from '../shared/tool-arguments.js';
import { AnthropicHistory } from './anthropic-history.js';
import { finishAnthropicRequest } from './anthropic-request-tail.js';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, assistantTextToAnthropic, openAiPartsToAnthropic, toolResultContent } from './chat-to-anthropic.js';
import { requireObjectBody } from './request-guards.js';

export function responsesToAnthropicRequest(inputBody: unknown, options: ConvertRequestOptions = {}): AnthropicMessagesRequest {
  const body = requireObjectBody(inputBody, 'Responses');
  if (typeof body['previous_response_id'] === 'string' && body['previous_response_id'].length > 0) {
    throw new FormatConversionError(
      'previous_response_id is not supported for this upstream: it keeps no server-side conversation state; send the full input instead',
    );
  }
  const rawInput = body['input'];
  if (rawInput !== undefined && typeof rawInput !== 'string' && !Array.isArray(rawInput)) {
    throw new FormatConversionError('Responses request "input" must be a string or an array of items');
  }
  const out: JsonObject = {};
  if (body['model'] !== undefined) out['model'] = body['model'];
  out['max_tokens'] = asNumber(body['max_output_tokens']) ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  if (body['stream'] === true) out['stream'] = true;
  const temperature = asNumber(body['temperature']);
  if (temperature !== undefined) out['temperature'] = Math.min(1, Math.max(0, temperature));
  const topP = asNumber(body['top_p']);
  if (topP !== undefined) out['top_p'] = topP;
  const userId = asString(asObject(body['metadata'])?.['user_id']) ?? asString(body['user']) ?? asString(body['safety_identifier']);
  if (userId) out['metadata'] = { user_id: userId };

  const system: string[] = [];
  if (typeof body['instructions'] === 'string' && body['instructions'].trim().length > 0) system.push(body['instructions']);
  const history = new AnthropicHistory();
  if (typeof rawInput === 'string') {
    history.add('user', openAiPartsToAnthropic(rawInput));
  } else {
    for (const item of Array.isArray(rawInput) ? rawInput : []) {
      if (!isObject(item)) continue;
      const type = item['type'] ?? (item['role'] !== undefined ? 'message' : undefined);
      switch (type) {
        case 'message': {
          const role = item['role'];
          if (role === 'system' || role === 'developer') {
            const text = openAiContentText(item['content'], '\n');
            if (text.trim().length > 0) system.push(text);
          } else if (role === 'assistant') {
            const content = item['content'];
            const blocks = typeof content === 'string' ? assistantTextToAnthropic(content) : openAiPartsToAnthropic(content);
            history.add('assistant', blocks);
          } else {
            history.add('user', openAiPartsToAnthropic(item['content']));
          }
          break;
        }
        case 'function_call':
          history.current('assistant').blocks.push({
            type: 'tool_use',
            id: anthropicToolId(asString(item['call_id']) ?? asString(item['id']) ?? 'call_0'),
            name: asString(item['name']) ?? '',
            input: parseArgumentsLenient(item['arguments']),
          });
          break;
        case 'function_call_output':
          history.current('user').blocks.push({
            type: 'tool_result',
            tool_use_id: anthropicToolId(asString(item['call_id']) ?? ''),
            content: toolResultContent(item['output']),
          });
          break;
        case 'reasoning': {
          // Only reasoning ccproxy made from a Claude thinking block carries a valid signature.
          const signature = decodeThinkingSignature(item['encrypted_content']);
          if (signature) history.current('assistant').blocks.push({ type: 'thinking', thinking: reasoningSummaryText(item), signature });
          break;
        }
        default:
          break; // foreign reasoning (no Claude signature), item_reference, server tool calls: dropped
      }
    }
  }
  const budget = effortToBudget(asObject(body['reasoning'])?.['effort']);
  return finishAnthropicRequest(out, body, { system, instruction: responsesTextFormatInstruction(body['text']), history, budget }, options);
}
