import { json, type ProxyResponse } from '@ccproxy/core';
import type { ClaudeApiRuntime } from '../claude-api-runtime.js';

/**
 * `GET /claude/v1/models`: the configured cards, readable by both SDKs — OpenAI's list shape
 * (`object`, `owned_by`) plus Anthropic's (`type`, `display_name`, `created_at`, paging fields).
 */
export function handleModels(runtime: ClaudeApiRuntime): ProxyResponse {
  const data = runtime.config.models_endpoint.map((card) => ({
    type: 'model',
    display_name: card.id,
    created_at: new Date(card.created * 1000).toISOString(),
    ...card,
  }));
  return json({ object: 'list', data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}
