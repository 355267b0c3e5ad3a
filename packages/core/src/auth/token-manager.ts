import { CcproxyError } from '../errors/ccproxy-error.js';
import type { Logger } from '../declaration/logger.js';
import type { CredentialStore } from './credential-store.js';
import { OAuthTokenError } from './oauth-token-request.js';
import { createSingleFlight } from './single-flight.js';

export interface TokenManagerOptions<C> {
  readonly store: CredentialStore<C>;
  /**
   * Calls the provider's token endpoint with the stored refresh token and returns the new
   * credentials (the manager saves them). Throw `OAuthTokenError` on failure.
   */
  refresh(current: C, signal: AbortSignal | undefined): Promise<C>;
  /** Refresh this long before expiry (`auth.refresh_grace_seconds`, env `AUTH__REFRESH_GRACE_SECONDS`). Default 120. */
  readonly refreshGraceSeconds?: number;
  /** Reuse loaded credentials this long while the file is unchanged. Default 30. */
  readonly cacheTtlSeconds?: number;
  /** After a failed refresh, wait this long before trying the same refresh token again. Default 30. */
  readonly retryAfterFailureSeconds?: number;
  /** Aborts in-flight refreshes at shutdown (a caller's own signal never cancels a shared refresh). */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** Injected clock (tests). */
  readonly now?: () => number;
}

export interface RefreshOptions {
  /**
   * `if-needed` (default): re-read the file and adopt its token when it is no longer within the
   * grace window (another process refreshed). `force`: always call the token endpoint (CLI).
   */
  readonly mode?: 'if-needed' | 'force';
  /** An access token the upstream rejected: never adopted again, even when not expired. */
  readonly rejectedToken?: string;
}

export interface AuthStatus {
  readonly authenticated: boolean;
  readonly reason?: 'No credentials found' | 'Token expired' | 'Credentials invalid';
  /** ISO time. */
  readonly expires_at?: string;
  readonly expires_in?: number;
  readonly has_refresh_token?: boolean;
}

/** Token manager rules (providers.md §4.2): cache, grace, single-flight refresh, re-read and adopt. */
export interface TokenManager<C> {
  readonly store: CredentialStore<C>;
  /** Credentials, from the cache while the file is unchanged and the TTL holds; `null` when none. */
  load(): Promise<C | null>;
  /** Saves (merged, atomic) and caches. */
  save(credentials: C): Promise<void>;
  /** Single-flight per file: concurrent callers share one token-endpoint call. Throws when it fails. */
  refresh(options?: RefreshOptions): Promise<C>;
  shouldRefresh(credentials: C, graceSeconds?: number): boolean;
  isExpired(credentials: C): boolean;
  /** Milliseconds until expiry (negative when expired); `undefined` when unknown. */
  expiresIn(credentials: C): number | undefined;
  authStatus(): Promise<AuthStatus>;
  /** Forget the cache (the next `load` reads the file). */
  clearCache(): void;
}

interface ProcessWideState {
  /** Refresh tokens already sent successfully: single-use, never sent twice. */
  readonly spent: Set<string>;
  /** Refresh tokens whose last attempt failed, with when and why (retry only after a pause). */
  readonly failed: Map<string, { at: number; error: Error }>;
  /** Credentials obtained by a refresh whose save failed: the file still holds the spent token. */
  unsaved: unknown;
}

// Process-wide per file: two managers on one file (the server and a CLI command in one process,
// or two plugin instances in tests) must share the refresh lock and the spent-token list.
const flights = createSingleFlight<unknown>();
const states = new Map<string, ProcessWideState>();

function stateFor(location: string): ProcessWideState {
  let state = states.get(location);
  if (!state) {
    state = { spent: new Set(), failed: new Map(), unsaved: undefined };
    states.set(location, state);
  }
  return state;
}

/** Shortest real time between two looks at the credentials file while its cache is fresh. */
const FINGERPRINT_INTERVAL_MS = 100;

export function createTokenManager<C>(options: TokenManagerOptions<C>): TokenManager<C> {
  const { store } = options;
  const { format } = store;
  const now = options.now ?? Date.now;
  const graceMs = Math.max(0, options.refreshGraceSeconds ?? 120) * 1000;
  const ttlMs = Math.max(0, options.cacheTtlSeconds ?? 30) * 1000;
  const retryMs = Math.max(0, options.retryAfterFailureSeconds ?? 30) * 1000;
  const shared = stateFor(store.location());
  let cache: { credentials: C | null; fingerprint: string | null; at: number } | undefined;
  let fingerprintCheckedAt = Number.NEGATIVE_INFINITY;

  const expiresIn = (credentials: C): number | undefined => {
    const at = format.expiresAt(credentials);
    return at === undefined ? undefined : at - now();
  };
  const isExpired = (credentials: C) => {
    const left = expiresIn(credentials);
    return left !== undefined && left <= 0;
  };
  const shouldRefresh = (credentials: C, graceSeconds?: number) => {
    const left = expiresIn(credentials);
    return left !== undefined && left <= (graceSeconds === undefined ? graceMs : Math.max(0, graceSeconds) * 1000);
  };

  /** The file's credentials, unless they still hold a refresh token we spent and memory has newer ones. */
  const readLatest = async (): Promise<C | null> => {
    const fingerprint = await store.fingerprint();
    let credentials: C | null = await store.load();
    const unsaved = shared.unsaved as C | undefined;
    if (unsaved !== undefined) {
      const onDisk = credentials ? format.refreshToken(credentials) : undefined;
      if (credentials === null || (onDisk !== undefined && shared.spent.has(onDisk))) credentials = unsaved;
      else shared.unsaved = undefined; // someone wrote fresh credentials: the file wins again
    }
    cache = { credentials, fingerprint, at: now() };
    fingerprintCheckedAt = Number.NEGATIVE_INFINITY;
    return credentials;
  };

  const load = async (): Promise<C | null> => {
    if (cache && now() - cache.at < ttlMs && !(cache.credentials && isExpired(cache.credentials))) {
      // Under load the file is looked at (a stat) at most every FINGERPRINT_INTERVAL_MS of real
      // time: a rewrite by another process is seen within that, and a busy proxy does not stat
      // the file for every request.
      const checked = performance.now();
      if (checked - fingerprintCheckedAt < FINGERPRINT_INTERVAL_MS) return cache.credentials;
      if ((await store.fingerprint()) === cache.fingerprint) {
        fingerprintCheckedAt = checked;
        return cache.credentials;
      }
    }
    return readLatest();
  };

  const doRefresh = async (refreshOptions: RefreshOptions): Promise<C> => {
    // Re-read right before refreshing: another process (the official CLI) may have refreshed.
    const latest = await readLatest();
    if (latest === null) {
      throw new CcproxyError('CREDENTIALS_MISSING', `No ${format.label} credentials found at ${store.location()}. Run: ${format.loginCommand}`, { details: { file: store.location(), fix: format.loginCommand } });
    }
    const adoptable = refreshOptions.mode !== 'force' && !shouldRefresh(latest) && format.accessToken(latest) !== refreshOptions.rejectedToken;
    if (adoptable) return latest;

    const refreshToken = format.refreshToken(latest);
    if (!refreshToken) {
      throw new CcproxyError('CREDENTIALS_INVALID', `${format.label} credentials at ${store.location()} have no refresh token, so the access token cannot be renewed. Run: ${format.loginCommand}`, { details: { file: store.location(), fix: format.loginCommand } });
    }
    if (shared.spent.has(refreshToken)) {
      throw new CcproxyError('CREDENTIALS_INVALID', `The ${format.label} refresh token in ${store.location()} was already used and cannot be used again. Run: ${format.loginCommand}`, { details: { file: store.location(), fix: format.loginCommand } });
    }
    const failure = shared.failed.get(refreshToken);
    if (failure && refreshOptions.mode !== 'force' && now() - failure.at < retryMs) throw failure.error;

    let next: C;
    try {
      next = await options.refresh(latest, options.signal);
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      // A 4xx (invalid_grant) means this refresh token is dead for good: never send it again.
      if (error instanceof OAuthTokenError && error.definitive) shared.spent.add(refreshToken);
      else shared.failed.set(refreshToken, { at: now(), error: reason });
      options.logger?.warn({ file: store.location(), error: reason.message }, 'token_refresh_failed');
      throw reason;
    }
    shared.spent.add(refreshToken);
    shared.failed.delete(refreshToken);
    try {
      await store.save(next);
      shared.unsaved = undefined;
      cache = { credentials: next, fingerprint: await store.fingerprint(), at: now() };
    } catch (error) {
      // The new tokens live in memory only; the file keeps the spent refresh token, which we will
      // not send again (refresh tokens are single-use).
      shared.unsaved = next;
      cache = { credentials: next, fingerprint: await store.fingerprint(), at: now() };
      options.logger?.error({ file: store.location(), error: (error as Error).message }, 'credentials_save_failed');
    }
    options.logger?.info({ file: store.location(), expires_at: format.expiresAt(next) }, 'token_refreshed');
    return next;
  };

  return {
    store,
    load,
    save: async (credentials) => {
      await store.save(credentials);
      shared.unsaved = undefined;
      cache = { credentials, fingerprint: await store.fingerprint(), at: now() };
    },
    refresh: (refreshOptions = {}) => flights.run(store.location(), () => doRefresh(refreshOptions)) as Promise<C>,
    shouldRefresh,
    isExpired,
    expiresIn,
    clearCache: () => {
      cache = undefined;
    },
    async authStatus() {
      let credentials: C | null;
      try {
        credentials = await load();
      } catch {
        return { authenticated: false, reason: 'Credentials invalid' };
      }
      if (!credentials) return { authenticated: false, reason: 'No credentials found' };
      const at = format.expiresAt(credentials);
      const base = { has_refresh_token: Boolean(format.refreshToken(credentials)), ...(at === undefined ? {} : { expires_at: new Date(at).toISOString() }) };
      if (isExpired(credentials)) return { authenticated: false, reason: 'Token expired', ...base };
      return { authenticated: true, ...base, ...(at === undefined ? {} : { expires_in: Math.max(0, Math.floor((at - now()) / 1000)) }) };
    },
  };
}
