import { defineCapability } from './capability.js';
import type { TokenUsage } from './events.js';
import type { AbortSource } from './cancellation.js';

/** Credentials for an upstream API, provided by an auth plugin and consumed by a provider plugin. */
export interface UpstreamCredentials {
  /**
   * Headers to authenticate the next upstream call (e.g. `authorization: Bearer ...`), refreshing
   * the token first when it is about to expire. Rejects with a `CcproxyError` (`CREDENTIALS_MISSING`
   * or `CREDENTIALS_INVALID`, status 401) whose message names the command that fixes it.
   */
  authHeaders(signal?: AbortSource): Promise<UpstreamAuth>;
  /** The upstream rejected the token (401): refresh on the next call. */
  invalidate(): Promise<void>;
  /** A summary for health and `auth status`; never contains a token. */
  describe(): Promise<CredentialsDescription>;
}

export interface UpstreamAuth {
  readonly headers: Readonly<Record<string, string>>;
  /** Account identifier when the upstream needs it (ChatGPT account id). */
  readonly accountId?: string;
  /** Epoch milliseconds. */
  readonly expiresAt?: number;
}

export interface CredentialsDescription {
  readonly configured: boolean;
  readonly usable: boolean;
  readonly source: string;
  readonly accountId?: string;
  readonly email?: string;
  readonly plan?: string;
  readonly expiresAt?: number;
  readonly problem?: string;
  /** The command that fixes `problem`, e.g. `ccproxy auth login claude`. */
  readonly fix?: string;
}

/** Claude OAuth credentials (provided by oauth_claude). */
export const anthropicCredentials = defineCapability<UpstreamCredentials>('credentials:anthropic');
/** ChatGPT/Codex OAuth credentials (provided by oauth_codex). */
export const openaiCredentials = defineCapability<UpstreamCredentials>('credentials:openai');

/** Prices a request; `null` when the model's price is unknown (never 0 for unknown). */
export interface CostCalculator {
  cost(model: string, usage: TokenUsage): number | null;
}

/** Provided by analytics (its price table); the core fills `cost_usd` of the summary with it. */
export const costCalculator = defineCapability<CostCalculator>('pricing:cost');
