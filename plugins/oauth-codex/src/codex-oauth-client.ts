import { requestToken, type AuthorizationUrlParams, type CodeExchangeParams, type HttpClient } from '@ccproxy/core';
import { credentialsFromTokenResponse, type CodexCredentials } from './codex-credentials.js';
import type { OAuthCodexConfig } from './config.js';

/** The OpenAI (Codex CLI client) OAuth endpoints (providers.md §4.7). */
export interface CodexOAuthClient {
  authorizationUrl(params: AuthorizationUrlParams): string;
  exchangeCode(params: CodeExchangeParams, signal?: AbortSignal): Promise<CodexCredentials>;
  refresh(current: CodexCredentials, signal?: AbortSignal): Promise<CodexCredentials>;
}

export function createCodexOAuthClient(config: OAuthCodexConfig, http: HttpClient, now: () => number = Date.now): CodexOAuthClient {
  const timeoutMs = config.request_timeout * 1000;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers)) headers[name.toLowerCase()] = value;
  headers['user-agent'] = config.user_agent;
  return {
    authorizationUrl({ state, codeChallenge, codeChallengeMethod, redirectUri }) {
      const params = new URLSearchParams({ response_type: 'code', client_id: config.client_id, redirect_uri: redirectUri, scope: config.scopes.join(' '), state });
      if (config.use_pkce) {
        params.set('code_challenge', codeChallenge);
        params.set('code_challenge_method', codeChallengeMethod);
      }
      const url = new URL(config.authorize_url);
      url.search = params.toString();
      return url.toString();
    },
    async exchangeCode({ code, codeVerifier, redirectUri }, signal) {
      const answer = await requestToken(http, {
        url: config.token_url,
        action: 'exchange',
        encoding: 'form',
        // No `state` here (unlike Claude).
        params: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: config.client_id, ...(config.use_pkce ? { code_verifier: codeVerifier } : {}) },
        headers,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return credentialsFromTokenResponse(answer, { now: now() });
    },
    async refresh(current, signal) {
      const answer = await requestToken(http, {
        url: config.token_url,
        action: 'refresh',
        encoding: 'form',
        params: { grant_type: 'refresh_token', refresh_token: current.refreshToken ?? '', client_id: config.client_id, scope: config.scopes.join(' ') },
        headers,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      return credentialsFromTokenResponse(answer, { previous: current, now: now() });
    },
  };
}
