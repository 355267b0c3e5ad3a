import { readFile, readdir, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openaiCredentials, type UpstreamCredentials } from '@ccproxy/core';
import { createTestHost } from '@ccproxy/core/testing';
import { createTempHome, sendJson, startFakeUpstream, type FakeUpstream, type TempHome } from '@ccproxy/testkit';
import { oauthCodex } from '../src/index.js';
import { accessToken, idToken } from './jwt.js';

let home: TempHome;
let tokenServer: FakeUpstream;
let host: Awaited<ReturnType<typeof createTestHost>> | undefined;
let issued = 0;

beforeEach(async () => {
  issued = 0;
  home = await createTempHome();
  tokenServer = await startFakeUpstream((_request, response) => {
    issued++;
    // Answer a little later so concurrent callers overlap with the refresh.
    setTimeout(() => sendJson(response, 200, { access_token: accessToken({ marker: `NEW-${issued}` }), id_token: idToken({ account: 'acct-chatgpt', sub: 'user-sub' }), refresh_token: `rt-new-${issued}` }), 30);
  });
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await tokenServer.close();
  await home.remove();
});

async function start(graceSeconds?: number): Promise<UpstreamCredentials> {
  host = await createTestHost({
    plugins: [oauthCodex],
    env: { HOME: home.path },
    settings: { plugins: { oauth_codex: { token_url: `${tokenServer.url}/oauth/token` } }, ...(graceSeconds === undefined ? {} : { auth: { refresh_grace_seconds: graceSeconds } }) },
  });
  const credentials = host.capabilities.get(openaiCredentials);
  if (!credentials) throw new Error('oauth_codex did not provide openaiCredentials');
  return credentials;
}

describe('oauth_codex plugin', () => {
  it('returns the bearer header and the ChatGPT account id from the claims', async () => {
    const access = accessToken();
    await home.write('.codex/auth.json', { OPENAI_API_KEY: null, tokens: { id_token: idToken({ account: 'acct-chatgpt', sub: 'user-sub' }), access_token: access, refresh_token: 'rt-old', account_id: 'acct-chatgpt' }, last_refresh: '2025-09-15T14:28:00+00:00' });
    const credentials = await start();
    expect(await credentials.authHeaders()).toMatchObject({ headers: { authorization: `Bearer ${access}` }, accountId: 'acct-chatgpt' });
    const health = await host!.plugins.health('oauth_codex');
    expect(health).toMatchObject({ status: 'pass', details: { account_id: 'acct-chatgpt', plan: 'pro', email: 'dev@example.com' } });
    expect(tokenServer.requests).toHaveLength(0);
  });

  it('refreshes exactly once for 20 concurrent callers, keeps unknown keys and never stores the subject as account id', async () => {
    const access = accessToken({ exp: Math.floor(Date.now() / 1000) + 30 });
    await home.write('.codex/auth.json', { OPENAI_API_KEY: null, tokens: { id_token: idToken({ sub: 'user-sub' }), access_token: access, refresh_token: 'rt-old', account_id: 'acct-chatgpt' }, last_refresh: '2025-09-15T14:28:00+00:00', custom: 'kept' });
    const credentials = await start();
    const results = await Promise.all(Array.from({ length: 20 }, () => credentials.authHeaders()));
    expect(tokenServer.requests).toHaveLength(1);
    expect(new URLSearchParams(tokenServer.requests[0]!.body.toString()).get('refresh_token')).toBe('rt-old');
    expect(new Set(results.map((result) => result.accountId))).toEqual(new Set(['acct-chatgpt']));
    const file = `${home.path}/.codex/auth.json`;
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ OPENAI_API_KEY: null, custom: 'kept', tokens: { refresh_token: 'rt-new-1', account_id: 'acct-chatgpt' } });
    expect(saved.tokens.account_id).not.toBe('user-sub');
    expect(Date.parse(saved.last_refresh)).toBeGreaterThan(Date.now() - 10_000);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(`${home.path}/.codex`)).toEqual(['auth.json']);
  });

  it('honours auth.refresh_grace_seconds', async () => {
    const access = accessToken({ exp: Math.floor(Date.now() / 1000) + 60 });
    await home.write('.codex/auth.json', { tokens: { access_token: access, refresh_token: 'rt-old' } });
    const credentials = await start(10);
    expect((await credentials.authHeaders()).headers.authorization).toBe(`Bearer ${access}`);
    expect(tokenServer.requests).toHaveLength(0);
  });

  it('does not refresh when the expiry cannot be decoded', async () => {
    await home.write('.codex/auth.json', { tokens: { access_token: 'opaque-token', refresh_token: 'rt-old' } });
    const credentials = await start();
    expect((await credentials.authHeaders()).headers.authorization).toBe('Bearer opaque-token');
    expect(tokenServer.requests).toHaveLength(0);
  });

  it('warns with the login command when there is no ChatGPT login', async () => {
    await home.write('.codex/auth.json', { OPENAI_API_KEY: 'sk-proj-only-a-key' });
    const credentials = await start();
    const health = await host!.plugins.health('oauth_codex');
    expect(health.status).toBe('warn');
    expect(health.output).toContain('Run: ccproxy auth login codex');
    await expect(credentials.authHeaders()).rejects.toMatchObject({ code: 'CREDENTIALS_MISSING', status: 401 });
    expect(JSON.stringify([health, host!.logger.records])).not.toContain('sk-proj-only-a-key');
  });

  it('declares itself CLI-safe with the codex auth commands', () => {
    expect(oauthCodex.manifest).toMatchObject({ name: 'oauth_codex', kind: 'auth_provider', cliSafe: true });
    expect(oauthCodex.manifest.authCommands?.[0]).toMatchObject({ provider: 'codex', aliases: ['openai', 'openai-api', 'chatgpt'] });
  });
});
