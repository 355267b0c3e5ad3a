import { CcproxyError } from '../errors/ccproxy-error.js';
import type { CredentialsDescription, UpstreamAuth, UpstreamCredentials } from '../declaration/core-capabilities.js';
import type { HealthReport } from '../declaration/plugin-manifest.js';
import type { Logger } from '../declaration/logger.js';
import type { TokenManager } from './token-manager.js';
import { listenForAbort, type AbortSource } from '../declaration/cancellation.js';

export interface UpstreamCredentialsOptions<C> {
  readonly manager: TokenManager<C>;
  /** The headers (and account id) for a usable set of credentials. */
  toAuth(credentials: C): UpstreamAuth;
  /** Account facts for `describe()` (no tokens): account id, email, plan. */
  account?(credentials: C): Pick<CredentialsDescription, 'accountId' | 'email' | 'plan'>;
  readonly logger?: Logger;
}

/** Rejects with the signal's reason when the caller gives up; the shared work keeps running. */
function abortable<T>(work: Promise<T>, signal: AbortSource | undefined): Promise<T> {
  if (!signal) return work;
  const reason = () => ('reason' in signal && signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const stopListening = listenForAbort(signal, () => reject(reason()));
    work.then(
      (value) => {
        stopListening();
        resolve(value);
      },
      (error: unknown) => {
        stopListening();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * The `UpstreamCredentials` capability on top of a token manager (providers.md §4.8):
 * missing or unusable credentials reject with a 401 naming the command that fixes it; a token
 * within the grace window is refreshed first (single-flight); when that refresh fails, a token
 * that has not expired yet is still used (the upstream decides), an expired one is refused.
 */
export function createUpstreamCredentials<C>(options: UpstreamCredentialsOptions<C>): UpstreamCredentials {
  const { manager } = options;
  const { format } = manager.store;
  let rejectedToken: string | undefined;
  // The same credentials object serves every request until it is refreshed or the file changes:
  // build its auth once (for Codex that is four JWT claim reads). Frozen, as it is shared.
  let last: { credentials: C; auth: UpstreamAuth } | undefined;
  const authFor = (credentials: C): UpstreamAuth => {
    if (last?.credentials !== credentials) {
      const auth = options.toAuth(credentials);
      last = { credentials, auth: Object.freeze({ ...auth, headers: Object.freeze({ ...auth.headers }) }) };
    }
    return last.auth;
  };

  const missing = () =>
    new CcproxyError('CREDENTIALS_MISSING', `No ${format.label} credentials found at ${manager.store.location()}. Run: ${format.loginCommand}`, {
      details: { file: manager.store.location(), fix: format.loginCommand },
    });

  return {
    async authHeaders(signal) {
      let credentials = await manager.load();
      if (!credentials) throw missing();
      const rejected = rejectedToken !== undefined && format.accessToken(credentials) === rejectedToken;
      if (rejected || manager.shouldRefresh(credentials)) {
        try {
          credentials = await abortable(manager.refresh(rejected ? { rejectedToken } : {}), signal);
          rejectedToken = undefined;
        } catch (error) {
          if (signal?.aborted) throw error;
          if (CcproxyError.is(error) && error.code === 'CREDENTIALS_MISSING') throw error;
          if (manager.isExpired(credentials)) {
            if (CcproxyError.is(error) && error.code === 'CREDENTIALS_INVALID') throw error;
            const reason = (error as Error).message;
            throw new CcproxyError('CREDENTIALS_INVALID', `The ${format.label} access token has expired and could not be refreshed (${reason}). Run: ${format.loginCommand}`, {
              cause: error,
              details: { file: manager.store.location(), fix: format.loginCommand },
            });
          }
          options.logger?.warn({ error: (error as Error).message }, 'token_refresh_failed_using_current_token');
        }
      }
      return authFor(credentials);
    },
    async invalidate() {
      try {
        const credentials = await manager.load();
        if (credentials) rejectedToken = format.accessToken(credentials);
      } catch {
        // unreadable file: the next authHeaders() reports it
      }
    },
    async describe() {
      const source = manager.store.location();
      let credentials: C | null;
      try {
        credentials = await manager.load();
      } catch (error) {
        return { configured: true, usable: false, source, problem: (error as Error).message, fix: format.loginCommand };
      }
      if (!credentials) return { configured: false, usable: false, source, problem: `No ${format.label} credentials found at ${source}`, fix: format.loginCommand };
      const expiresAt = format.expiresAt(credentials);
      const account = options.account?.(credentials) ?? {};
      const canRefresh = Boolean(format.refreshToken(credentials));
      const base = { configured: true, source, ...account, ...(expiresAt === undefined ? {} : { expiresAt }) };
      if (manager.isExpired(credentials) && !canRefresh) {
        return { ...base, usable: false, problem: `The ${format.label} access token has expired and there is no refresh token`, fix: format.loginCommand };
      }
      if (manager.shouldRefresh(credentials) && !canRefresh) {
        return { ...base, usable: true, problem: `The ${format.label} access token expires soon and there is no refresh token`, fix: format.loginCommand };
      }
      return { ...base, usable: true };
    },
  };
}

/**
 * Health of an auth plugin from its credentials (providers.md §6.2): `pass` when usable, `warn`
 * (with the command that fixes it) otherwise. Never `fail`: a machine where nobody logged in yet
 * must still start and answer `/health`.
 */
export function credentialsHealth(label: string, description: CredentialsDescription, now: number = Date.now()): HealthReport {
  const details: Record<string, unknown> = {
    credentials_file: description.source,
    configured: description.configured,
    usable: description.usable,
    ...(description.accountId ? { account_id: description.accountId } : {}),
    ...(description.email ? { email: description.email } : {}),
    ...(description.plan ? { plan: description.plan } : {}),
    ...(description.expiresAt === undefined ? {} : { expires_at: new Date(description.expiresAt).toISOString(), token_expired: description.expiresAt <= now }),
    ...(description.fix && description.problem ? { fix: description.fix } : {}),
  };
  if (!description.usable || description.problem) {
    const problem = description.problem ?? `${label} credentials are not usable`;
    const fix = description.fix ?? 'ccproxy auth login';
    // Errors from the credential store already end with the fix; do not say it twice.
    return { status: 'warn', output: problem.includes(`Run: ${fix}`) ? problem : `${problem.replace(/\.$/, '')}. Run: ${fix}`, details };
  }
  const who = description.email ?? description.accountId;
  const expired = description.expiresAt !== undefined && description.expiresAt <= now;
  const text = `${label}: authenticated${who ? ` as ${who}` : ''}${description.plan ? ` (${description.plan})` : ''}${expired ? '; token expired, refreshed on next use' : ''}`;
  return { status: 'pass', output: text, details };
}
