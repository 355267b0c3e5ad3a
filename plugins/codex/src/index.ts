export { codex } from './codex-plugin.js';
export { codexConfigSchema, DEFAULT_BASE_URL, DEFAULT_DROPPED_PARAMETERS } from './codex-config.js';
export type { CodexConfig, CodexConfigInput, ModelCard } from './codex-config.js';
export type { CodexRuntime } from './codex-runtime.js';
export { DEFAULT_FINGERPRINT, REQUIRED_FINGERPRINT_HEADERS } from './fingerprint/codex-fingerprint.js';
export type { CodexFingerprint } from './fingerprint/codex-fingerprint.js';
