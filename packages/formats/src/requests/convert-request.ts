// Request stage: client format → upstream format (formats.md §5).
import type { ConversionContext, ConvertRequestOptions } from '../context.js';
import { createConversionContext } from '../context.js';
import { FormatConversionError } from '../errors/format-conversion-error.js';
import type { FormatId } from '../format-id.js';
import { isFormatId } from '../format-id.js';
import type { AnthropicMessagesRequest } from '../models/anthropic.js';
import type { ChatCompletionRequest } from '../models/chat.js';
import type { ResponsesRequest } from '../models/responses.js';
import type { JsonObject } from '../shared/json.js';
import { anthropicToChatRequest } from './anthropic-to-chat.js';
import { anthropicToResponsesRequest } from './anthropic-to-responses.js';
import { chatToAnthropicRequest } from './chat-to-anthropic.js';
import { chatToResponsesRequest } from './chat-to-responses.js';
import { requireObjectBody } from './request-guards.js';
import { responsesToAnthropicRequest } from './responses-to-anthropic.js';
import { responsesToChatRequest } from './responses-to-chat.js';

/** The request body type of a format. */
export type RequestBodyOf<F extends FormatId> = F extends 'anthropic.messages'
  ? AnthropicMessagesRequest
  : F extends 'openai.chat_completions'
    ? ChatCompletionRequest
    : ResponsesRequest;

export interface ConvertedRequest<To extends FormatId = FormatId> {
  body: RequestBodyOf<To>;
  context: ConversionContext;
}

function assertFormats(from: unknown, to: unknown): void {
  if (!isFormatId(from)) throw new FormatConversionError(`Unknown format: ${String(from)}`, { status: 500, type: 'api_error' });
  if (!isFormatId(to)) throw new FormatConversionError(`Unknown format: ${String(to)}`, { status: 500, type: 'api_error' });
}

/**
 * Converts a client request body (`from`) into the upstream's format (`to`). Unknown fields are
 * tolerated and not forwarded across formats; input that cannot be converted throws
 * FormatConversionError (status 400). `from === to` returns the body unchanged.
 */
export function convertRequest<To extends FormatId>(
  from: FormatId,
  to: To,
  body: unknown,
  options: ConvertRequestOptions = {},
): ConvertedRequest<To> {
  assertFormats(from, to);
  const client = requireObjectBody(body, 'The');
  let converted: JsonObject;
  if (from === to) converted = client;
  else if (from === 'anthropic.messages') converted = to === 'openai.chat_completions' ? anthropicToChatRequest(client) : anthropicToResponsesRequest(client);
  else if (from === 'openai.chat_completions') converted = to === 'anthropic.messages' ? chatToAnthropicRequest(client, options) : chatToResponsesRequest(client, options);
  else converted = to === 'anthropic.messages' ? responsesToAnthropicRequest(client, options) : responsesToChatRequest(client);
  return { body: converted as RequestBodyOf<To>, context: createConversionContext(from, to, client, options) };
}
