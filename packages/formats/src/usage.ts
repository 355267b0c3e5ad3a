// Usage normalisation (formats.md §4.4). NormalizedUsage follows Anthropic's rule: inputTokens
// EXCLUDES cached tokens. OpenAI's prompt/input tokens INCLUDE them, so converting to OpenAI adds
// the cache counts back and converting from OpenAI subtracts them. OpenAI's `cache_write_tokens`,
// when an upstream sends it, is read as cache creation.

import type { FormatId } from './format-id.js';
import type { AnthropicUsage } from './models/anthropic.js';
import type { ChatUsage } from './models/chat.js';
import type { ResponsesUsage } from './models/responses.js';
import { asObject, count, isObject } from './shared/json.js';

export interface NormalizedUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  reasoningTokens: number;
}

export function emptyUsage(): NormalizedUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, reasoningTokens: 0 };
}

/** Reads an Anthropic `usage` object. Missing numbers count as 0. */
export function usageFromAnthropic(u: unknown): NormalizedUsage {
  const usage = asObject(u) ?? {};
  let cacheCreation = count(usage['cache_creation_input_tokens']);
  if (cacheCreation === 0) {
    const detail = asObject(usage['cache_creation']);
    if (detail) cacheCreation = count(detail['ephemeral_5m_input_tokens']) + count(detail['ephemeral_1h_input_tokens']);
  }
  return {
    inputTokens: count(usage['input_tokens']),
    outputTokens: count(usage['output_tokens']),
    cacheReadTokens: count(usage['cache_read_input_tokens']),
    cacheCreationTokens: cacheCreation,
    reasoningTokens: count(asObject(usage['output_tokens_details'])?.['thinking_tokens']),
  };
}

/** Where the two OpenAI dialects keep the same counts. */
interface OpenAiUsageFields {
  input: string;
  inputDetails: string;
  output: string;
  outputDetails: string;
}

const CHAT_USAGE_FIELDS: OpenAiUsageFields = { input: 'prompt_tokens', inputDetails: 'prompt_tokens_details', output: 'completion_tokens', outputDetails: 'completion_tokens_details' };
const RESPONSES_USAGE_FIELDS: OpenAiUsageFields = { input: 'input_tokens', inputDetails: 'input_tokens_details', output: 'output_tokens', outputDetails: 'output_tokens_details' };

/** Reads an OpenAI `usage` object; its input count includes `cached_tokens` and `cache_write_tokens`. */
function usageFromOpenAi(u: unknown, fields: OpenAiUsageFields): NormalizedUsage {
  const usage = asObject(u) ?? {};
  const details = asObject(usage[fields.inputDetails]);
  const cached = count(details?.['cached_tokens']);
  const written = count(details?.['cache_write_tokens']);
  return {
    inputTokens: Math.max(0, count(usage[fields.input]) - cached - written),
    outputTokens: count(usage[fields.output]),
    cacheReadTokens: cached,
    cacheCreationTokens: written,
    reasoningTokens: count(asObject(usage[fields.outputDetails])?.['reasoning_tokens']),
  };
}

/** Reads a Chat Completions `usage` object; `prompt_tokens` includes `cached_tokens`. */
export function usageFromChat(u: unknown): NormalizedUsage {
  return usageFromOpenAi(u, CHAT_USAGE_FIELDS);
}

/** Reads a Responses `usage` object; `input_tokens` includes `cached_tokens`. */
export function usageFromResponses(u: unknown): NormalizedUsage {
  return usageFromOpenAi(u, RESPONSES_USAGE_FIELDS);
}

/** The usage of a whole (non-streaming) response body in `format`, or undefined if it has none. */
export function usageFromResponse(format: FormatId, body: unknown): NormalizedUsage | undefined {
  if (!isObject(body)) return undefined;
  let usage = body['usage'];
  if (!isObject(usage) && format === 'openai.responses') usage = asObject(body['response'])?.['usage'];
  if (!isObject(usage)) return undefined;
  switch (format) {
    case 'anthropic.messages':
      return usageFromAnthropic(usage);
    case 'openai.chat_completions':
      return usageFromChat(usage);
    case 'openai.responses':
      return usageFromResponses(usage);
  }
}

/** Anthropic usage (reasoning tokens have no field the formats.md vectors allow, so they are not sent). */
export function toAnthropicUsage(n: NormalizedUsage): AnthropicUsage {
  return {
    input_tokens: n.inputTokens,
    output_tokens: n.outputTokens,
    cache_creation_input_tokens: n.cacheCreationTokens,
    cache_read_input_tokens: n.cacheReadTokens,
  };
}

/** Chat usage; `completion_tokens_details` only when there are reasoning tokens (formats.md §11.1). */
export function toChatUsage(n: NormalizedUsage): ChatUsage {
  const prompt = n.inputTokens + n.cacheReadTokens + n.cacheCreationTokens;
  const usage: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: n.outputTokens,
    total_tokens: prompt + n.outputTokens,
    prompt_tokens_details: { cached_tokens: n.cacheReadTokens },
  };
  if (n.reasoningTokens > 0) usage.completion_tokens_details = { reasoning_tokens: n.reasoningTokens };
  return usage;
}

export function toResponsesUsage(n: NormalizedUsage): ResponsesUsage {
  const input = n.inputTokens + n.cacheReadTokens + n.cacheCreationTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: n.cacheReadTokens },
    output_tokens: n.outputTokens,
    output_tokens_details: { reasoning_tokens: n.reasoningTokens },
    total_tokens: input + n.outputTokens,
  };
}
