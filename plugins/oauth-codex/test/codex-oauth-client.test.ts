import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '@ccproxy/core';
import { sendJson, startFakeUpstream, type FakeUpstream } from '@ccproxy/testkit';
import { createCodexOAuthClient, oauthCodexConfigSchema } from '../src/index.js';
import { accessToken, idToken } from './jwt.js';

let upstream: FakeUpstream;
const http = createHttpClient({ connectTimeoutMs: 2000, requestTimeoutMs: 5000, streamIdleTimeoutMs: 5000, env: {} });
beforeAll(async () => {
  upstream = await startFakeUpstream((_request, response) => sendJson(response, 200, { access_token: accessToken(), id_token: idToken({ account: 'acct-1' }), refresh_token: 'rt-new' }));
});
afterAll(async () => {
  await upstream.close();
});
const config = () => oauthCodexConfigSchema.parse({ token_url: `${upstream.url}/oauth/token` });

describe('Codex OAuth client', () => {
  it('builds the authorize URL with the exact parameters', () => {
    const url = createCodexOAuthClient(oauthCodexConfigSchema.parse({}), http).authorizationUrl({ state: 'st', codeChallenge: 'ch', codeChallengeMethod: 'S256', redirectUri: 'http://localhost:1455/auth/callback' });
    expect(url).toBe(
      'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&redirect_uri=http%3A%2F%2Flocalhost%3A1455%2Fauth%2Fcallback&scope=openid+profile+email+offline_access&state=st&code_challenge=ch&code_challenge_method=S256',
    );
    expect(url).not.toContain('code=true');
  });

  it('exchanges with a form without state, sending the Codex user agent', async () => {
    const credentials = await createCodexOAuthClient(config(), http).exchangeCode({ code: 'the-code', state: 'st', codeVerifier: 'verifier', redirectUri: 'http://localhost:1455/auth/callback' });
    const request = upstream.requests.at(-1)!;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['user-agent']).toBe('Codex-Code/1.0.43');
    expect(Object.fromEntries(new URLSearchParams(request.body.toString()))).toEqual({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: 'http://localhost:1455/auth/callback', client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', code_verifier: 'verifier' });
    expect(credentials).toMatchObject({ refreshToken: 'rt-new', storedAccountId: 'acct-1' });
  });

  it('refreshes with a four-field form including the scope string', async () => {
    await createCodexOAuthClient(config(), http).refresh({ accessToken: 'a', refreshToken: 'rt-old' });
    const request = upstream.requests.at(-1)!;
    expect(request.body.toString()).toBe('grant_type=refresh_token&refresh_token=rt-old&client_id=app_EMoamEEZ73f0CkXaXp7hrann&scope=openid+profile+email+offline_access');
  });
});
