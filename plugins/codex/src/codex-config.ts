import { modelMappingRuleSchema } from '@ccproxy/core';
import { z } from 'zod';

export const DEFAULT_BASE_URL = 'https://chatgpt.com/backend-api/codex';

/**
 * Parameters the ChatGPT backend refuses (providers.md §3.4): output limits and sampling knobs
 * of the public API (`{"detail":"Unsupported parameter: …"}`), and `metadata` (fix #51).
 */
export const DEFAULT_DROPPED_PARAMETERS = ['max_output_tokens', 'max_completion_tokens', 'max_tokens', 'temperature', 'top_p', 'metadata'] as const;

const modelCardSchema = z
  .object({
    id: z.string().min(1),
    object: z.literal('model').default('model'),
    created: z.number().int().default(0),
    owned_by: z.string().default('openai'),
    permission: z.array(z.unknown()).default([]),
    root: z.string().nullable().optional(),
    parent: z.string().nullable().default(null),
  })
  .loose();

const baseUrlSchema = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^/]/.test(value), { message: 'must start with http:// or https://' })
  .transform((value) => value.replace(/\/+$/, ''));

/** Settings the Python plugin had that mean nothing here: accepted in config files, ignored. */
const legacyKeys = {
  name: z.unknown().optional(),
  supports_streaming: z.unknown().optional(),
  requires_auth: z.unknown().optional(),
  auth_type: z.unknown().optional(),
  supported_input_formats: z.unknown().optional(),
  preferred_upstream_mode: z.unknown().optional(),
  enable_format_registry: z.unknown().optional(),
  detection_home_mode: z.unknown().optional(),
  verbose_logging: z.unknown().optional(),
  auth_manager: z.unknown().optional(),
  oauth: z.unknown().optional(),
  callback_port: z.unknown().optional(),
  redirect_uri: z.unknown().optional(),
};

/** `[plugins.codex]` (env `PLUGINS__CODEX__<KEY>`). */
export const codexConfigSchema = z.object({
  ...legacyKeys,
  /** The ChatGPT Codex backend; requests go to `<base_url>/responses`. */
  base_url: baseUrlSchema.default(DEFAULT_BASE_URL),
  /**
   * Explicit model renames, first match wins. Empty by default: a model the client names is
   * never replaced silently (the Python default collapsed every `gpt-*` to one model).
   */
  model_mappings: z.array(modelMappingRuleSchema).default([]),
  /** Sent when the client names no model at all. */
  default_model: z.string().min(1).default('gpt-5.3-codex'),
  /** The cards of `GET /codex/v1/models`. */
  models_endpoint: z.array(modelCardSchema).default([
    { id: 'gpt-5.3-codex', object: 'model', created: 1723075200, owned_by: 'openai', permission: [], root: 'gpt-5.3-codex', parent: null },
    { id: 'gpt-5.2-codex', object: 'model', created: 1726444800, owned_by: 'openai', permission: [], root: 'gpt-5.2-codex', parent: null },
  ]),
  /**
   * Apply the captured Codex CLI request: its instructions (see `instructions_mode`) and the
   * template fields `reasoning`, `include`, `parallel_tool_calls` (and `tool_choice` when the
   * request has tools) when the request lacks them. `false` sends the client's request as is.
   */
  inject_detection_payload: z.boolean().default(true),
  /**
   * How the Codex CLI instructions meet the client's (the backend requires its prompt):
   * `auto` — Codex clients (they send `originator`) keep theirs; others get the CLI prompt
   * prepended, or alone when they sent none; `prepend` — always prepended (Python);
   * `fallback` — only when the client sent none; `off` — never.
   */
  instructions_mode: z.enum(['auto', 'prepend', 'fallback', 'off']).default('auto'),
  /** Give tool-less requests the Codex CLI tools (`shell`, `view_image`), as the Python did. */
  inject_cli_tools: z.boolean().default(false),
  /** Top-level request fields removed before sending (the backend rejects them). */
  drop_parameters: z.array(z.string().min(1)).default([...DEFAULT_DROPPED_PARAMETERS]),
  /**
   * Non-streaming clients are served by collecting the upstream stream (the backend only streams).
   * Only `true` is supported; `false` is accepted for compatibility and logged as ignored.
   */
  buffer_non_streaming: z.boolean().default(true),
});

export type CodexConfig = z.output<typeof codexConfigSchema>;
export type CodexConfigInput = z.input<typeof codexConfigSchema>;
export type ModelCard = z.output<typeof modelCardSchema>;
