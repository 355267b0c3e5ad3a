import { z } from 'zod';

/** Scopes as a TOML list, or a space/comma separated string from the environment. */
const scopeList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(z.string().min(1)),
);

/** `[plugins.oauth_claude]` (providers.md §7), env `PLUGINS__OAUTH_CLAUDE__<KEY>`. */
export const oauthClaudeConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** Informational (the console origin). */
  base_url: z.url().default('https://console.anthropic.com'),
  /** Code exchange and refresh endpoint. */
  token_url: z.url().default('https://console.anthropic.com/v1/oauth/token'),
  authorize_url: z.url().default('https://claude.ai/oauth/authorize'),
  /** Fetched by `auth status`/`auth refresh` for the account table; cached in ~/.claude/.account.json. */
  profile_url: z.url().default('https://api.anthropic.com/api/oauth/profile'),
  client_id: z.string().min(1).default('9d1c250a-e61b-44d9-88ed-5944d1962f5e'),
  /** Redirect URI of the browser login; default `http://localhost:<callback_port>/callback`. */
  redirect_uri: z.url().nullable().default(null),
  /** Redirect URI of the paste-the-code login (the console page shows `code#state`). */
  manual_redirect_uri: z.url().default('https://console.anthropic.com/oauth/code/callback'),
  scopes: scopeList.default(['org:create_api_key', 'user:profile', 'user:inference']),
  /** Extra headers on token and profile calls. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Seconds for each token/profile call. */
  request_timeout: z.number().positive().default(30),
  /** Seconds `auth login` waits for the browser before offering to paste the code. */
  callback_timeout: z.number().int().min(60).max(600).default(300),
  /** Port of the local callback server of `auth login` (one setting for the CLI and the redirect URI). */
  callback_port: z.number().int().min(1024).max(65535).default(54545),
  use_pkce: z.boolean().default(true),
});

export type OAuthClaudeConfig = z.output<typeof oauthClaudeConfigSchema>;

export function redirectUriOf(config: OAuthClaudeConfig): string {
  return config.redirect_uri ?? `http://localhost:${config.callback_port}/callback`;
}
