import { createOAuthAuthCommands, type AuthCommandSpec, type InfoRow } from '@ccproxy/core';
import { codexAccount, codexCredentialFormat, type CodexCredentials } from './codex-credentials.js';
import { createCodexOAuthClient } from './codex-oauth-client.js';
import { redirectUriOf, type OAuthCodexConfig } from './config.js';
import { codexAuthFile } from './home.js';

/** `ccproxy auth login|status|refresh|logout codex` (providers.md §4.9). */
export const codexAuthCommands: AuthCommandSpec<OAuthCodexConfig> = createOAuthAuthCommands<CodexCredentials, OAuthCodexConfig>({
  provider: 'codex',
  aliases: ['openai', 'openai-api', 'chatgpt'],
  description: 'ChatGPT plan for Codex (OAuth, shared with the Codex CLI)',
  resolve(context) {
    const { config, http } = context;
    const client = createCodexOAuthClient(config, http);
    const redirectUri = redirectUriOf(config);
    const redirect = new URL(redirectUri);
    return {
      format: codexCredentialFormat,
      defaultFile: codexAuthFile(context.paths.home),
      fileOwner: 'the Codex CLI',
      refresh: (current, signal) => client.refresh(current, signal),
      refreshGraceSeconds: context.settings.auth.refresh_grace_seconds,
      logger: context.logger,
      login: {
        // An explicit redirect_uri decides the port the callback server listens on.
        callbackPort: Number(redirect.port) || config.callback_port,
        callbackPath: redirect.pathname,
        callbackHost: redirect.hostname,
        manualRedirectUri: config.manual_redirect_uri ?? redirectUri,
        timeoutMs: config.callback_timeout * 1000,
        authorizationUrl: (params) => client.authorizationUrl(params),
        exchange: (params) => client.exchangeCode(params, context.signal),
      },
      async accountRows(credentials) {
        const account = codexAccount(credentials);
        const rows: InfoRow[] = [];
        if (account.email) rows.push(['Account', account.email]);
        if (account.name) rows.push(['Name', account.name]);
        rows.push(['ChatGPT account', account.chatgptAccountId ?? 'unknown (requests go without chatgpt-account-id)']);
        rows.push(['Plan', account.plan ?? 'unknown']);
        if (account.subscriptionActiveUntil) rows.push(['Subscription until', account.subscriptionActiveUntil]);
        if (account.organization) rows.push(['Organization', account.organization]);
        rows.push(['ID token', credentials.idToken ? 'present' : 'missing']);
        if (credentials.lastRefresh) rows.push(['Last refresh', credentials.lastRefresh]);
        return rows;
      },
    };
  },
});
