import {
  anthropicCredentials,
  createCredentialStore,
  createTokenManager,
  createUpstreamCredentials,
  credentialsHealth,
  definePlugin,
  type HealthReport,
  type TokenManager,
  type UpstreamCredentials,
} from '@ccproxy/core';
import { claudeAuthCommands } from './auth-commands.js';
import { claudeCredentialFormat, type ClaudeCredentials } from './claude-credentials.js';
import { createClaudeOAuthClient } from './claude-oauth-client.js';
import { readCachedProfile } from './claude-profile.js';
import { oauthClaudeConfigSchema, type OAuthClaudeConfig } from './config.js';
import { claudeCredentialsFile } from './home.js';
import { VERSION } from './version.js';

export interface OAuthClaudeRuntime {
  readonly config: OAuthClaudeConfig;
  /** Also provided as the `anthropicCredentials` capability. */
  readonly credentials: UpstreamCredentials;
  readonly manager: TokenManager<ClaudeCredentials>;
  health(): Promise<HealthReport>;
}

/**
 * `oauth_claude`: the Claude Pro/Max OAuth credentials of `~/.claude/.credentials.json` (shared with
 * Claude Code), refreshed before they expire, offered to `claude_api` as `anthropicCredentials`.
 */
export const oauthClaude = definePlugin({
  name: 'oauth_claude',
  version: VERSION,
  apiVersion: 1,
  kind: 'auth_provider',
  description: 'Claude OAuth credentials (~/.claude/.credentials.json): refresh, login, status',
  configSchema: oauthClaudeConfigSchema,
  cliSafe: true,
  provides: [anthropicCredentials],
  authCommands: [claudeAuthCommands],
  async setup({ config, http, logger, settings, paths, capabilities, signal }): Promise<OAuthClaudeRuntime> {
    const client = createClaudeOAuthClient(config, http);
    const manager = createTokenManager({
      store: createCredentialStore(claudeCredentialsFile(paths.home), claudeCredentialFormat),
      refresh: (current, refreshSignal) => client.refresh(current, refreshSignal),
      refreshGraceSeconds: settings.auth.refresh_grace_seconds,
      cacheTtlSeconds: settings.auth.credentials_ttl_seconds,
      signal,
      logger,
    });
    // The profile cache written by `auth status` (no network at startup).
    const profile = await readCachedProfile(paths.home);
    const credentials = createUpstreamCredentials({
      manager,
      logger,
      toAuth: (current) => ({ headers: { authorization: `Bearer ${current.accessToken}` }, ...(current.expiresAt === undefined ? {} : { expiresAt: current.expiresAt }) }),
      account: (current) => {
        const plan = current.subscriptionType ?? profile?.plan;
        return { ...(profile?.accountId ? { accountId: profile.accountId } : {}), ...(profile?.email ? { email: profile.email } : {}), ...(plan ? { plan } : {}) };
      },
    });
    capabilities.provide(anthropicCredentials, credentials);
    return {
      config,
      credentials,
      manager,
      health: async () => credentialsHealth('Claude', await credentials.describe()),
    };
  },
});
