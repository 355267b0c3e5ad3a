import { createOAuthAuthCommands, type AuthCommandSpec, type InfoRow } from '@ccproxy/core';
import { claudeCredentialFormat, type ClaudeCredentials } from './claude-credentials.js';
import { createClaudeOAuthClient } from './claude-oauth-client.js';
import { fetchProfile, readCachedProfile, type ClaudeProfile } from './claude-profile.js';
import { redirectUriOf, type OAuthClaudeConfig } from './config.js';
import { claudeCredentialsFile } from './home.js';

/** `ccproxy auth login|status|refresh|logout claude` (providers.md §4.9). */
export const claudeAuthCommands: AuthCommandSpec<OAuthClaudeConfig> = createOAuthAuthCommands<ClaudeCredentials, OAuthClaudeConfig>({
  provider: 'claude',
  aliases: ['claude-api', 'claude_api', 'anthropic'],
  description: 'Claude Pro/Max subscription (OAuth, shared with Claude Code)',
  resolve(context) {
    const { config, http } = context;
    const home = context.paths.home;
    const defaultFile = claudeCredentialsFile(home);
    const client = createClaudeOAuthClient(config, http);
    const redirect = new URL(redirectUriOf(config));
    return {
      format: claudeCredentialFormat,
      defaultFile,
      fileOwner: 'Claude Code',
      refresh: (current, signal) => client.refresh(current, signal),
      refreshGraceSeconds: context.settings.auth.refresh_grace_seconds,
      logger: context.logger,
      login: {
        // An explicit redirect_uri decides the port the callback server listens on.
        callbackPort: Number(redirect.port) || config.callback_port,
        callbackPath: redirect.pathname,
        callbackHost: redirect.hostname,
        manualRedirectUri: config.manual_redirect_uri,
        timeoutMs: config.callback_timeout * 1000,
        authorizationUrl: (params) => client.authorizationUrl(params),
        exchange: (params) => client.exchangeCode(params, context.signal),
      },
      async accountRows(credentials, store) {
        const isDefault = store.location() === defaultFile;
        let profile: ClaudeProfile | null = isDefault ? await readCachedProfile(home) : null;
        const expired = credentials.expiresAt !== undefined && credentials.expiresAt <= Date.now();
        if (!profile && !expired) {
          profile = await fetchProfile(http, config, credentials.accessToken, isDefault ? home : undefined).catch((error: unknown) => {
            context.logger.debug({ error: (error as Error).message }, 'claude_profile_unavailable');
            return null;
          });
        }
        const rows: InfoRow[] = [];
        if (profile?.email) rows.push(['Account', profile.email]);
        if (profile?.name) rows.push(['Name', profile.name]);
        if (profile?.accountId) rows.push(['Account ID', profile.accountId]);
        if (profile?.organization) rows.push(['Organization', profile.organization]);
        rows.push(['Plan', credentials.subscriptionType ?? profile?.plan ?? 'unknown']);
        rows.push(['Scopes', credentials.scopes.join(' ') || '(none)']);
        return rows;
      },
    };
  },
});
