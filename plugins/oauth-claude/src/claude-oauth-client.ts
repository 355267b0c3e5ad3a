import { requestToken, type AuthorizationUrlParams, type CodeExchangeParams, type HttpClient } from '@ccproxy/core';
import { credentialsFromTokenResponse, type ClaudeCredentials } from './claude-credentials.js';
import type { OAuthClaudeConfig } from './config.js';

/** The Claude OAuth endpoints (providers.md §4.6); the clock is injectable for tests. */
export interface ClaudeOAuthClient {
  authorizationUrl(params: AuthorizationUrlParams): string;
  exchangeCode(params: CodeExchangeParams, signal?: AbortSignal): Promise<ClaudeCredentials>;
  refresh(current: ClaudeCredentials, signal?: AbortSignal): Promise<ClaudeCredentials>;
}

export function createClaudeOAuthClient(config: OAuthClaudeConfig, http: HttpClient, now: () => number = Date.now): ClaudeOAuthClient {
  const timeoutMs = config.request_timeout * 1000;
  return {
    authorizationUrl({ state, codeChallenge, codeChallengeMethod, redirectUri }) {
      // Parameter order as the Claude CLI sends it; URLSearchParams encodes spaces in scope as '+'.
      const params = new URLSearchParams({ code: 'true', client_id: config.client_id, redirect_uri: redirectUri, response_type: 'code', scope: config.scopes.join(' '), state });
      if (config.use_pkce) {
        params.set('code_challenge', codeChallenge);
        params.set('code_challenge_method', codeChallengeMethod);
      }
      const url = new URL(config.authorize_url);
      url.search = params.toString();
      return url.toString();
    },
    async exchangeCode({ code, state, codeVerifier, redirectUri }, signal) {
      const answer = await requestToken(http, {
        url: config.token_url,
        action: 'exchange',
        encoding: 'json',
        // Claude wants `state` in the exchange body too (non-standard, but required).
        params: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: config.client_id, ...(config.use_pkce ? { code_verifier: codeVerifier } : {}), state },
        headers: config.headers,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return credentialsFromTokenResponse(answer, { scopes: config.scopes, now: now() });
    },
    async refresh(current, signal) {
      const answer = await requestToken(http, {
        url: config.token_url,
        action: 'refresh',
        encoding: 'json',
        params: { grant_type: 'refresh_token', refresh_token: current.refreshToken ?? '', client_id: config.client_id },
        headers: config.headers,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return credentialsFromTokenResponse(answer, { previous: current, scopes: current.scopes.length > 0 ? current.scopes : config.scopes, now: now() });
    },
  };
}
