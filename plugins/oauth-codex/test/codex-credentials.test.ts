import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore } from '@ccproxy/core';
import { createTempHome, type TempHome } from '@ccproxy/testkit';
import { codexAccount, codexCredentialFormat, credentialsFromTokenResponse } from '../src/index.js';
import { accessToken, idToken } from './jwt.js';

let home: TempHome;
let file: string;
beforeEach(async () => {
  home = await createTempHome();
  file = `${home.path}/.codex/auth.json`;
});
afterEach(async () => {
  await home.remove();
});
const store = () => createCredentialStore(file, codexCredentialFormat);

describe('Codex auth.json', () => {
  it('parses the Codex CLI shape and takes the expiry from the access token', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const access = accessToken({ exp });
    await home.write('.codex/auth.json', { OPENAI_API_KEY: null, tokens: { id_token: idToken({ account: 'acct-1' }), access_token: access, refresh_token: 'rt', account_id: 'acct-1' }, last_refresh: '2025-09-15T14:28:00+00:00' });
    const credentials = (await store().load())!;
    expect(credentials).toMatchObject({ accessToken: access, refreshToken: 'rt', storedAccountId: 'acct-1', lastRefresh: '2025-09-15T14:28:00+00:00' });
    expect(codexCredentialFormat.expiresAt(credentials)).toBe(exp * 1000);
  });

  it('accepts missing account_id, id_token and last_refresh; unknown expiry when the token is opaque', async () => {
    await home.write('.codex/auth.json', { tokens: { access_token: 'opaque', refresh_token: 'rt' } });
    const credentials = (await store().load())!;
    expect(credentials).toEqual({ accessToken: 'opaque', refreshToken: 'rt' });
    expect(codexCredentialFormat.expiresAt(credentials)).toBeUndefined();
  });

  it('reads missing files and API-key-only files as no ChatGPT login; corrupt ones as invalid', async () => {
    expect(await store().load()).toBeNull();
    await home.write('.codex/auth.json', { OPENAI_API_KEY: 'sk-proj-key' });
    expect(await store().load()).toBeNull();
    await home.write('.codex/auth.json', '{"tokens": ');
    await expect(store().load()).rejects.toThrow(/auth\.json is not valid JSON \(line 1, column \d+\)\. Run: ccproxy auth login codex/);
    await home.write('.codex/auth.json', { tokens: { refresh_token: 'rt' } });
    await expect(store().load()).rejects.toThrow('tokens.access_token is missing');
  });

  it('saves 0600 keeping OPENAI_API_KEY and unknown keys', async () => {
    await home.write('.codex/auth.json', { OPENAI_API_KEY: 'sk-proj-keep', preferred_auth_method: 'chatgpt', tokens: { access_token: 'a', refresh_token: 'r', account_id: 'acct-file', extra: 1 } }, 0o644);
    await store().save({ accessToken: 'b', refreshToken: 'r2', storedAccountId: 'acct-file', lastRefresh: '2025-01-01T00:00:00.000Z' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      OPENAI_API_KEY: 'sk-proj-keep',
      preferred_auth_method: 'chatgpt',
      tokens: { access_token: 'b', refresh_token: 'r2', account_id: 'acct-file', extra: 1 },
      last_refresh: '2025-01-01T00:00:00.000Z',
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('account id rule', () => {
  it('uses the chatgpt_account_id claim, never the JWT subject', () => {
    const account = codexAccount({ accessToken: accessToken(), idToken: idToken({ account: 'acct-claim', sub: 'user-sub' }), storedAccountId: 'acct-old' });
    expect(account).toMatchObject({ chatgptAccountId: 'acct-claim', plan: 'pro', email: 'dev@example.com', organization: 'Personal (owner)', subject: 'user-sub' });
  });

  it('falls back to the access token claim, then to the stored id, and never to sub', () => {
    expect(codexAccount({ accessToken: accessToken({ account: 'acct-access' }) }).chatgptAccountId).toBe('acct-access');
    expect(codexAccount({ accessToken: accessToken(), idToken: idToken(), storedAccountId: 'acct-stored' }).chatgptAccountId).toBe('acct-stored');
    expect(codexAccount({ accessToken: accessToken({ sub: 'user-sub' }), idToken: idToken({ sub: 'user-sub' }) }).chatgptAccountId).toBeUndefined();
  });

  it('writes the claim into tokens.account_id after a refresh, or keeps the stored one', () => {
    const now = Date.UTC(2025, 0, 2, 3, 4, 5);
    const previous = { accessToken: 'old', refreshToken: 'r', storedAccountId: 'acct-stored' };
    const withClaim = credentialsFromTokenResponse({ access_token: accessToken(), id_token: idToken({ account: 'acct-new' }) }, { previous, now });
    expect(withClaim).toMatchObject({ storedAccountId: 'acct-new', refreshToken: 'r', lastRefresh: '2025-01-02T03:04:05.000Z' });
    expect(codexCredentialFormat.serialize(withClaim)).toMatchObject({ tokens: { account_id: 'acct-new' } });
    const withoutClaim = credentialsFromTokenResponse({ access_token: accessToken({ sub: 'user-sub' }), id_token: idToken({ sub: 'user-sub' }) }, { previous, now });
    expect(withoutClaim.storedAccountId).toBe('acct-stored');
    const fresh = credentialsFromTokenResponse({ access_token: accessToken({ sub: 'user-sub' }) }, { now });
    expect(codexCredentialFormat.serialize(fresh)).toMatchObject({ tokens: { account_id: undefined } });
  });
});
