// @ccproxy/plugin-claude-api public API: explicit named exports only.
export { claudeApi } from './claude-api-plugin.js';
export { claudeApiConfigSchema } from './claude-api-config.js';
export type { ClaudeApiConfig, ClaudeApiConfigInput, SystemPromptInjectionMode } from './claude-api-config.js';
export type { ClaudeApiRuntime } from './claude-api-runtime.js';
export { DEFAULT_MODEL_MAPPINGS, DEFAULT_MODELS } from './model-defaults.js';
export type { ModelCard } from './model-defaults.js';
export { CLAUDE_CODE_FINGERPRINT } from './fingerprint/claude-code-fingerprint.js';
export type { ClientFingerprint, SystemTextBlock } from './fingerprint/claude-code-fingerprint.js';
export { REQUIRED_BETAS, mergeBetas } from './upstream-headers.js';
