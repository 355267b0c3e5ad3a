import { modelMappingRuleSchema } from '@ccproxy/core';
import { z } from 'zod';
import { DEFAULT_MODEL_MAPPINGS, DEFAULT_MODELS } from './model-defaults.js';

const modelCardSchema = z
  .looseObject({
    id: z.string().min(1),
    object: z.literal('model').default('model'),
    created: z.number().int().nonnegative().default(0),
    owned_by: z.string().default('anthropic'),
    permission: z.array(z.unknown()).default([]),
    root: z.string().nullable().optional(),
    parent: z.string().nullable().default(null),
  })
  .transform((card) => ({ ...card, root: card.root ?? card.id }));

/**
 * `[plugins.claude_api]` (providers.md §2.10), env `PLUGINS__CLAUDE_API__<FIELD>`. Python's
 * declarative and dead keys are accepted so existing config files keep loading.
 */
export const claudeApiConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** Provider label in hook events and logs (Python's `name`). */
  name: z.string().min(1).default('claude-api'),
  /** Upstream origin; requests go to `<base_url>/v1/messages`. */
  base_url: z
    .url({ protocol: /^https?$/ })
    .default('https://api.anthropic.com')
    .transform((url) => url.replace(/\/+$/, '')),
  supports_streaming: z.boolean().default(true),
  requires_auth: z.boolean().default(true),
  auth_type: z.string().default('oauth'),
  /** Unused (kept for config compatibility). */
  priority: z.number().int().default(5),
  /** `max_tokens` for Chat/Responses clients that send none (the native route requires it). */
  default_max_tokens: z.number().int().min(1).default(4096),
  /** Ordered rules, the first match wins; replaces the whole default list. */
  model_mappings: z.array(modelMappingRuleSchema).default(() => DEFAULT_MODEL_MAPPINGS.map((rule) => ({ ...rule, flags: [] as 'IGNORECASE'[], kind: rule.kind ?? 'exact' }))),
  /** The cards served by `GET /claude/v1/models`. */
  models_endpoint: z.array(modelCardSchema).default(() => DEFAULT_MODELS.map((model) => ({ ...model, permission: [], root: model.root ?? model.id, parent: null }))),
  /** Unused (kept for config compatibility). */
  include_sdk_content_as_xml: z.boolean().default(false),
  /** Reported in health only; the OpenAI routes are always served. */
  support_openai_format: z.boolean().default(true),
  /** Claude Code system prompt sent first: `none`, `minimal` (identity sentence) or `full`. */
  system_prompt_injection_mode: z.enum(['none', 'minimal', 'full']).default('minimal'),
  /** Python's auth-manager override; credentials come from the `anthropicCredentials` capability. */
  auth_manager: z.string().nullable().default(null),
});

export type ClaudeApiConfig = z.output<typeof claudeApiConfigSchema>;
export type ClaudeApiConfigInput = z.input<typeof claudeApiConfigSchema>;
export type SystemPromptInjectionMode = ClaudeApiConfig['system_prompt_injection_mode'];
