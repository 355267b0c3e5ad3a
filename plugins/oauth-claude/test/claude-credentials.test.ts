import { readFile, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcproxyError, createCredentialStore } from '@ccproxy/core';
import { createTempHome, type TempHome } from '@ccproxy/testkit';
import { claudeCredentialFormat, credentialsFromTokenResponse } from '../src/index.js';

let home: TempHome;
let file: string;
beforeEach(async () => {
  home = await createTempHome();
  file = `${home.path}/.claude/.credentials.json`;
});
afterEach(async () => {
  await home.remove();
});

const store = () => createCredentialStore(file, claudeCredentialFormat);

describe('Claude credentials file', () => {
  it('parses the Claude Code shape', async () => {
    await home.write('.claude/.credentials.json', {
      claudeAiOauth: { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: 1760000000000, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' },
    });
    expect(await store().load()).toEqual({ accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: 1760000000000, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' });
  });

  it('treats optional fields as optional', async () => {
    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: 'a' } });
    const credentials = await store().load();
    expect(credentials).toEqual({ accessToken: 'a', scopes: [] });
    expect(claudeCredentialFormat.expiresAt(credentials!)).toBeUndefined(); // never expires
  });

  it('reads a missing file, or one without claudeAiOauth, as no credentials', async () => {
    expect(await store().load()).toBeNull();
    await home.write('.claude/.credentials.json', { mcpOAuth: {} });
    expect(await store().load()).toBeNull();
  });

  it('reports a corrupt file and an unusable one with the fix, never the content', async () => {
    await home.write('.claude/.credentials.json', '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-SECRET"');
    const corrupt = await store().load().catch((error: unknown) => error);
    expect(CcproxyError.is(corrupt) && corrupt.code).toBe('CREDENTIALS_INVALID');
    expect((corrupt as Error).message).toMatch(/\.claude\/\.credentials\.json is not valid JSON \(line 1, column \d+\)\. Run: ccproxy auth login claude$/);
    expect((corrupt as Error).message).not.toContain('SECRET');
    await home.write('.claude/.credentials.json', { claudeAiOauth: { refreshToken: 'r' } });
    await expect(store().load()).rejects.toThrow('claudeAiOauth.accessToken is missing');
  });

  it('saves atomically, 0600, keeping keys Claude Code wrote that we do not know', async () => {
    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: 'old', refreshToken: 'r', rateLimitTier: 'x' }, mcpOAuth: { server: { token: 'kept' } } }, 0o644);
    await store().save({ accessToken: 'new', refreshToken: 'r2', expiresAt: 5, scopes: ['user:inference'] });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      claudeAiOauth: { accessToken: 'new', refreshToken: 'r2', expiresAt: 5, scopes: ['user:inference'], rateLimitTier: 'x' },
      mcpOAuth: { server: { token: 'kept' } },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('token responses', () => {
  const now = 1_700_000_000_123;
  it('computes expiresAt from expires_in and splits scope', () => {
    expect(credentialsFromTokenResponse({ access_token: 'a', refresh_token: 'r', expires_in: 3600, scope: 'user:inference user:profile', subscription_type: 'pro' }, { scopes: ['x'], now })).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: Math.floor((now / 1000 + 3600) * 1000),
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'pro',
    });
  });

  it('falls back to configured scopes and keeps the previous refresh token and plan', () => {
    const previous = { accessToken: 'old', refreshToken: 'keep-me', scopes: [], subscriptionType: 'max' };
    expect(credentialsFromTokenResponse({ access_token: 'a' }, { previous, scopes: ['user:inference'], now })).toEqual({ accessToken: 'a', refreshToken: 'keep-me', scopes: ['user:inference'], subscriptionType: 'max' });
  });
});
