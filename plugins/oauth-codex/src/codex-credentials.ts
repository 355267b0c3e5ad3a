import { decodeJwtClaims, isJsonObject, jwtExpiresAt, type CredentialFormat, type JsonObject } from '@ccproxy/core';

/** `tokens` (+ `last_refresh`) of `~/.codex/auth.json` (providers.md §4.7), shared with the Codex CLI. */
export interface CodexCredentials {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** `tokens.account_id` as stored (the Codex CLI writes the ChatGPT account id there). */
  readonly storedAccountId?: string;
  readonly lastRefresh?: string;
}

export const CODEX_LOGIN_COMMAND = 'ccproxy auth login codex';
const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** What the tokens say about the account (decoded without verification; display and headers only). */
export interface CodexAccount {
  /** The ChatGPT account/workspace id: sent upstream as `chatgpt-account-id`. */
  readonly chatgptAccountId?: string;
  readonly plan?: string;
  readonly email?: string;
  readonly name?: string;
  readonly subscriptionActiveUntil?: string;
  readonly organization?: string;
  /** The JWT subject (user id): shown, but never used as the account id. */
  readonly subject?: string;
}

function authClaim(token: string | undefined): JsonObject | undefined {
  const claim = decodeJwtClaims(token)?.[AUTH_CLAIM];
  return isJsonObject(claim) ? claim : undefined;
}

/**
 * Account facts from the id token (fallback: the access token). The account id is the
 * `chatgpt_account_id` claim, else the stored `tokens.account_id`; NEVER the JWT `sub` (Python's
 * defect: a subject in `chatgpt-account-id` points requests at the wrong workspace).
 */
export function codexAccount(credentials: CodexCredentials): CodexAccount {
  const idClaims = decodeJwtClaims(credentials.idToken) ?? {};
  const accessClaims = decodeJwtClaims(credentials.accessToken) ?? {};
  const auth = authClaim(credentials.idToken) ?? {};
  const accessAuth = authClaim(credentials.accessToken) ?? {};
  const profile = isJsonObject(accessClaims[PROFILE_CLAIM]) ? accessClaims[PROFILE_CLAIM] : {};
  const chatgptAccountId = nonEmpty(auth.chatgpt_account_id) ?? nonEmpty(accessAuth.chatgpt_account_id) ?? credentials.storedAccountId;
  const plan = nonEmpty(auth.chatgpt_plan_type) ?? nonEmpty(accessAuth.chatgpt_plan_type);
  const email = nonEmpty(idClaims.email) ?? nonEmpty(profile.email);
  const name = nonEmpty(idClaims.name) ?? nonEmpty(idClaims.given_name);
  const until = auth.chatgpt_subscription_active_until;
  const organizations = Array.isArray(auth.organizations) ? auth.organizations : [];
  const first: unknown = organizations[0];
  const organization = isJsonObject(first) && nonEmpty(first.title) ? `${String(first.title)}${nonEmpty(first.role) ? ` (${String(first.role)})` : ''}` : undefined;
  const subject = nonEmpty(idClaims.sub) ?? nonEmpty(accessClaims.sub);
  return {
    ...(chatgptAccountId ? { chatgptAccountId } : {}),
    ...(plan ? { plan } : {}),
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    ...(typeof until === 'string' || typeof until === 'number' ? { subscriptionActiveUntil: String(until) } : {}),
    ...(organization ? { organization } : {}),
    ...(subject ? { subject } : {}),
  };
}

export const codexCredentialFormat: CredentialFormat<CodexCredentials> = {
  label: 'Codex',
  loginCommand: CODEX_LOGIN_COMMAND,
  parse(content) {
    const tokens = content.tokens;
    // An API-key-only file (`OPENAI_API_KEY`) has no ChatGPT login: no credentials for us.
    if (tokens === undefined || tokens === null) return null;
    if (!isJsonObject(tokens)) return 'tokens is not an object';
    const accessToken = nonEmpty(tokens.access_token);
    if (!accessToken) return 'tokens.access_token is missing';
    const refreshToken = nonEmpty(tokens.refresh_token);
    const idToken = nonEmpty(tokens.id_token);
    const storedAccountId = nonEmpty(tokens.account_id);
    const lastRefresh = nonEmpty(content.last_refresh);
    return {
      accessToken,
      ...(refreshToken ? { refreshToken } : {}),
      ...(idToken ? { idToken } : {}),
      ...(storedAccountId ? { storedAccountId } : {}),
      ...(lastRefresh ? { lastRefresh } : {}),
    };
  },
  serialize(credentials) {
    // Merged into the file: OPENAI_API_KEY and any other key stay as written.
    return {
      tokens: {
        id_token: credentials.idToken,
        access_token: credentials.accessToken,
        refresh_token: credentials.refreshToken,
        account_id: codexAccount(credentials).chatgptAccountId,
      },
      last_refresh: credentials.lastRefresh,
    };
  },
  remove(content) {
    const { tokens: _tokens, last_refresh: _lastRefresh, ...rest } = content;
    // What remains of a ChatGPT login file (`OPENAI_API_KEY: null`, Python's `active`) is not worth keeping.
    const meaningful = Object.entries(rest).filter(([key, value]) => !(key === 'OPENAI_API_KEY' && value === null) && key !== 'active');
    return meaningful.length === 0 ? null : rest;
  },
  accessToken: (credentials) => credentials.accessToken,
  refreshToken: (credentials) => credentials.refreshToken,
  // The access token's `exp`; undecodable = unknown (Python guessed "today 23:59:59").
  expiresAt: (credentials) => jwtExpiresAt(credentials.accessToken),
};

/**
 * Credentials from a token endpoint answer (exchange and refresh): missing refresh/id tokens keep
 * the previous ones; the stored account id survives when the new tokens carry no claim.
 */
export function credentialsFromTokenResponse(answer: JsonObject, options: { previous?: CodexCredentials; now: number }): CodexCredentials {
  const accessToken = String(answer.access_token);
  const refreshToken = nonEmpty(answer.refresh_token) ?? options.previous?.refreshToken;
  const idToken = nonEmpty(answer.id_token) ?? options.previous?.idToken;
  const draft: CodexCredentials = {
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(idToken ? { idToken } : {}),
    ...(options.previous?.storedAccountId ? { storedAccountId: options.previous.storedAccountId } : {}),
    lastRefresh: new Date(options.now).toISOString(),
  };
  const accountId = codexAccount(draft).chatgptAccountId;
  return { ...draft, ...(accountId ? { storedAccountId: accountId } : {}) };
}
