import { afterEach, describe, expect, it } from 'vitest';
import { OAuthTokenError, requestToken } from '../../src/auth/oauth-token-request.js';
import { httpClient, sendJson, startTokenServer } from './support.js';

const http = httpClient();
let server: Awaited<ReturnType<typeof startTokenServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('requestToken', () => {
  it('posts JSON or a form with the given headers', async () => {
    server = await startTokenServer((_call, response) => sendJson(response, 200, { access_token: 'a' }));
    await requestToken(http, { url: server.url, action: 'exchange', encoding: 'json', params: { grant_type: 'authorization_code', code: 'c' } });
    await requestToken(http, { url: server.url, action: 'refresh', encoding: 'form', params: { grant_type: 'refresh_token', scope: 'openid profile' }, headers: { 'user-agent': 'Test/1.0' } });
    expect(server.calls[0]).toMatchObject({ body: '{"grant_type":"authorization_code","code":"c"}', headers: { 'content-type': 'application/json', accept: 'application/json' } });
    expect(server.calls[1]).toMatchObject({ body: 'grant_type=refresh_token&scope=openid+profile', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Test/1.0' } });
  });

  it('reports error_description, marks 4xx definitive and never echoes what was sent', async () => {
    server = await startTokenServer((_call, response) => sendJson(response, 400, { error: 'invalid_grant', error_description: 'bad token secret-refresh-token-123' }));
    const error = await requestToken(http, { url: server.url, action: 'refresh', encoding: 'json', params: { refresh_token: 'secret-refresh-token-123' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect((error as OAuthTokenError).definitive).toBe(true);
    expect((error as Error).message).toBe('Token refresh failed: bad token [redacted] (HTTP 400)');
  });

  it('treats 5xx and missing access tokens as non-definitive failures', async () => {
    server = await startTokenServer((call, response) => {
      if (call.body.includes('five')) response.writeHead(502).end('<html>Bad gateway</html>');
      else sendJson(response, 200, { token_type: 'bearer' });
    });
    const gateway = await requestToken(http, { url: server.url, action: 'exchange', encoding: 'json', params: { x: 'five' } }).catch((caught: unknown) => caught);
    expect(gateway).toMatchObject({ definitive: false, message: 'Token exchange failed: <html>Bad gateway</html> (HTTP 502)' });
    await expect(requestToken(http, { url: server.url, action: 'exchange', encoding: 'json', params: { x: 'y' } })).rejects.toThrow('answered without an access_token');
  });

  it('reports an unreachable endpoint and a timeout', async () => {
    await expect(requestToken(http, { url: 'http://127.0.0.1:9/oauth/token', action: 'refresh', encoding: 'json', params: {} })).rejects.toThrow(/^Token refresh failed: cannot reach http:\/\/127\.0\.0\.1:9/);
    server = await startTokenServer((_call, response) => sendJson(response, 200, { access_token: 'late' }, 500));
    await expect(requestToken(http, { url: server.url, action: 'exchange', encoding: 'json', params: {}, timeoutMs: 100 })).rejects.toThrow('Token exchange timed out');
  });
});
