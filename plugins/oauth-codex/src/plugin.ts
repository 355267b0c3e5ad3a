import {
  createCredentialStore,
  createTokenManager,
  createUpstreamCredentials,
  credentialsHealth,
  definePlugin,
  openaiCredentials,
  type HealthReport,
  type TokenManager,
  type UpstreamCredentials,
} from '@ccproxy/core';
import { codexAuthCommands } from './auth-commands.js';
import { codexAccount, codexCredentialFormat, type CodexCredentials } from './codex-credentials.js';
import { createCodexOAuthClient } from './codex-oauth-client.js';
import { oauthCodexConfigSchema, type OAuthCodexConfig } from './config.js';
import { codexAuthFile } from './home.js';
import { VERSION } from './version.js';

export interface OAuthCodexRuntime {
  readonly config: OAuthCodexConfig;
  /** Also provided as the `openaiCredentials` capability. */
  readonly credentials: UpstreamCredentials;
  readonly manager: TokenManager<CodexCredentials>;
  health(): Promise<HealthReport>;
}

/**
 * `oauth_codex`: the ChatGPT OAuth tokens of `~/.codex/auth.json` (shared with the Codex CLI),
 * refreshed single-flight (refresh tokens are single-use), offered to `codex` as
 * `openaiCredentials` with the ChatGPT account id.
 */
export const oauthCodex = definePlugin({
  name: 'oauth_codex',
  version: VERSION,
  apiVersion: 1,
  kind: 'auth_provider',
  description: 'Codex/ChatGPT OAuth credentials (~/.codex/auth.json): refresh, login, status',
  configSchema: oauthCodexConfigSchema,
  cliSafe: true,
  provides: [openaiCredentials],
  authCommands: [codexAuthCommands],
  setup({ config, http, logger, settings, paths, capabilities, signal }): OAuthCodexRuntime {
    const client = createCodexOAuthClient(config, http);
    const manager = createTokenManager({
      store: createCredentialStore(codexAuthFile(paths.home), codexCredentialFormat),
      refresh: (current, refreshSignal) => client.refresh(current, refreshSignal),
      refreshGraceSeconds: settings.auth.refresh_grace_seconds,
      cacheTtlSeconds: settings.auth.credentials_ttl_seconds,
      signal,
      logger,
    });
    const credentials = createUpstreamCredentials({
      manager,
      logger,
      toAuth: (current) => {
        const account = codexAccount(current);
        const expiresAt = codexCredentialFormat.expiresAt(current);
        return {
          headers: { authorization: `Bearer ${current.accessToken}` },
          ...(account.chatgptAccountId ? { accountId: account.chatgptAccountId } : {}),
          ...(expiresAt === undefined ? {} : { expiresAt }),
        };
      },
      account: (current) => {
        const account = codexAccount(current);
        return { ...(account.chatgptAccountId ? { accountId: account.chatgptAccountId } : {}), ...(account.email ? { email: account.email } : {}), ...(account.plan ? { plan: account.plan } : {}) };
      },
    });
    capabilities.provide(openaiCredentials, credentials);
    return {
      config,
      credentials,
      manager,
      health: async () => credentialsHealth('Codex', await credentials.describe()),
    };
  },
});
