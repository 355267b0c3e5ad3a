import { readFile, readdir, stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicCredentials, CcproxyError, type UpstreamCredentials } from '@ccproxy/core';
import { createTestHost } from '@ccproxy/core/testing';
import { createTempHome, sendJson, startFakeUpstream, type FakeUpstream, type TempHome } from '@ccproxy/testkit';
import { oauthClaude } from '../src/index.js';

const ACCESS = 'sk-ant-oat01-ACCESS-TOKEN-SECRET-0123456789';
const REFRESH = 'sk-ant-ort01-REFRESH-TOKEN-SECRET-0123456789';
const NEW_ACCESS = 'sk-ant-oat01-NEW-ACCESS-TOKEN-SECRET-987654321';

let home: TempHome;
let tokenServer: FakeUpstream;
let host: Awaited<ReturnType<typeof createTestHost>> | undefined;

beforeEach(async () => {
  home = await createTempHome();
  tokenServer = await startFakeUpstream((_request, response) => sendJson(response, 200, { access_token: NEW_ACCESS, refresh_token: 'sk-ant-ort01-NEW-REFRESH-SECRET', expires_in: 28_800 }));
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await tokenServer.close();
  await home.remove();
});

async function start(): Promise<UpstreamCredentials> {
  host = await createTestHost({ plugins: [oauthClaude], env: { HOME: home.path }, settings: { plugins: { oauth_claude: { token_url: `${tokenServer.url}/v1/oauth/token` } } } });
  const credentials = host.capabilities.get(anthropicCredentials);
  if (!credentials) throw new Error('oauth_claude did not provide anthropicCredentials');
  return credentials;
}

function noSecretsIn(value: unknown) {
  const text = JSON.stringify(value);
  for (const secret of [ACCESS, REFRESH, NEW_ACCESS, 'SECRET']) expect(text).not.toContain(secret);
}

describe('oauth_claude plugin', () => {
  it('without credentials: the server starts, health warns with the login command, requests get a 401', async () => {
    const credentials = await start();
    const health = await host!.plugins.health('oauth_claude');
    expect(health.status).toBe('warn');
    expect(health.output).toContain('Run: ccproxy auth login claude');
    const error = await credentials.authHeaders().catch((caught: unknown) => caught);
    expect(CcproxyError.is(error) && [error.code, error.status]).toEqual(['CREDENTIALS_MISSING', 401]);
    expect((error as Error).message).toBe(`No Claude credentials found at ${home.path}/.claude/.credentials.json. Run: ccproxy auth login claude`);
    expect(tokenServer.requests).toHaveLength(0);
  });

  it('with valid credentials: passes health and returns the bearer header without refreshing', async () => {
    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.now() + 3_600_000, scopes: ['user:inference'], subscriptionType: 'max' } });
    const credentials = await start();
    const auth = await credentials.authHeaders();
    expect(auth.headers).toEqual({ authorization: `Bearer ${ACCESS}` });
    const health = await host!.plugins.health('oauth_claude');
    expect(health).toMatchObject({ status: 'pass', details: { plan: 'max', usable: true } });
    expect(tokenServer.requests).toHaveLength(0);
    const description = await credentials.describe();
    expect(description).toMatchObject({ configured: true, usable: true, plan: 'max' });
    noSecretsIn([health, description, host!.logger.records]);
  });

  it('refreshes an expiring token through the configured token_url and rewrites the file safely', async () => {
    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.now() + 30_000, scopes: ['user:inference'], subscriptionType: 'pro' }, mcpOAuth: { keep: true } });
    const credentials = await start();
    const results = await Promise.all(Array.from({ length: 5 }, () => credentials.authHeaders()));
    expect(results.map((result) => result.headers.authorization)).toEqual(Array(5).fill(`Bearer ${NEW_ACCESS}`));
    expect(tokenServer.requests).toHaveLength(1);
    expect(tokenServer.requests[0]!.json).toEqual({ grant_type: 'refresh_token', refresh_token: REFRESH, client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e' });
    const file = `${home.path}/.claude/.credentials.json`;
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.mcpOAuth).toEqual({ keep: true });
    expect(saved.claudeAiOauth).toMatchObject({ accessToken: NEW_ACCESS, subscriptionType: 'pro', scopes: ['user:inference'] });
    expect(saved.claudeAiOauth.expiresAt).toBeGreaterThan(Date.now() + 28_000_000);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(`${home.path}/.claude`)).toEqual(['.credentials.json']); // no temp or backup files
    noSecretsIn(host!.logger.records);
  });

  it('warns (never fails) on a corrupt file and on an expired token without refresh token', async () => {
    await home.write('.claude/.credentials.json', '{ not json');
    const credentials = await start();
    const corrupt = await host!.plugins.health('oauth_claude');
    expect(corrupt.status).toBe('warn');
    expect(corrupt.output).toMatch(/is not valid JSON .*Run: ccproxy auth login claude/);
    expect(corrupt.output!.match(/Run:/g)).toHaveLength(1);
    await expect(credentials.authHeaders()).rejects.toMatchObject({ code: 'CREDENTIALS_INVALID', status: 401 });

    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: ACCESS, expiresAt: Date.now() - 1000 } });
    const expired = await host!.plugins.health('oauth_claude');
    expect(expired.status).toBe('warn');
    expect(expired.output).toContain('has expired and there is no refresh token');
    expect(expired.output).toContain('ccproxy auth login claude');
    noSecretsIn([corrupt, expired]);
  });

  it('declares itself CLI-safe with the claude auth commands', () => {
    expect(oauthClaude.manifest).toMatchObject({ name: 'oauth_claude', kind: 'auth_provider', cliSafe: true });
    expect(oauthClaude.manifest.authCommands?.[0]).toMatchObject({ provider: 'claude', aliases: ['claude-api', 'claude_api', 'anthropic'] });
  });
});
