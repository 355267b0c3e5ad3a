import { z } from 'zod';

/** Scopes as a TOML list, or a space/comma separated string from the environment. */
const scopeList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value),
  z.array(z.string().min(1)),
);

/** `[plugins.oauth_codex]` (providers.md §7), env `PLUGINS__OAUTH_CODEX__<KEY>`. */
export const oauthCodexConfigSchema = z.object({
  enabled: z.boolean().default(true),
  base_url: z.url().default('https://auth.openai.com'),
  /** Code exchange and refresh endpoint. */
  token_url: z.url().default('https://auth.openai.com/oauth/token'),
  authorize_url: z.url().default('https://auth.openai.com/oauth/authorize'),
  /** Kept for compatibility; the profile comes from the token claims. */
  profile_url: z.url().default('https://api.openai.com/oauth/profile'),
  /** The Codex CLI's client id. */
  client_id: z.string().min(1).default('app_EMoamEEZ73f0CkXaXp7hrann'),
  /** Redirect URI of the browser login; default `http://localhost:<callback_port>/auth/callback`. */
  redirect_uri: z.url().nullable().default(null),
  /**
   * Redirect URI of the paste-the-code login. Default: the loopback URI (the only one this client
   * accepts): the user pastes the address the browser could not open.
   */
  manual_redirect_uri: z.url().nullable().default(null),
  scopes: scopeList.default(['openid', 'profile', 'email', 'offline_access']),
  /** Extra headers on token calls. */
  headers: z.record(z.string(), z.string()).default({ 'User-Agent': 'Codex-Code/1.0.43' }),
  /** Kept for compatibility (not sent). */
  audience: z.string().default('https://api.openai.com/v1'),
  /** User agent of token calls. */
  user_agent: z.string().min(1).default('Codex-Code/1.0.43'),
  /** Seconds for each token call. */
  request_timeout: z.number().positive().default(30),
  /** Seconds `auth login` waits for the browser before offering to paste the address. */
  callback_timeout: z.number().int().min(60).max(600).default(300),
  /** Port of the local callback server of `auth login` (registered by the Codex client: keep 1455). */
  callback_port: z.number().int().min(1024).max(65535).default(1455),
  use_pkce: z.boolean().default(true),
});

export type OAuthCodexConfig = z.output<typeof oauthCodexConfigSchema>;

export function redirectUriOf(config: OAuthCodexConfig): string {
  return config.redirect_uri ?? `http://localhost:${config.callback_port}/auth/callback`;
}
