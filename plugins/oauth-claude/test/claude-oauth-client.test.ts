import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '@ccproxy/core';
import { sendJson, startFakeUpstream, type FakeUpstream } from '@ccproxy/testkit';
import { createClaudeOAuthClient, oauthClaudeConfigSchema } from '../src/index.js';

let upstream: FakeUpstream;
const http = createHttpClient({ connectTimeoutMs: 2000, requestTimeoutMs: 5000, streamIdleTimeoutMs: 5000, env: {} });
beforeAll(async () => {
  upstream = await startFakeUpstream((_request, response) => sendJson(response, 200, { access_token: 'sk-ant-oat01-new', refresh_token: 'sk-ant-ort01-new', expires_in: 3600 }));
});
afterAll(async () => {
  await upstream.close();
});

const config = () => oauthClaudeConfigSchema.parse({ token_url: `${upstream.url}/v1/oauth/token`, headers: { 'x-extra': '1' } });

describe('Claude OAuth client', () => {
  it('builds the authorize URL with the Claude CLI parameter order', () => {
    const url = createClaudeOAuthClient(oauthClaudeConfigSchema.parse({}), http).authorizationUrl({ state: 'st', codeChallenge: 'ch', codeChallengeMethod: 'S256', redirectUri: 'http://localhost:54545/callback' });
    expect(url).toBe(
      'https://claude.ai/oauth/authorize?code=true&client_id=9d1c250a-e61b-44d9-88ed-5944d1962f5e&redirect_uri=http%3A%2F%2Flocalhost%3A54545%2Fcallback&response_type=code&scope=org%3Acreate_api_key+user%3Aprofile+user%3Ainference&state=st&code_challenge=ch&code_challenge_method=S256',
    );
  });

  it('exchanges the code with a JSON body that includes state', async () => {
    const credentials = await createClaudeOAuthClient(config(), http).exchangeCode({ code: 'the-code', state: 'st', codeVerifier: 'verifier', redirectUri: 'http://localhost:54545/callback' });
    const request = upstream.requests.at(-1)!;
    expect(request.path).toBe('/v1/oauth/token');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-extra']).toBe('1');
    expect(request.json).toEqual({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: 'http://localhost:54545/callback', client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e', code_verifier: 'verifier', state: 'st' });
    expect(credentials).toMatchObject({ accessToken: 'sk-ant-oat01-new', refreshToken: 'sk-ant-ort01-new', scopes: ['org:create_api_key', 'user:profile', 'user:inference'] });
  });

  it('refreshes with a three-field JSON body', async () => {
    await createClaudeOAuthClient(config(), http).refresh({ accessToken: 'a', refreshToken: 'sk-ant-ort01-old', scopes: ['user:inference'] });
    expect(upstream.requests.at(-1)!.json).toEqual({ grant_type: 'refresh_token', refresh_token: 'sk-ant-ort01-old', client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e' });
  });

  it('reads numbers and lists from env-style values', () => {
    expect(oauthClaudeConfigSchema.parse({ scopes: 'user:inference user:profile', callback_port: 40000 })).toMatchObject({ scopes: ['user:inference', 'user:profile'], callback_port: 40000 });
    expect(() => oauthClaudeConfigSchema.parse({ token_url: 'not a url' })).toThrow();
  });
});
