import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OAuthFlowError } from '../../src/auth/oauth-flow-error.js';
import { runOAuthLoginFlow, type AuthorizationUrlParams, type CodeExchangeParams } from '../../src/auth/oauth-login-flow.js';
import { pkceChallenge } from '../../src/auth/pkce.js';
import { printedUrl, scriptedIO } from './support.js';

const MANUAL_REDIRECT = 'https://console.example.test/oauth/code/callback';

/** A fake provider: builds authorize URLs and records code exchanges. */
function fakeProvider() {
  const exchanges: CodeExchangeParams[] = [];
  return {
    exchanges,
    authorizationUrl(params: AuthorizationUrlParams) {
      const url = new URL('https://provider.example.test/oauth/authorize');
      url.searchParams.set('redirect_uri', params.redirectUri);
      url.searchParams.set('state', params.state);
      url.searchParams.set('code_challenge', params.codeChallenge);
      url.searchParams.set('code_challenge_method', params.codeChallengeMethod);
      return url.toString();
    },
    async exchange(params: CodeExchangeParams) {
      exchanges.push(params);
      return { token: `token-for-${params.code}` };
    },
  };
}

/** Plays the user's browser: follows the authorize URL back to the loopback redirect. */
function browser(query: (state: string) => Record<string, string>) {
  return async (url: string) => {
    const authorize = new URL(url);
    const redirect = new URL(authorize.searchParams.get('redirect_uri')!);
    for (const [key, value] of Object.entries(query(authorize.searchParams.get('state')!))) redirect.searchParams.set(key, value);
    setTimeout(() => void fetch(redirect).then((response) => response.text()).catch(() => undefined), 5);
    return true;
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function occupiedPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function isListening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
}

describe('OAuth login flow', () => {
  it('browser flow: opens the URL, receives the callback, exchanges once with the PKCE verifier', async () => {
    const provider = fakeProvider();
    const terminal = scriptedIO({ openUrl: browser((state) => ({ code: 'the-code', state })) });
    const credentials = await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', ...provider });
    expect(credentials).toEqual({ token: 'token-for-the-code' });
    expect(terminal.opened).toHaveLength(1);
    const authorize = printedUrl(terminal.out);
    expect(authorize.toString()).toBe(terminal.opened[0]);
    expect(provider.exchanges).toHaveLength(1);
    const [exchange] = provider.exchanges;
    expect(exchange).toMatchObject({ code: 'the-code', state: authorize.searchParams.get('state'), redirectUri: authorize.searchParams.get('redirect_uri') });
    expect(pkceChallenge(exchange!.codeVerifier)).toBe(authorize.searchParams.get('code_challenge'));
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/callback$/);
    expect(terminal.text()).not.toContain(exchange!.codeVerifier);
    // The callback server is gone.
    expect(await isListening(Number(new URL(exchange!.redirectUri).port))).toBe(false);
  });

  it('rejects a callback whose state does not match', async () => {
    const provider = fakeProvider();
    const terminal = scriptedIO({ openUrl: browser(() => ({ code: 'the-code', state: 'forged' })) });
    const error = await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', ...provider }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect((error as OAuthFlowError).reason).toBe('state_mismatch');
    expect(provider.exchanges).toHaveLength(0);
  });

  it('surfaces error=access_denied from the provider', async () => {
    const provider = fakeProvider();
    const terminal = scriptedIO({ openUrl: browser((state) => ({ error: 'access_denied', error_description: 'The user said no', state })) });
    await expect(runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', ...provider })).rejects.toThrow('OAuth error: access_denied - The user said no');
    expect(provider.exchanges).toHaveLength(0);
  });

  it('falls back to pasting the code after a timeout, with a second URL using the manual redirect', async () => {
    const provider = fakeProvider();
    const terminal = scriptedIO({
      openUrl: () => true, // a browser opens, but the user never finishes there
      answers: [(output) => `pasted-code#${printedUrl(output.split('\n'), 1).searchParams.get('state')}`],
    });
    const credentials = await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', manualRedirectUri: MANUAL_REDIRECT, timeoutMs: 100, ...provider });
    expect(credentials).toEqual({ token: 'token-for-pasted-code' });
    const first = printedUrl(terminal.out, 0);
    const second = printedUrl(terminal.out, 1);
    expect(second.searchParams.get('redirect_uri')).toBe(MANUAL_REDIRECT);
    expect(second.searchParams.get('state')).toBe(first.searchParams.get('state'));
    expect(second.searchParams.get('code_challenge')).toBe(first.searchParams.get('code_challenge'));
    expect(provider.exchanges).toEqual([expect.objectContaining({ code: 'pasted-code', redirectUri: MANUAL_REDIRECT, state: first.searchParams.get('state') })]);
    expect(terminal.err.join('\n')).toMatch(/No OAuth callback within/);
  });

  it('times out without a terminal to ask', async () => {
    const provider = fakeProvider();
    const terminal = scriptedIO({ interactive: false });
    const error = await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', noBrowser: true, timeoutMs: 50, ...provider }).catch((caught: unknown) => caught);
    expect((error as OAuthFlowError).reason).toBe('timeout');
    expect(terminal.opened).toHaveLength(0); // --no-browser
    expect(printedUrl(terminal.out).hostname).toBe('provider.example.test'); // still printed
  });

  it('falls back to pasting the code when the callback port is taken', async () => {
    const port = await occupiedPort();
    const provider = fakeProvider();
    const terminal = scriptedIO({ answers: [(output) => `code-1#${printedUrl(output.split('\n')).searchParams.get('state')}`] });
    await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: port, callbackPath: '/callback', manualRedirectUri: MANUAL_REDIRECT, ...provider });
    expect(terminal.err.join('\n')).toContain(`Cannot listen on port ${port}`);
    expect(provider.exchanges).toEqual([expect.objectContaining({ code: 'code-1', redirectUri: MANUAL_REDIRECT })]);
  });

  it('falls back to pasting the code when no browser can be opened', async () => {
    const provider = fakeProvider();
    const terminal = scriptedIO({ openUrl: () => false, answers: [(output) => `code-2#${printedUrl(output.split('\n'), 1).searchParams.get('state')}`] });
    await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', manualRedirectUri: MANUAL_REDIRECT, ...provider });
    expect(provider.exchanges).toEqual([expect.objectContaining({ code: 'code-2', redirectUri: MANUAL_REDIRECT })]);
  });

  it('--manual accepts the full redirect address and rejects a foreign state', async () => {
    const provider = fakeProvider();
    const pasted = scriptedIO({
      answers: [(output) => `http://localhost:1455/auth/callback?code=from-url&state=${printedUrl(output.split('\n')).searchParams.get('state')}`],
    });
    await runOAuthLoginFlow({ io: pasted.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', manual: true, ...provider });
    expect(provider.exchanges[0]).toMatchObject({ code: 'from-url', redirectUri: 'urn:ietf:wg:oauth:2.0:oob' });

    const forged = scriptedIO({ answers: ['code#someone-elses-state'] });
    await expect(runOAuthLoginFlow({ io: forged.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', manual: true, ...provider })).rejects.toMatchObject({ reason: 'state_mismatch' });
    expect(provider.exchanges).toHaveLength(1);
  });

  it('answers 404 on other paths and keeps waiting', async () => {
    const provider = fakeProvider();
    let notFound = 0;
    const terminal = scriptedIO({
      openUrl: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        const state = new URL(url).searchParams.get('state')!;
        setTimeout(() => {
          void (async () => {
            const favicon = await fetch(new URL('/favicon.ico', redirect));
            if (favicon.status === 404) notFound++;
            redirect.searchParams.set('code', 'c');
            redirect.searchParams.set('state', state);
            const page = await fetch(redirect);
            expect(await page.text()).toContain('Authentication Successful');
          })();
        }, 5);
        return true;
      },
    });
    await runOAuthLoginFlow({ io: terminal.io, label: 'Demo', callbackPort: 0, callbackPath: '/callback', ...provider });
    expect(notFound).toBe(1);
  });

  it('wraps exchange failures', async () => {
    const terminal = scriptedIO({ openUrl: browser((state) => ({ code: 'c', state })) });
    const error = await runOAuthLoginFlow({
      io: terminal.io,
      label: 'Demo',
      callbackPort: 0,
      callbackPath: '/callback',
      authorizationUrl: (params) => fakeProvider().authorizationUrl(params),
      exchange: async () => {
        throw new Error('Token exchange failed: invalid_grant');
      },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'exchange_failed', message: 'Token exchange failed: invalid_grant' });
  });
});
