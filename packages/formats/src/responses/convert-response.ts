// Response stage for whole (non-streaming) bodies: upstream format → client format (formats.md §6).
import type { ConversionContext } from '../context.js';
import { FormatConversionError } from '../errors/format-conversion-error.js';
import type { FormatId } from '../format-id.js';
import type { AnthropicMessagesResponse } from '../models/anthropic.js';
import type { ChatCompletionResponse } from '../models/chat.js';
import type { ResponsesResponse } from '../models/responses.js';
import { isObject } from '../shared/json.js';
import { anthropicToChatResponse, anthropicToResponsesResponse } from './anthropic-to-openai.js';
import { chatToAnthropicResponse, chatToResponsesResponse } from './chat-to-other.js';
import { responsesToAnthropicResponse, responsesToChatResponse } from './responses-to-other.js';

/** The whole-response body type of a format. */
export type ResponseBodyOf<F extends FormatId> = F extends 'anthropic.messages'
  ? AnthropicMessagesResponse
  : F extends 'openai.chat_completions'
    ? ChatCompletionResponse
    : ResponsesResponse;

/**
 * Converts a whole upstream response (`from`) into the client's format (`to`). `from === to`
 * returns the body unchanged. Throws FormatConversionError (status 502) when the body is not an object.
 */
export function convertResponse<To extends FormatId>(from: FormatId, to: To, body: unknown, context?: ConversionContext): ResponseBodyOf<To> {
  if (!isObject(body)) throw new FormatConversionError('Upstream response body must be a JSON object', { status: 502, type: 'api_error' });
  let converted: Record<string, unknown>;
  if (from === to) converted = body;
  else if (from === 'anthropic.messages') converted = to === 'openai.chat_completions' ? anthropicToChatResponse(body, context) : anthropicToResponsesResponse(body, context);
  else if (from === 'openai.chat_completions') converted = to === 'anthropic.messages' ? chatToAnthropicResponse(body, context) : chatToResponsesResponse(body, context);
  else converted = to === 'anthropic.messages' ? responsesToAnthropicResponse(body, context) : responsesToChatResponse(body, context);
  return converted as ResponseBodyOf<To>;
}
