// Stop / finish / status mapping (formats.md §4.3, [Rec] rows).
import type { AnthropicStopReason } from '../models/anthropic.js';
import type { ChatFinishReason } from '../models/chat.js';

export type IncompleteReason = 'max_output_tokens' | 'content_filter';

export interface ResponsesOutcome {
  status: 'completed' | 'incomplete';
  incompleteReason: IncompleteReason | undefined;
}

export function anthropicStopToChatFinish(stop: unknown): ChatFinishReason {
  switch (stop) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function chatFinishToAnthropicStop(finish: unknown): AnthropicStopReason {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

export function anthropicStopToResponses(stop: unknown): ResponsesOutcome {
  if (stop === 'max_tokens') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (stop === 'refusal') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed', incompleteReason: undefined };
}

export function chatFinishToResponses(finish: unknown): ResponsesOutcome {
  if (finish === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finish === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed', incompleteReason: undefined };
}

/** Responses status + incomplete reason → Chat finish_reason. Function calls win. */
export function responsesToChatFinish(hasToolCalls: boolean, status: unknown, reason: unknown): ChatFinishReason {
  if (hasToolCalls) return 'tool_calls';
  if (status === 'incomplete' || reason !== undefined) {
    if (reason === 'max_output_tokens') return 'length';
    if (reason === 'content_filter') return 'content_filter';
  }
  return 'stop';
}

export function responsesToAnthropicStop(hasToolCalls: boolean, status: unknown, reason: unknown, refused = false): AnthropicStopReason {
  if (hasToolCalls) return 'tool_use';
  if (status === 'incomplete' || reason !== undefined) {
    if (reason === 'max_output_tokens') return 'max_tokens';
    if (reason === 'content_filter') return 'refusal';
  }
  return refused ? 'refusal' : 'end_turn';
}
