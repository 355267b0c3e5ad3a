// The common end of the OpenAI → Anthropic request conversions (chat→anthropic, responses→anthropic):
// system prompt, messages, tools and tool choice, thinking budget, and the optional thinking guard.
import type { ConvertRequestOptions } from '../context.js';
import type { AnthropicMessagesRequest } from '../models/anthropic.js';
import type { JsonObject } from '../shared/json.js';
import { applyThinkingBudget } from '../shared/reasoning.js';
import { openAiToolChoiceToAnthropic, openAiToolsToAnthropic } from '../shared/tools.js';
import type { AnthropicHistory } from './anthropic-history.js';
import { dropThinkingWithoutSignedHistory } from './anthropic-history.js';

export interface AnthropicRequestTail {
  /** System prompt pieces in order, joined with blank lines. */
  system: string[];
  /** The structured-output instruction, appended to the system prompt. */
  instruction: string | undefined;
  history: AnthropicHistory;
  /** Thinking budget; undefined leaves thinking off. */
  budget: number | undefined;
}

/** Adds system, messages, tools, tool_choice and thinking to `out`; `body` is the OpenAI request. */
export function finishAnthropicRequest(out: JsonObject, body: JsonObject, tail: AnthropicRequestTail, options: ConvertRequestOptions): AnthropicMessagesRequest {
  const system = tail.instruction ? [...tail.system, tail.instruction] : tail.system;
  if (system.length > 0) out['system'] = system.join('\n\n');
  out['messages'] = tail.history.build();

  const tools = openAiToolsToAnthropic(body['tools']);
  if (tools.length > 0) {
    out['tools'] = tools;
    const choice = openAiToolChoiceToAnthropic(body['tool_choice'], body['parallel_tool_calls']);
    if (choice) out['tool_choice'] = choice;
  }
  if (tail.budget !== undefined) applyThinkingBudget(out, tail.budget);
  if (options.guardThinkingHistory === true) dropThinkingWithoutSignedHistory(out);
  return out as AnthropicMessagesRequest;
}
