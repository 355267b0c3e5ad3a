// Reasoning effort ⇄ thinking budget (formats.md §4.7, [Rec] table).
import type { JsonObject } from './json.js';
import { asNumber, asObject, asString } from './json.js';

/** Anthropic's minimum thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

export type Effort = 'minimal' | 'low' | 'medium' | 'high';

/** `reasoning_effort` / `reasoning.effort` → thinking budget; undefined means no thinking. */
export function effortToBudget(effort: unknown): number | undefined {
  if (typeof effort !== 'string') return undefined;
  switch (effort.trim().toLowerCase()) {
    case 'low':
      return MIN_THINKING_BUDGET;
    case 'medium':
      return 5000;
    case 'high':
    case 'xhigh':
      return 10000;
    default:
      return undefined; // minimal, none, unknown
  }
}

/** [Py] fallback when no effort is given: the model name decides (o3 / o1-mini / o1). */
export function modelFallbackBudget(model: unknown): number | undefined {
  if (typeof model !== 'string') return undefined;
  const name = model.trim().toLowerCase();
  if (name.startsWith('o3')) return 10000;
  if (name.startsWith('o1-mini')) return 3000;
  if (name.startsWith('o1')) return 5000;
  return undefined;
}

/** Anthropic `thinking` → OpenAI effort: budget < 4096 low, < 12288 medium, else high; adaptive → medium. */
export function thinkingToEffort(thinking: unknown): Effort | undefined {
  const config = asObject(thinking);
  if (!config) return undefined;
  const type = asString(config['type']);
  if (type === 'adaptive') return 'medium';
  if (type !== 'enabled') return undefined;
  const budget = asNumber(config['budget_tokens']) ?? 0;
  if (budget < 4096) return 'low';
  if (budget < 12288) return 'medium';
  return 'high';
}

/** Clamps an effort to the four values Chat Completions accepts. */
export function clampChatEffort(effort: unknown): Effort | undefined {
  if (typeof effort !== 'string') return undefined;
  switch (effort.trim().toLowerCase()) {
    case 'none':
    case 'minimal':
      return 'minimal';
    case 'low':
      return 'low';
    case 'medium':
      return 'medium';
    case 'high':
    case 'xhigh':
      return 'high';
    default:
      return undefined;
  }
}

/**
 * Turns on extended thinking in an Anthropic request body (§4.7 [Rec]): the budget is at least 1024,
 * `max_tokens` grows to budget + max(original, 1024) when it is not above the budget, temperature
 * and top_k are dropped, top_p is clamped to ≥ 0.95, and forced tool use is downgraded to auto.
 */
export function applyThinkingBudget(body: JsonObject, budget: number): void {
  const budgetTokens = Math.max(MIN_THINKING_BUDGET, Math.floor(budget));
  body['thinking'] = { type: 'enabled', budget_tokens: budgetTokens };
  const maxTokens = asNumber(body['max_tokens']) ?? 0;
  if (maxTokens <= budgetTokens) body['max_tokens'] = budgetTokens + Math.max(maxTokens, MIN_THINKING_BUDGET);
  delete body['temperature'];
  delete body['top_k'];
  const topP = asNumber(body['top_p']);
  if (topP !== undefined && topP < 0.95) body['top_p'] = 0.95;
  const choice = asObject(body['tool_choice']);
  if (choice && (choice['type'] === 'any' || choice['type'] === 'tool')) {
    const downgraded: JsonObject = { type: 'auto' };
    if (typeof choice['disable_parallel_tool_use'] === 'boolean') downgraded['disable_parallel_tool_use'] = choice['disable_parallel_tool_use'];
    body['tool_choice'] = downgraded;
  }
}
