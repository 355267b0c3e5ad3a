import { readFile, readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHome, sendJson, startFakeUpstream, type FakeUpstream, type TempHome } from '@ccproxy/testkit';
import { freePort, waitFor } from '../helpers.js';
import { cli, jwt } from './support.js';

const CLAUDE_ACCESS = 'sk-ant-oat01-CLAUDE-ACCESS-SECRET-abcdefghijklmnop';
const CLAUDE_REFRESH = 'sk-ant-ort01-CLAUDE-REFRESH-SECRET-abcdefghijklmnop';
const NEW_CLAUDE_ACCESS = 'sk-ant-oat01-NEW-CLAUDE-ACCESS-SECRET-qrstuvwxyz';
const NEW_CLAUDE_REFRESH = 'sk-ant-ort01-NEW-CLAUDE-REFRESH-SECRET-qrstuvwxyz';
const CODEX_REFRESH = 'rt_CODEX-REFRESH-SECRET-abcdefghijklmnop';
const AUTH_CLAIM = 'https://api.openai.com/auth';
const codexAccess = (marker: string) => jwt({ sub: 'user-subject', exp: Math.floor(Date.now() / 1000) + 3600, marker: `${marker}-CODEX-ACCESS-SECRET` });
const codexId = jwt({ sub: 'user-subject', email: 'coder@example.com', [AUTH_CLAIM]: { chatgpt_account_id: 'acct-chatgpt-42', chatgpt_plan_type: 'plus' } });
const SECRETS = [CLAUDE_ACCESS, CLAUDE_REFRESH, NEW_CLAUDE_ACCESS, NEW_CLAUDE_REFRESH, CODEX_REFRESH, 'CODEX-ACCESS-SECRET', 'the-auth-code', 'sk-proj'];

let home: TempHome;
let oauth: FakeUpstream;
let env: Record<string, string>;

beforeEach(async () => {
  home = await createTempHome();
  oauth = await startFakeUpstream((request, response) => {
    if (request.path === '/api/oauth/profile') {
      return sendJson(response, 200, { account: { uuid: 'acct-uuid-1', email: 'claude@example.com', full_name: 'Claude User', has_claude_max: true }, organization: { name: 'Acme' } });
    }
    if (request.path === '/v1/oauth/token') {
      return sendJson(response, 200, { access_token: NEW_CLAUDE_ACCESS, refresh_token: NEW_CLAUDE_REFRESH, expires_in: 28_800, scope: 'user:inference user:profile' });
    }
    if (request.path === '/oauth/token') {
      return sendJson(response, 200, { access_token: codexAccess('NEW'), refresh_token: 'rt_NEW-CODEX-REFRESH-SECRET', id_token: codexId });
    }
    sendJson(response, 404, { error: 'not_found' });
  });
  env = {
    HOME: home.path,
    PLUGINS__OAUTH_CLAUDE__TOKEN_URL: `${oauth.url}/v1/oauth/token`,
    PLUGINS__OAUTH_CLAUDE__PROFILE_URL: `${oauth.url}/api/oauth/profile`,
    PLUGINS__OAUTH_CODEX__TOKEN_URL: `${oauth.url}/oauth/token`,
  };
});
afterEach(async () => {
  await oauth.close();
  await home.remove();
});

function expectNoSecrets(...texts: string[]) {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const claudeFile = () => `${home.path}/.claude/.credentials.json`;
const codexFile = () => `${home.path}/.codex/auth.json`;

async function writeClaude(expiresInMs = 3_600_000, extra: Record<string, unknown> = {}) {
  await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: CLAUDE_ACCESS, refreshToken: CLAUDE_REFRESH, expiresAt: Date.now() + expiresInMs, scopes: ['user:inference', 'user:profile'], subscriptionType: 'max' }, ...extra });
}

/** Plays the browser: waits for the printed authorize URL and calls the loopback callback. */
async function completeBrowserLogin(run: ReturnType<typeof cli>, query: (state: string) => Record<string, string>): Promise<URL> {
  await waitFor(() => /^\s+https?:\/\/\S+authorize\S*$/m.test(run.stdout()), 10_000);
  const authorize = new URL(/^\s+(https?:\/\/\S+authorize\S*)$/m.exec(run.stdout())![1]!);
  const callback = new URL(authorize.searchParams.get('redirect_uri')!);
  for (const [key, value] of Object.entries(query(authorize.searchParams.get('state')!))) callback.searchParams.set(key, value);
  const page = await fetch(callback);
  await page.text();
  return authorize;
}

describe('ccproxy auth status', () => {
  it('exits 1 with the login command when there are no credentials', async () => {
    const run = cli(['auth', 'status', 'claude'], env, home.path);
    expect(await run.done).toBe(1);
    expect(run.stdout()).toContain(`Not authenticated: no Claude credentials at ${claudeFile()}`);
    expect(run.stdout()).toContain('Run: ccproxy auth login claude');
  });

  it('shows account, plan and expiry (never a token), caching the profile', async () => {
    await writeClaude();
    const run = cli(['auth', 'status', 'claude-api', '--detailed'], env, home.path);
    expect(await run.done).toBe(0);
    const output = run.stdout();
    expect(output).toContain('Authenticated with valid credentials');
    expect(output).toMatch(/Account\s+claude@example\.com/);
    expect(output).toMatch(/Plan\s+max/);
    expect(output).toMatch(/Organization\s+Acme/);
    expect(output).toMatch(/Expires in\s+(59m|1h 0m)/);
    expect(output).toMatch(/Access token\s+sk-ant-o\.\.\.ijklmnop/); // a preview only
    expectNoSecrets(output, run.stderr());
    expect(oauth.requests.filter((request) => request.path === '/api/oauth/profile')).toHaveLength(1);
    expect(oauth.requests[0]!.headers.authorization).toBe(`Bearer ${CLAUDE_ACCESS}`);
    expect((await stat(`${home.path}/.claude/.account.json`)).mode & 0o777).toBe(0o600);
    // Second run uses the cached profile.
    expect(await cli(['auth', 'status', 'claude'], env, home.path).done).toBe(0);
    expect(oauth.requests.filter((request) => request.path === '/api/oauth/profile')).toHaveLength(1);
  });

  it('reports a corrupt file with its path and exits 1', async () => {
    await home.write('.claude/.credentials.json', `{"claudeAiOauth": {"accessToken": "${CLAUDE_ACCESS}"`);
    const run = cli(['auth', 'status', 'claude'], env, home.path);
    expect(await run.done).toBe(1);
    expect(run.stderr()).toMatch(/\.credentials\.json is not valid JSON \(line 1, column \d+\)\. Run: ccproxy auth login claude/);
    expectNoSecrets(run.stdout(), run.stderr());
  });

  it('shows the ChatGPT account and plan for codex (alias chatgpt)', async () => {
    await home.write('.codex/auth.json', { OPENAI_API_KEY: null, tokens: { id_token: codexId, access_token: codexAccess('OLD'), refresh_token: CODEX_REFRESH, account_id: 'acct-chatgpt-42' }, last_refresh: '2025-09-15T14:28:00+00:00' });
    const run = cli(['auth', 'status', 'chatgpt'], env, home.path);
    expect(await run.done).toBe(0);
    expect(run.stdout()).toMatch(/ChatGPT account\s+acct-chatgpt-42/);
    expect(run.stdout()).toMatch(/Plan\s+plus/);
    expect(run.stdout()).toMatch(/Account\s+coder@example\.com/);
    expectNoSecrets(run.stdout(), run.stderr());
  });
});

describe('ccproxy auth refresh', () => {
  it('refreshes through the configured token_url and rewrites the file atomically', async () => {
    await writeClaude(3_600_000, { mcpOAuth: { keep: true } });
    const run = cli(['auth', 'refresh', 'claude'], env, home.path);
    expect(await run.done).toBe(0);
    expect(run.stdout()).toContain('Token refreshed');
    expect(run.stdout()).toMatch(/Expires in\s+(7h 59m|8h 0m)/);
    const token = oauth.requests.find((request) => request.path === '/v1/oauth/token')!;
    expect(token.json).toEqual({ grant_type: 'refresh_token', refresh_token: CLAUDE_REFRESH, client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e' });
    const saved = JSON.parse(await readFile(claudeFile(), 'utf8'));
    expect(saved).toMatchObject({ mcpOAuth: { keep: true }, claudeAiOauth: { accessToken: NEW_CLAUDE_ACCESS, refreshToken: NEW_CLAUDE_REFRESH, subscriptionType: 'max' } });
    expect((await stat(claudeFile())).mode & 0o777).toBe(0o600);
    expect((await readdir(`${home.path}/.claude`)).filter((name) => name.startsWith('.credentials'))).toEqual(['.credentials.json']);
    expectNoSecrets(run.stdout(), run.stderr());
  });

  it('refreshes codex with the renew alias and keeps the ChatGPT account id', async () => {
    await home.write('.codex/auth.json', { OPENAI_API_KEY: null, tokens: { id_token: codexId, access_token: codexAccess('OLD'), refresh_token: CODEX_REFRESH, account_id: 'acct-chatgpt-42' }, last_refresh: '2025-09-15T14:28:00+00:00' });
    const run = cli(['auth', 'renew', 'openai'], env, home.path);
    expect(await run.done).toBe(0);
    const form = new URLSearchParams(oauth.requests.find((request) => request.path === '/oauth/token')!.body.toString());
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'refresh_token', refresh_token: CODEX_REFRESH, client_id: 'app_EMoamEEZ73f0CkXaXp7hrann', scope: 'openid profile email offline_access' });
    const saved = JSON.parse(await readFile(codexFile(), 'utf8'));
    expect(saved.tokens).toMatchObject({ account_id: 'acct-chatgpt-42', refresh_token: 'rt_NEW-CODEX-REFRESH-SECRET' });
    expect(saved.OPENAI_API_KEY).toBeNull();
    expectNoSecrets(run.stdout(), run.stderr());
  });

  it('exits 1 without credentials or without a refresh token, calling nothing', async () => {
    const none = cli(['auth', 'refresh', 'claude'], env, home.path);
    expect(await none.done).toBe(1);
    expect(none.stderr()).toContain("Run 'ccproxy auth login claude' first");
    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: CLAUDE_ACCESS } });
    const noRefresh = cli(['auth', 'refresh', 'claude'], env, home.path);
    expect(await noRefresh.done).toBe(1);
    expect(noRefresh.stderr()).toContain('re-authentication is required');
    expect(oauth.requests).toHaveLength(0);
  });
});

describe('ccproxy auth logout', () => {
  it('never deletes the Claude Code file without --force', async () => {
    await writeClaude(3_600_000, { mcpOAuth: { keep: true } });
    const refused = cli(['auth', 'logout', 'claude', '--yes'], env, home.path);
    expect(await refused.done).toBe(1);
    expect(refused.stderr()).toContain('belongs to Claude Code');
    expect(refused.stderr()).toContain('ccproxy auth logout claude --force');
    expect(JSON.parse(await readFile(claudeFile(), 'utf8')).claudeAiOauth.accessToken).toBe(CLAUDE_ACCESS);

    const forced = cli(['auth', 'logout', 'claude', '--force', '--yes'], env, home.path);
    expect(await forced.done).toBe(0);
    expect(JSON.parse(await readFile(claudeFile(), 'utf8'))).toEqual({ mcpOAuth: { keep: true } });

    const again = cli(['auth', 'logout', 'claude'], env, home.path);
    expect(await again.done).toBe(0);
    expect(again.stdout()).toContain('Already logged out.');
  });

  it('asks for confirmation it cannot get without a terminal', async () => {
    await home.write('.codex/auth.json', { tokens: { access_token: codexAccess('OLD'), refresh_token: CODEX_REFRESH } });
    const run = cli(['auth', 'logout', 'codex', '--force'], env, home.path);
    expect(await run.done).toBe(1);
    expect(run.stderr()).toContain('add --yes');
    const done = cli(['auth', 'logout', 'codex', '--force', '--yes'], env, home.path);
    expect(await done.done).toBe(0);
    await expect(stat(codexFile())).rejects.toThrow(); // nothing else was in it
  });
});

describe('ccproxy auth login', () => {
  it('logs in to Claude end to end: PKCE, state, loopback callback, one exchange, one 0600 file', async () => {
    const port = await freePort();
    await home.write('.claude/.credentials.json', { mcpOAuth: { keep: true } });
    const run = cli(['auth', 'login', 'claude', '--no-browser'], { ...env, PLUGINS__OAUTH_CLAUDE__CALLBACK_PORT: String(port) }, home.path);
    const authorize = await completeBrowserLogin(run, (state) => ({ code: 'the-auth-code', state }));
    expect(await run.done).toBe(0);

    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(authorize.searchParams.get('code')).toBe('true');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const exchanges = oauth.requests.filter((request) => request.path === '/v1/oauth/token');
    expect(exchanges).toHaveLength(1);
    const body = exchanges[0]!.json as Record<string, string>;
    expect(body).toMatchObject({ grant_type: 'authorization_code', code: 'the-auth-code', state: authorize.searchParams.get('state'), redirect_uri: `http://localhost:${port}/callback` });
    expect(createHash('sha256').update(body.code_verifier!).digest('base64url')).toBe(authorize.searchParams.get('code_challenge'));

    const saved = JSON.parse(await readFile(claudeFile(), 'utf8'));
    expect(saved).toMatchObject({ mcpOAuth: { keep: true }, claudeAiOauth: { accessToken: NEW_CLAUDE_ACCESS, refreshToken: NEW_CLAUDE_REFRESH, scopes: ['user:inference', 'user:profile'] } });
    expect((await stat(claudeFile())).mode & 0o777).toBe(0o600);
    expect(run.stdout()).toContain('Authentication successful!');
    expect(run.stdout()).toContain(`Credentials saved to ${claudeFile()}`);
    expectNoSecrets(run.stdout(), run.stderr());
    expect(run.stdout()).not.toContain(body.code_verifier);
    // The callback server is closed.
    await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
  });

  it('logs in to Codex (alias openai) and stores the ChatGPT account id, not the subject', async () => {
    const port = await freePort();
    const file = `${home.path}/codex-login.json`;
    const run = cli(['auth', 'login', 'openai', '--no-browser', '--file', file], { ...env, PLUGINS__OAUTH_CODEX__CALLBACK_PORT: String(port) }, home.path);
    const authorize = await completeBrowserLogin(run, (state) => ({ code: 'the-auth-code', state }));
    expect(await run.done).toBe(0);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/auth/callback`);
    expect(authorize.searchParams.has('code')).toBe(false);
    const exchange = oauth.requests.find((request) => request.path === '/oauth/token')!;
    const form = Object.fromEntries(new URLSearchParams(exchange.body.toString()));
    expect(form).toMatchObject({ grant_type: 'authorization_code', code: 'the-auth-code', redirect_uri: `http://localhost:${port}/auth/callback` });
    expect(form.state).toBeUndefined();
    expect(exchange.headers['user-agent']).toBe('Codex-Code/1.0.43');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.tokens.account_id).toBe('acct-chatgpt-42');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expectNoSecrets(run.stdout(), run.stderr());
  });

  it('fails on a state mismatch and on a provider error, saving nothing', async () => {
    const port = await freePort();
    const forged = cli(['auth', 'login', 'claude', '--no-browser'], { ...env, PLUGINS__OAUTH_CLAUDE__CALLBACK_PORT: String(port) }, home.path);
    await completeBrowserLogin(forged, () => ({ code: 'the-auth-code', state: 'forged-state' }));
    expect(await forged.done).toBe(1);
    expect(forged.stderr()).toContain('OAuth state mismatch');

    const denied = cli(['auth', 'login', 'claude', '--no-browser'], { ...env, PLUGINS__OAUTH_CLAUDE__CALLBACK_PORT: String(port) }, home.path);
    await completeBrowserLogin(denied, (state) => ({ error: 'access_denied', error_description: 'User cancelled', state }));
    expect(await denied.done).toBe(1);
    expect(denied.stderr()).toContain('OAuth error: access_denied - User cancelled');
    expect(oauth.requests).toHaveLength(0);
    await expect(stat(claudeFile())).rejects.toThrow();
  });

  it('refuses to overwrite an existing --file without --force', async () => {
    const file = await home.write('mine.json', { tokens: { access_token: 'x' } });
    const run = cli(['auth', 'login', 'codex', '--file', file], env, home.path);
    expect(await run.done).toBe(1);
    expect(run.stderr()).toContain('already exists');
    const directory = cli(['auth', 'login', 'codex', '--file', home.path, '--force'], env, home.path);
    expect(await directory.done).toBe(1);
    expect(directory.stderr()).toContain('is a directory');
  });
});
