import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AuthCommandSpec, CliCommandContext, CliIO } from '../declaration/specs.js';
import type { Logger } from '../declaration/logger.js';
import { createCredentialStore, type CredentialFormat, type CredentialStore } from './credential-store.js';
import { runOAuthLoginFlow, type OAuthLoginFlowOptions } from './oauth-login-flow.js';
import { createTokenManager } from './token-manager.js';
import { formatExpiresIn, previewToken } from './token-preview.js';

export type InfoRow = readonly [label: string, value: string];

/** What `ccproxy auth <command> <provider>` needs from one provider, built per invocation. */
export interface OAuthCliProvider<C> {
  readonly format: CredentialFormat<C>;
  /** The default credentials file (usually the official CLI's). */
  readonly defaultFile: string;
  /** The official CLI that owns `defaultFile`: `logout` leaves it alone unless `--force`. */
  readonly fileOwner?: string;
  /** The provider's refresh call (the token manager saves the result). */
  refresh(current: C, signal: AbortSignal | undefined): Promise<C>;
  readonly login: Pick<OAuthLoginFlowOptions<C>, 'callbackPort' | 'callbackPath' | 'callbackHost' | 'manualRedirectUri' | 'authorizationUrl' | 'exchange' | 'timeoutMs'>;
  /** Account facts for status/refresh/login output (email, plan, scopes…). Never tokens. May use the network. */
  accountRows(credentials: C, store: CredentialStore<C>): Promise<readonly InfoRow[]>;
  readonly refreshGraceSeconds?: number;
  readonly logger?: Logger;
}

export interface OAuthCommandsOptions<C, TConfig> {
  /** Canonical CLI name (`claude`, `codex`). */
  readonly provider: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  resolve(context: CliCommandContext<TConfig>): OAuthCliProvider<C>;
}

function printRows(io: CliIO, rows: readonly InfoRow[]): void {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  for (const [label, value] of rows) io.out(`  ${label.padEnd(width)}  ${value}`);
}

function expiryRows<C>(format: CredentialFormat<C>, credentials: C, now: number): InfoRow[] {
  const at = format.expiresAt(credentials);
  if (at === undefined) return [['Expires at', 'unknown']];
  return [
    ['Expires at', new Date(at).toISOString()],
    ['Expires in', formatExpiresIn(at - now)],
  ];
}

/** Loads the stored credentials; an unreadable or corrupt file is reported and gives `undefined`. */
async function loadReporting<C>(store: CredentialStore<C>, io: CliIO): Promise<C | null | undefined> {
  try {
    return await store.load();
  } catch (error) {
    io.err(`✖ ${errorMessage(error)}`);
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The four `ccproxy auth` commands for an OAuth provider (core.md §16.3, providers.md §4.9), so the
 * Claude and Codex plugins only describe what differs. Exit codes: 0 ok, 1 failure or not
 * authenticated. No command ever prints a token (only `--detailed` previews: first/last characters).
 */
export function createOAuthAuthCommands<C, TConfig>(options: OAuthCommandsOptions<C, TConfig>): AuthCommandSpec<TConfig> {
  const storeFor = (provider: OAuthCliProvider<C>, file: string | undefined) =>
    createCredentialStore(file ? path.resolve(file) : provider.defaultFile, provider.format);
  const managerFor = (provider: OAuthCliProvider<C>, store: CredentialStore<C>) =>
    createTokenManager({
      store,
      refresh: (current, signal) => provider.refresh(current, signal),
      ...(provider.refreshGraceSeconds === undefined ? {} : { refreshGraceSeconds: provider.refreshGraceSeconds }),
      cacheTtlSeconds: 0,
      ...(provider.logger ? { logger: provider.logger } : {}),
    });

  return {
    provider: options.provider,
    ...(options.aliases ? { aliases: options.aliases } : {}),
    description: options.description,

    async login(context, loginOptions) {
      const { io } = context;
      const provider = options.resolve(context);
      const { format } = provider;
      if (loginOptions.file) {
        const target = path.resolve(loginOptions.file);
        const info = await stat(target).catch(() => null);
        if (info?.isDirectory()) {
          io.err(`✖ --file ${target} is a directory; give a file path.`);
          return 1;
        }
        if (info && !loginOptions.force) {
          io.err(`✖ ${target} already exists; nothing written. Add --force to overwrite it.`);
          return 1;
        }
      }
      const store = storeFor(provider, loginOptions.file);
      let credentials: C;
      try {
        credentials = await runOAuthLoginFlow({
          ...provider.login,
          io,
          label: format.label,
          signal: context.signal,
          ...(loginOptions.noBrowser ? { noBrowser: true } : {}),
          ...(loginOptions.manual ? { manual: true } : {}),
        });
      } catch (error) {
        io.err(`✖ Login failed: ${errorMessage(error)}`);
        return 1;
      }
      try {
        await store.save(credentials);
      } catch (error) {
        io.err(`✖ Login succeeded but the credentials could not be saved: ${errorMessage(error)}`);
        return 1;
      }
      io.out('✔ Authentication successful!');
      io.out(`  Credentials saved to ${store.location()}`);
      printRows(io, [...(await provider.accountRows(credentials, store).catch(() => [])), ...expiryRows(format, credentials, Date.now())]);
      return 0;
    },

    async status(context, statusOptions) {
      const { io } = context;
      const provider = options.resolve(context);
      const { format } = provider;
      const store = storeFor(provider, statusOptions.file);
      const credentials = await loadReporting(store, io);
      if (credentials === undefined) return 1;
      if (!credentials) {
        io.out(`✖ Not authenticated: no ${format.label} credentials at ${store.location()}`);
        io.out(`  Run: ${format.loginCommand}`);
        return 1;
      }
      const now = Date.now();
      const at = format.expiresAt(credentials);
      const expired = at !== undefined && at <= now;
      const refreshToken = format.refreshToken(credentials);
      if (!expired) io.out('✔ Authenticated with valid credentials');
      else if (refreshToken) io.out(`! The access token has expired; it is refreshed on the next request (or now: ccproxy auth refresh ${options.provider})`);
      else io.out(`✖ Not authenticated: the access token has expired and there is no refresh token. Run: ${format.loginCommand}`);
      const rows: InfoRow[] = [
        ['Provider', format.label],
        ['Credentials', store.location()],
        ...(await provider.accountRows(credentials, store).catch((): InfoRow[] => [])),
        ...expiryRows(format, credentials, now),
        ['Refresh token', refreshToken ? 'present' : 'missing'],
      ];
      if (statusOptions.detailed) {
        rows.push(['Access token', previewToken(format.accessToken(credentials), 8)], ['Refresh token value', previewToken(refreshToken, 4)]);
      }
      printRows(io, rows);
      return expired && !refreshToken ? 1 : 0;
    },

    async refresh(context, refreshOptions) {
      const { io } = context;
      const provider = options.resolve(context);
      const { format } = provider;
      const store = storeFor(provider, refreshOptions.file);
      const credentials = await loadReporting(store, io);
      if (credentials === undefined) return 1;
      if (!credentials) {
        io.err(`✖ No ${format.label} credentials found at ${store.location()}. Run '${format.loginCommand}' first.`);
        return 1;
      }
      if (!format.refreshToken(credentials)) {
        io.err(`✖ The ${format.label} credentials have no refresh token; re-authentication is required. Run: ${format.loginCommand}`);
        return 1;
      }
      let refreshed: C;
      try {
        refreshed = await managerFor(provider, store).refresh({ mode: 'force' });
      } catch (error) {
        const message = errorMessage(error);
        io.err(`✖ ${/^Token refresh/.test(message) ? message : `Token refresh failed: ${message}`}`);
        return 1;
      }
      io.out('✔ Token refreshed');
      printRows(io, [
        ...(await provider.accountRows(refreshed, store).catch((): InfoRow[] => [])),
        ...expiryRows(format, refreshed, Date.now()),
        ['Access token', previewToken(format.accessToken(refreshed), 8)],
        ['Refresh token', previewToken(format.refreshToken(refreshed), 4)],
      ]);
      return 0;
    },

    async logout(context, logoutOptions) {
      const { io } = context;
      const provider = options.resolve(context);
      const { format } = provider;
      const store = storeFor(provider, logoutOptions.file);
      let present: boolean;
      try {
        present = (await store.load()) !== null;
      } catch {
        present = await store.exists(); // corrupt: still something to remove
      }
      if (!present) {
        io.out('Already logged out.');
        return 0;
      }
      const isDefault = store.location() === path.resolve(provider.defaultFile);
      if (isDefault && provider.fileOwner && !logoutOptions.force) {
        io.err(`✖ ${store.location()} belongs to ${provider.fileOwner}; removing it logs ${provider.fileOwner} out as well. Nothing was changed.`);
        io.err(`  To remove it anyway: ccproxy auth logout ${options.provider} --force`);
        return 1;
      }
      if (!logoutOptions.yes) {
        if (!io.interactive) {
          io.err(`✖ Refusing to remove credentials without confirmation; add --yes.`);
          return 1;
        }
        const answer = (await io.prompt(`Remove the ${format.label} credentials from ${store.location()}? [y/N] `).catch(() => '')).trim().toLowerCase();
        if (answer !== 'y' && answer !== 'yes') {
          io.out('Logout cancelled; nothing was changed.');
          return 1;
        }
      }
      try {
        await store.delete();
      } catch (error) {
        io.err(`✖ Failed to remove credentials: ${errorMessage(error)}`);
        return 1;
      }
      io.out(`✔ Logged out: removed the ${format.label} credentials from ${store.location()}`);
      return 0;
    },
  };
}
