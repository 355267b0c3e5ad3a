import path from 'node:path';
import { isJsonObject, JsonCredentialFile, type HttpClient, type JsonObject } from '@ccproxy/core';
import type { OAuthClaudeConfig } from './config.js';

/** What the status table and `describe()` show about the account (never a token). */
export interface ClaudeProfile {
  readonly accountId?: string;
  readonly email?: string;
  readonly name?: string;
  readonly organization?: string;
  /** `max`, `pro` or `free`, from `has_claude_max`/`has_claude_pro`. */
  readonly plan?: string;
}

/** `~/.claude/.account.json`: the raw profile, written by ccproxy (not by Claude Code). */
export function profileFile(home: string): string {
  return path.join(home, '.claude', '.account.json');
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function profileFromJson(raw: JsonObject): ClaudeProfile {
  const account = isJsonObject(raw.account) ? raw.account : {};
  const organization = isJsonObject(raw.organization) ? raw.organization : {};
  const plan = account.has_claude_max === true ? 'max' : account.has_claude_pro === true ? 'pro' : account.has_claude_max === false || account.has_claude_pro === false ? 'free' : undefined;
  const accountId = text(account.uuid);
  const email = text(account.email) ?? text(account.email_address);
  const name = text(account.full_name) ?? text(account.display_name);
  const org = text(organization.name);
  return { ...(accountId ? { accountId } : {}), ...(email ? { email } : {}), ...(name ? { name } : {}), ...(org ? { organization: org } : {}), ...(plan ? { plan } : {}) };
}

/** The cached profile, or `null` when there is none (or it is unreadable: it is only a cache). */
export async function readCachedProfile(home: string): Promise<ClaudeProfile | null> {
  try {
    const raw = await new JsonCredentialFile(profileFile(home)).read();
    return raw ? profileFromJson(raw) : null;
  } catch {
    return null;
  }
}

/** GET the profile with the access token; cached (atomic, 0600) when `cacheIn` names the home. Throws on failure. */
export async function fetchProfile(http: HttpClient, config: OAuthClaudeConfig, accessToken: string, cacheIn?: string): Promise<ClaudeProfile> {
  const response = await http.request({
    url: config.profile_url,
    method: 'GET',
    headers: { accept: 'application/json', ...config.headers, authorization: `Bearer ${accessToken}` },
    timeoutMs: config.request_timeout * 1000,
  });
  if (response.status !== 200) {
    response.abort();
    throw new Error(`profile request answered HTTP ${response.status}`);
  }
  const raw = await response.json();
  if (!isJsonObject(raw)) throw new Error('profile response is not a JSON object');
  if (cacheIn !== undefined) await new JsonCredentialFile(profileFile(cacheIn)).write(raw);
  return profileFromJson(raw);
}
