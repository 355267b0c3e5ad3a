export { oauthCodex, oauthCodex as default } from './plugin.js';
export type { OAuthCodexRuntime } from './plugin.js';
export { oauthCodexConfigSchema } from './config.js';
export type { OAuthCodexConfig } from './config.js';
export { codexCredentialFormat, codexAccount, credentialsFromTokenResponse, CODEX_LOGIN_COMMAND } from './codex-credentials.js';
export type { CodexCredentials, CodexAccount } from './codex-credentials.js';
export { createCodexOAuthClient } from './codex-oauth-client.js';
export type { CodexOAuthClient } from './codex-oauth-client.js';
