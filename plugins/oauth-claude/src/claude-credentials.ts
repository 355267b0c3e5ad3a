import { isJsonObject, type CredentialFormat, type JsonObject } from '@ccproxy/core';

/** `claudeAiOauth` of `~/.claude/.credentials.json` (providers.md §4.6), shared with Claude Code. */
export interface ClaudeCredentials {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds; absent = never expires. */
  readonly expiresAt?: number;
  readonly scopes: readonly string[];
  /** `max`, `pro`, … */
  readonly subscriptionType?: string;
}

export const CLAUDE_LOGIN_COMMAND = 'ccproxy auth login claude';

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function epochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

export const claudeCredentialFormat: CredentialFormat<ClaudeCredentials> = {
  label: 'Claude',
  loginCommand: CLAUDE_LOGIN_COMMAND,
  parse(content) {
    const section = content.claudeAiOauth;
    if (section === undefined || section === null) return null;
    if (!isJsonObject(section)) return 'claudeAiOauth is not an object';
    const accessToken = nonEmpty(section.accessToken);
    if (!accessToken) return 'claudeAiOauth.accessToken is missing';
    const refreshToken = nonEmpty(section.refreshToken);
    const expiresAt = epochMs(section.expiresAt);
    const subscriptionType = nonEmpty(section.subscriptionType);
    return {
      accessToken,
      ...(refreshToken ? { refreshToken } : {}),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      scopes: Array.isArray(section.scopes) ? section.scopes.filter((scope): scope is string => typeof scope === 'string') : [],
      ...(subscriptionType ? { subscriptionType } : {}),
    };
  },
  serialize(credentials): JsonObject {
    return {
      claudeAiOauth: {
        accessToken: credentials.accessToken,
        refreshToken: credentials.refreshToken,
        expiresAt: credentials.expiresAt,
        scopes: [...credentials.scopes],
        subscriptionType: credentials.subscriptionType,
      },
    };
  },
  remove(content) {
    const { claudeAiOauth: _removed, ...rest } = content;
    return Object.keys(rest).length === 0 ? null : rest;
  },
  accessToken: (credentials) => credentials.accessToken,
  refreshToken: (credentials) => credentials.refreshToken,
  expiresAt: (credentials) => credentials.expiresAt,
};

/**
 * Credentials from a token endpoint answer (exchange and refresh). A missing `refresh_token` keeps
 * the previous one (Python stored ""), a missing `scope` falls back to the configured scopes.
 */
export function credentialsFromTokenResponse(answer: JsonObject, options: { previous?: ClaudeCredentials; scopes: readonly string[]; now: number }): ClaudeCredentials {
  const accessToken = String(answer.access_token);
  const refreshToken = nonEmpty(answer.refresh_token) ?? options.previous?.refreshToken;
  const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : Number.NaN;
  const expiresAt = Number.isFinite(expiresIn) ? Math.floor((options.now / 1000 + expiresIn) * 1000) : undefined;
  const scopes = typeof answer.scope === 'string' && answer.scope.trim() !== '' ? answer.scope.split(/\s+/).filter(Boolean) : [...options.scopes];
  const subscriptionType = nonEmpty(answer.subscription_type) ?? options.previous?.subscriptionType;
  return {
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    scopes,
    ...(subscriptionType ? { subscriptionType } : {}),
  };
}
