import type { CliIO } from '../declaration/specs.js';
import { CcproxyError } from '../errors/ccproxy-error.js';
import { startCallbackServer, type CallbackServer } from './callback-server.js';
import { OAuthFlowError } from './oauth-flow-error.js';
import { createOAuthState, createPkcePair, type PkcePair } from './pkce.js';

export interface AuthorizationUrlParams {
  readonly state: string;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: 'S256';
  readonly redirectUri: string;
}

export interface CodeExchangeParams {
  readonly code: string;
  readonly state: string;
  /** Secret: only sent to the token endpoint. */
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

export interface OAuthLoginFlowOptions<C> {
  readonly io: CliIO;
  /** `Claude`, `Codex`: used in the printed instructions. */
  readonly label: string;
  readonly callbackPort: number;
  /** e.g. `/callback`. */
  readonly callbackPath: string;
  /** Host of the loopback redirect URI; default `localhost`. */
  readonly callbackHost?: string;
  /**
   * Redirect URI of the paste-the-code flow (Claude's console page shows `code#state`). Default
   * `urn:ietf:wg:oauth:2.0:oob`. A loopback URI works too: the user pastes the address the browser
   * could not load.
   */
  readonly manualRedirectUri?: string;
  /** The provider's authorization URL for these parameters. */
  authorizationUrl(params: AuthorizationUrlParams): string;
  /** The provider-specific code exchange; returns the credentials to save. */
  exchange(params: CodeExchangeParams): Promise<C>;
  /** Print the URL without opening a browser (still waits for the callback). */
  readonly noBrowser?: boolean;
  /** Paste the code by hand; no callback server. */
  readonly manual?: boolean;
  /** How long to wait for the browser; default 300 000 ms. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

/** The callback's query: the code, once the state matched and no `error` came back. */
function codeFromCallback(query: URLSearchParams, expectedState: string): string {
  const error = query.get('error');
  if (error) throw new OAuthFlowError('provider_error', `OAuth error: ${error} - ${query.get('error_description') || 'No description provided'}`);
  const state = query.get('state');
  if (state !== expectedState) throw new OAuthFlowError('state_mismatch', 'OAuth state mismatch: the callback does not belong to this login attempt (try again)');
  const code = query.get('code');
  if (!code) throw new OAuthFlowError('no_code', 'No authorization code received in callback');
  return code;
}

/** Pasted input: `code`, `code#state` (Claude's console page), or the full redirect address. */
function parsePastedCode(input: string, expectedState: string): string {
  const text = input.trim();
  if (text === '') throw new OAuthFlowError('no_code', 'No authorization code entered');
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new OAuthFlowError('no_code', 'The pasted address is not a valid URL');
    }
    return codeFromCallback(url.searchParams, expectedState);
  }
  const hash = text.indexOf('#');
  const code = hash === -1 ? text : text.slice(0, hash);
  const state = hash === -1 ? '' : text.slice(hash + 1);
  if (state !== '' && state !== expectedState) throw new OAuthFlowError('state_mismatch', 'OAuth state mismatch: the pasted code belongs to another login attempt (try again)');
  if (code === '') throw new OAuthFlowError('no_code', 'No authorization code entered');
  return code;
}

async function exchangeCode<C>(options: OAuthLoginFlowOptions<C>, params: CodeExchangeParams): Promise<C> {
  try {
    return await options.exchange(params);
  } catch (error) {
    if (error instanceof OAuthFlowError) throw error;
    const message = CcproxyError.is(error) || error instanceof Error ? error.message : String(error);
    throw new OAuthFlowError('exchange_failed', message, error);
  }
}

async function manualFlow<C>(options: OAuthLoginFlowOptions<C>, state: string, pkce: PkcePair): Promise<C> {
  const { io } = options;
  if (!io.interactive) {
    throw new OAuthFlowError('no_input', 'Cannot ask for the authorization code: there is no interactive terminal. Run the login in a terminal, or use --no-browser and open the printed URL on this machine.');
  }
  const redirectUri = options.manualRedirectUri ?? OOB_REDIRECT;
  const url = options.authorizationUrl({ state, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256', redirectUri });
  io.out(`Open this URL in any browser and log in to ${options.label}:`);
  io.out('');
  io.out(`  ${url}`);
  io.out('');
  io.out('Then paste the authorization code shown at the end (or the full address of the page you land on).');
  let input: string;
  try {
    input = await io.prompt('Authorization code: ');
  } catch (error) {
    throw new OAuthFlowError('no_input', `Cannot read the authorization code: ${(error as Error).message}`, error);
  }
  const code = parsePastedCode(input, state);
  return exchangeCode(options, { code, state, codeVerifier: pkce.verifier, redirectUri });
}

/**
 * `ccproxy auth login` (providers.md §4.5): PKCE S256 + state, a loopback callback server, the URL
 * printed and opened in a browser, up to 300 s of waiting; falls back to pasting the code when
 * `--manual`, when the port is taken, when no browser can be opened, or after a timeout (the last
 * three only on an interactive terminal). Resolves with the exchanged credentials; the caller
 * saves them once.
 */
export async function runOAuthLoginFlow<C>(options: OAuthLoginFlowOptions<C>): Promise<C> {
  const { io } = options;
  const pkce = createPkcePair();
  const state = createOAuthState();
  if (options.manual) return manualFlow(options, state, pkce);

  let server: CallbackServer;
  try {
    server = await startCallbackServer({ port: options.callbackPort, path: options.callbackPath, expectedState: state, ...(options.callbackHost ? { host: options.callbackHost } : {}) });
  } catch (error) {
    if (error instanceof OAuthFlowError && error.reason === 'port_unavailable' && io.interactive) {
      io.err(`${error.message}; switching to pasting the code by hand.`);
      return manualFlow(options, state, pkce);
    }
    throw error;
  }

  let fallBackToManual = false;
  try {
    const url = options.authorizationUrl({ state, codeChallenge: pkce.challenge, codeChallengeMethod: 'S256', redirectUri: server.redirectUri });
    io.out(`Log in to ${options.label} by opening this URL in your browser:`);
    io.out('');
    io.out(`  ${url}`);
    io.out('');
    if (!options.noBrowser) {
      if (await io.openUrl(url)) io.out('Opened your browser.');
      else if (io.interactive) {
        io.out('Could not open a browser here.');
        fallBackToManual = true;
      }
    }
    if (!fallBackToManual) {
      const timeoutMs = options.timeoutMs ?? 300_000;
      io.out(`Waiting up to ${Math.round(timeoutMs / 1000)} s for the browser to return to ${server.redirectUri} ...`);
      let query: URLSearchParams;
      try {
        query = await server.waitForCallback(timeoutMs, options.signal);
      } catch (error) {
        if (error instanceof OAuthFlowError && error.reason === 'timeout' && io.interactive) {
          io.err(`${error.message}; switching to pasting the code by hand.`);
          fallBackToManual = true;
          query = new URLSearchParams();
        } else throw error;
      }
      if (!fallBackToManual) {
        const code = codeFromCallback(query, state);
        return await exchangeCode(options, { code, state, codeVerifier: pkce.verifier, redirectUri: server.redirectUri });
      }
    }
  } finally {
    await server.close();
  }
  return manualFlow(options, state, pkce);
}
