import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialStore } from '../../src/auth/credential-store.js';
import { requestToken } from '../../src/auth/oauth-token-request.js';
import { createTokenManager, type TokenManager } from '../../src/auth/token-manager.js';
import { createUpstreamCredentials, credentialsHealth } from '../../src/auth/upstream-credentials.js';
import { CcproxyError } from '../../src/errors/ccproxy-error.js';
import { demoFormat, httpClient, sendJson, startTokenServer, tempDir, type DemoCredentials } from './support.js';

type TokenServer = Awaited<ReturnType<typeof startTokenServer>>;

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let server: TokenServer;
const http = httpClient();
let issued = 0;

beforeEach(async () => {
  dir = await tempDir();
  file = path.join(dir.path, 'creds.json');
  issued = 0;
  server = await startTokenServer((call, response) => {
    const params = JSON.parse(call.body) as { refresh_token: string };
    if (params.refresh_token.startsWith('dead')) return sendJson(response, 400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
    if (params.refresh_token.startsWith('flaky')) return sendJson(response, 503, { error: 'temporarily_unavailable' });
    issued++;
    sendJson(response, 200, { access_token: `access-new-${issued}`, refresh_token: `refresh-new-${issued}`, expires_in: 3600 }, 50);
  });
});
afterEach(async () => {
  await server.close();
  await dir.remove();
});

async function writeCreds(credentials: DemoCredentials, extra: Record<string, unknown> = {}) {
  await writeFile(file, JSON.stringify({ ...extra, demo: credentials }), { mode: 0o600 });
}

function manager(options: { now?: () => number; grace?: number; ttl?: number } = {}): TokenManager<DemoCredentials> {
  const now = options.now ?? Date.now;
  return createTokenManager({
    store: createCredentialStore(file, demoFormat),
    refreshGraceSeconds: options.grace ?? 120,
    cacheTtlSeconds: options.ttl ?? 30,
    now,
    async refresh(current) {
      const answer = await requestToken(http, { url: server.url, action: 'refresh', encoding: 'json', params: { grant_type: 'refresh_token', refresh_token: current.refresh ?? '' } });
      return {
        access: String(answer.access_token),
        refresh: typeof answer.refresh_token === 'string' ? answer.refresh_token : current.refresh,
        expires: now() + Number(answer.expires_in) * 1000,
      };
    },
  });
}

function credentials(mgr: TokenManager<DemoCredentials>) {
  return createUpstreamCredentials({ manager: mgr, toAuth: (c) => ({ headers: { authorization: `Bearer ${c.access}` }, ...(c.expires ? { expiresAt: c.expires } : {}) }) });
}

describe('token manager rules', () => {
  it('refreshes within the grace window only (119 s yes, 121 s no)', () => {
    const t0 = 1_000_000;
    const mgr = manager({ now: () => t0 });
    expect(mgr.shouldRefresh({ access: 'a', expires: t0 + 119_000 })).toBe(true);
    expect(mgr.shouldRefresh({ access: 'a', expires: t0 + 121_000 })).toBe(false);
    expect(mgr.shouldRefresh({ access: 'a' })).toBe(false);
    expect(mgr.isExpired({ access: 'a', expires: t0 })).toBe(true);
    expect(mgr.isExpired({ access: 'a', expires: t0 + 1 })).toBe(false);
  });

  it('looks at the file at most every 100 ms under a burst, and still sees a rewrite after that', async () => {
    await writeCreds({ access: 'one', refresh: 'r', expires: Date.now() + 3_600_000 });
    const store = createCredentialStore(file, demoFormat);
    let looks = 0;
    const fingerprint = store.fingerprint.bind(store);
    const counted = { ...store, fingerprint: () => (looks++, fingerprint()) };
    const mgr = createTokenManager({ store: counted, refresh: () => Promise.reject(new Error('no refresh here')) });
    expect((await mgr.load())?.access).toBe('one');
    looks = 0;
    for (let index = 0; index < 200; index++) expect((await mgr.load())?.access).toBe('one');
    expect(looks).toBeLessThanOrEqual(2);
    await writeCreds({ access: 'two-longer', refresh: 'r', expires: Date.now() + 3_600_000 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await mgr.load())?.access).toBe('two-longer');
  });

  it('serves the cache while the file is unchanged and re-reads it when it changes', async () => {
    await writeCreds({ access: 'one', refresh: 'r', expires: Date.now() + 3_600_000 });
    const mgr = manager();
    expect((await mgr.load())?.access).toBe('one');
    await writeCreds({ access: 'two-longer', refresh: 'r', expires: Date.now() + 3_600_000 });
    expect((await mgr.load())?.access).toBe('two-longer');
  });

  it('re-reads after the TTL', async () => {
    let now = Date.now();
    await writeCreds({ access: 'one', refresh: 'r', expires: now + 3_600_000 });
    const mgr = manager({ now: () => now, ttl: 30 });
    await mgr.load();
    await writeCreds({ access: 'two', refresh: 'r', expires: now + 3_600_000 }); // same size: TTL decides
    now += 31_000;
    expect((await mgr.load())?.access).toBe('two');
  });

  it('reports auth status without tokens', async () => {
    const mgr = manager();
    expect(await mgr.authStatus()).toEqual({ authenticated: false, reason: 'No credentials found' });
    await writeCreds({ access: 'tok', refresh: 'r', expires: Date.now() - 1000 });
    expect(await mgr.authStatus()).toMatchObject({ authenticated: false, reason: 'Token expired', has_refresh_token: true });
    await writeCreds({ access: 'tok', refresh: 'r', expires: Date.now() + 10_000 });
    expect(await mgr.authStatus()).toMatchObject({ authenticated: true, has_refresh_token: true });
  });
});

describe('upstream credentials', () => {
  it('20 concurrent authHeaders() on an expiring token make exactly one refresh call', async () => {
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 60_000 }, { unrelated: { keep: 'me' } });
    const creds = credentials(manager());
    const results = await Promise.all(Array.from({ length: 20 }, () => creds.authHeaders()));
    expect(server.calls).toHaveLength(1);
    expect(JSON.parse(server.calls[0]!.body)).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-old' });
    expect(new Set(results.map((result) => result.headers.authorization))).toEqual(new Set(['Bearer access-new-1']));
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ unrelated: { keep: 'me' }, demo: { access: 'access-new-1', refresh: 'refresh-new-1' } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('builds the auth once per credentials object, and anew after a refresh', async () => {
    await writeCreds({ access: 'access-1', refresh: 'refresh-old', expires: Date.now() + 3_600_000 });
    const mgr = manager();
    const built: string[] = [];
    const creds = createUpstreamCredentials({ manager: mgr, toAuth: (c) => (built.push(c.access), { headers: { authorization: `Bearer ${c.access}` } }) });
    const first = await creds.authHeaders();
    for (let index = 0; index < 10; index++) expect(await creds.authHeaders()).toBe(first);
    expect(built).toEqual(['access-1']);
    expect(Object.isFrozen(first) && Object.isFrozen(first.headers)).toBe(true);
    await creds.invalidate(); // the upstream refused the token: the next call refreshes
    expect((await creds.authHeaders()).headers.authorization).toBe('Bearer access-new-1');
    expect(built).toEqual(['access-1', 'access-new-1']);
  });

  it('two managers on one file still refresh once', async () => {
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 60_000 });
    const a = credentials(manager());
    const b = credentials(manager());
    await Promise.all([a.authHeaders(), b.authHeaders(), a.authHeaders(), b.authHeaders()]);
    expect(server.calls).toHaveLength(1);
  });

  it('adopts a token another process wrote instead of refreshing', async () => {
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 3_600_000 });
    let now = Date.now();
    const mgr = manager({ now: () => now });
    const creds = credentials(mgr);
    expect((await creds.authHeaders()).headers.authorization).toBe('Bearer access-old');
    // Later: the old token is about to expire, but the official CLI already refreshed the file.
    now += 3_600_000 - 60_000;
    await writeCreds({ access: 'access-from-cli', refresh: 'refresh-from-cli', expires: now + 3_600_000 });
    expect((await creds.authHeaders()).headers.authorization).toBe('Bearer access-from-cli');
    expect(server.calls).toHaveLength(0);
  });

  it('never sends a spent refresh token again, even when the file still holds it', async () => {
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 60_000 });
    const creds = credentials(manager());
    await creds.authHeaders();
    expect(server.calls).toHaveLength(1);
    // Something restores the old content (a backup, a stale writer): the refresh token is spent.
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 60_000 });
    const auth = await creds.authHeaders(); // within grace but not expired: the stale token is used
    expect(auth.headers.authorization).toBe('Bearer access-old');
    expect(server.calls).toHaveLength(1);
  });

  it('uses the current token when a refresh fails before expiry, and keeps the file', async () => {
    await writeCreds({ access: 'access-old', refresh: 'flaky-1', expires: Date.now() + 60_000 });
    const before = await readFile(file, 'utf8');
    const creds = credentials(manager());
    expect((await creds.authHeaders()).headers.authorization).toBe('Bearer access-old');
    expect(await readFile(file, 'utf8')).toBe(before);
    // A second request right away does not hammer the token endpoint.
    await creds.authHeaders();
    expect(server.calls).toHaveLength(1);
  });

  it('refuses an expired token whose refresh failed, naming the fix', async () => {
    await writeCreds({ access: 'access-old', refresh: 'dead-1', expires: Date.now() - 1000 });
    const creds = credentials(manager());
    const error = await creds.authHeaders().catch((caught: unknown) => caught);
    expect(CcproxyError.is(error) && error.code).toBe('CREDENTIALS_INVALID');
    expect((error as CcproxyError).status).toBe(401);
    expect((error as Error).message).toContain('Refresh token revoked');
    expect((error as Error).message).toContain('Run: ccproxy auth login demo');
    // invalid_grant: the refresh token is dead, never sent again.
    await creds.authHeaders().catch(() => undefined);
    expect(server.calls).toHaveLength(1);
  });

  it('refuses an expired token without a refresh token', async () => {
    await writeCreds({ access: 'access-old', expires: Date.now() - 1000 });
    await expect(credentials(manager()).authHeaders()).rejects.toThrow(/no refresh token.*Run: ccproxy auth login demo/);
    expect(server.calls).toHaveLength(0);
  });

  it('says which command fixes missing and corrupt credentials', async () => {
    const creds = credentials(manager());
    const missing = await creds.authHeaders().catch((caught: unknown) => caught);
    expect(CcproxyError.is(missing) && missing.code).toBe('CREDENTIALS_MISSING');
    expect((missing as Error).message).toBe(`No Demo credentials found at ${file}. Run: ccproxy auth login demo`);
    await writeFile(file, '{"demo": {"access": "secret-token-value",');
    const corrupt = await creds.authHeaders().catch((caught: unknown) => caught);
    expect(CcproxyError.is(corrupt) && corrupt.code).toBe('CREDENTIALS_INVALID');
    expect((corrupt as Error).message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(line 1, column \\d+\\)\\. Run: ccproxy auth login demo`));
    expect((corrupt as Error).message).not.toContain('secret-token-value');
  });

  it('invalidate() forces a refresh on the next call', async () => {
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 3_600_000 });
    const creds = credentials(manager());
    await creds.authHeaders();
    await creds.invalidate();
    expect((await creds.authHeaders()).headers.authorization).toBe('Bearer access-new-1');
    expect((await creds.authHeaders()).headers.authorization).toBe('Bearer access-new-1');
    expect(server.calls).toHaveLength(1);
  });

  it('lets a caller give up without cancelling the shared refresh', async () => {
    await writeCreds({ access: 'access-old', refresh: 'refresh-old', expires: Date.now() + 60_000 });
    const creds = credentials(manager());
    const controller = new AbortController();
    const abandoned = creds.authHeaders(controller.signal);
    const patient = creds.authHeaders();
    setTimeout(() => controller.abort(new Error('client went away')), 5);
    await expect(abandoned).rejects.toThrow('client went away');
    expect((await patient).headers.authorization).toBe('Bearer access-new-1');
  });

  it('describes and reports health without tokens', async () => {
    const creds = credentials(manager());
    const missing = await creds.describe();
    expect(missing).toMatchObject({ configured: false, usable: false, fix: 'ccproxy auth login demo' });
    const warn = credentialsHealth('Demo', missing);
    expect(warn.status).toBe('warn');
    expect(warn.output).toContain('Run: ccproxy auth login demo');

    await writeCreds({ access: 'secret-access-token', refresh: 'secret-refresh-token', expires: Date.now() + 3_600_000 });
    const ok = await creds.describe();
    expect(ok).toMatchObject({ configured: true, usable: true });
    const pass = credentialsHealth('Demo', ok);
    expect(pass.status).toBe('pass');
    expect(JSON.stringify([ok, pass])).not.toMatch(/secret-/);

    await writeCreds({ access: 'secret-access-token', expires: Date.now() - 1 });
    expect(credentialsHealth('Demo', await creds.describe()).status).toBe('warn');
  });
});
