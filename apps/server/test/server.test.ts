import { describe, expect, it } from 'vitest';
import { collectEvents } from '@ccproxy/core/testing';
import { startedProxies, startProxy, waitFor } from './helpers.js';
import { brokenPlugin, echoPlugin, feedPlugin, slowHealthPlugin } from './test-plugins.js';

const start = startedProxies();

describe('core endpoints', () => {
  it('answers GET and HEAD / with 200', async () => {
    const { url } = await start({});
    const get = await fetch(`${url}/`);
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ name: 'ccproxy', status: 'ok' });
    expect((await fetch(`${url}/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('serves /health in the IETF health+json shape with a check per plugin', async () => {
    const { url } = await start({ plugins: [echoPlugin, slowHealthPlugin] });
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/health+json');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = (await response.json()) as { status: string; checks: Record<string, { status: string; componentType: string; output?: string }[]> };
    expect(body.status).toBe('warn');
    expect(body.checks['plugin:echo']?.[0]).toMatchObject({ status: 'pass', componentType: 'provider_plugin' });
    expect(body.checks['plugin:observer']?.[0]).toMatchObject({ status: 'warn', output: 'running without a database' });
    expect(body.checks.service_container?.[0]?.status).toBe('pass');
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${url}/health/ready`)).json()).toMatchObject({ status: 'pass' });
  });

  it('reports a failed provider as fail (503) in /health and truthfully in /plugins', async () => {
    const { url } = await start({ plugins: [echoPlugin, brokenPlugin] });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { status: string; checks: Record<string, { output?: string }[]> };
    expect(body.status).toBe('fail');
    expect(body.checks['plugin:broken']?.[0]?.output).toBe('credentials file is corrupt');

    const plugins = (await (await fetch(`${url}/plugins`)).json()) as { plugins: { name: string; status: string; reason?: string }[]; total: number };
    expect(plugins.total).toBe(2);
    expect(plugins.plugins).toContainEqual({ name: 'broken', type: 'provider', status: 'failed', version: '1.0.0', reason: 'credentials file is corrupt' });
    expect(plugins.plugins).toContainEqual({ name: 'echo', type: 'provider', status: 'active', version: '1.0.0' });

    const pluginHealth = await fetch(`${url}/plugins/broken/health`);
    expect(await pluginHealth.json()).toMatchObject({ plugin: 'broken', status: 'unhealthy', details: { state: 'failed', reason: 'credentials file is corrupt' } });
    const unknown = await fetch(`${url}/plugins/nope/health`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { type: 'not_found_error', message: "Plugin 'nope' not found" } });

    const status = (await (await fetch(`${url}/plugins/status`)).json()) as { initialization_order: string[]; plugins: { name: string; initialized: boolean }[] };
    expect(status.initialization_order).toEqual(['broken', 'echo']);
    expect(status.plugins.find((plugin) => plugin.name === 'broken')?.initialized).toBe(false);
  });

  it("answers a failed plugin's routes with 503 in the caller's format while the rest keeps serving", async () => {
    const { url } = await start({ plugins: [echoPlugin, brokenPlugin] });
    const broken = await fetch(`${url}/broken/v1/chat/completions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(503);
    expect(await broken.json()).toEqual({ error: { message: 'Plugin broken not initialized: credentials file is corrupt', type: 'service_unavailable_error', param: null, code: '503' } });
    const working = await fetch(`${url}/echo/v1/messages`, { method: 'POST', body: '{"model":"m"}' });
    expect(working.status).toBe(200);
  });
});

describe('request handling', () => {
  it('echoes a valid x-request-id, generates one when absent, replaces an invalid one', async () => {
    const { url } = await start({ plugins: [echoPlugin] });
    expect((await fetch(`${url}/health`, { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    expect((await fetch(`${url}/health`)).headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
    expect((await fetch(`${url}/health`, { headers: { 'x-request-id': 'bad id with spaces' } })).headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
    const notFound = await fetch(`${url}/nowhere`, { headers: { 'x-request-id': 'trace-1' } });
    expect(notFound.headers.get('x-request-id')).toBe('trace-1');
  });

  it('answers unknown routes with a JSON 404 in the format inferred from the path', async () => {
    const { url } = await start({});
    const plain = await fetch(`${url}/nowhere`);
    expect(plain.status).toBe(404);
    expect(await plain.json()).toEqual({ error: { type: 'not_found_error', message: 'no route for GET /nowhere' } });
    const anthropic = await fetch(`${url}/unknown/v1/messages`, { method: 'POST' });
    expect(await anthropic.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'no route for POST /unknown/v1/messages' } });
  });

  it("rejects malformed JSON and wrong types with 400 in the route's format", async () => {
    const { url } = await start({ plugins: [echoPlugin] });
    const malformed = await fetch(`${url}/echo/v1/messages`, { method: 'POST', body: '{"model": ' });
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/not valid JSON/);
    const wrongType = await fetch(`${url}/echo/v1/messages`, { method: 'POST', body: '{"model": 42}' });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'model: expected a string' } });
    const notObject = await fetch(`${url}/echo/v1/messages`, { method: 'POST', body: '[1,2]' });
    expect(((await notObject.json()) as { error: { message: string } }).error.message).toBe('the request body must be a JSON object');
  });

  it('refuses bodies over server.max_body_bytes with 413 and keeps serving', async () => {
    const { url } = await start({ plugins: [echoPlugin], settings: { server: { max_body_bytes: 2048 } } });
    const big = await fetch(`${url}/echo/v1/chat/completions`, { method: 'POST', body: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { type: 'request_too_large', code: '413' } });
    const chunked = await fetch(`${url}/echo/v1/chat/completions`, {
      method: 'POST',
      body: new ReadableStream({ start(controller) { for (let index = 0; index < 5; index++) controller.enqueue(new Uint8Array(1000)); controller.close(); } }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    const small = await fetch(`${url}/echo/v1/chat/completions`, { method: 'POST', body: 'x'.repeat(100) });
    expect(await small.json()).toEqual({ size: 100 });
  });

  it('hides unexpected errors behind a generic 500 and logs them with the request id', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const response = await fetch(`${proxy.url}/echo/crash`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret internal detail');
    expect(JSON.parse(text)).toEqual({ error: { type: 'internal_server_error', message: 'An internal server error occurred' } });
    const logged = proxy.logs.find((record) => record.message === 'unhandled_request_error');
    expect(logged?.fields.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('answers CORS preflights for local origins, including x-api-key', async () => {
    const { url } = await start({ plugins: [echoPlugin], settings: { security: { auth_token: 'tok' } } });
    const preflight = await fetch(`${url}/echo/v1/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const foreign = await fetch(`${url}/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('proxy access token', () => {
  it('leaves everything open when no token is configured', async () => {
    const { url } = await start({ plugins: [echoPlugin] });
    expect((await fetch(`${url}/plugins`)).status).toBe(200);
  });

  it('guards plugin and /plugins routes, accepts x-api-key or Bearer, keeps /health open', async () => {
    const { url } = await start({ plugins: [echoPlugin], settings: { security: { auth_token: 's3cret-token' } } });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const missing = await fetch(`${url}/plugins`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${url}/plugins`, { headers: { 'x-api-key': 's3cret-token' } })).status).toBe(200);
    expect((await fetch(`${url}/plugins`, { headers: { authorization: 'bearer s3cret-token' } })).status).toBe(200);
    const wrongKey = await fetch(`${url}/plugins`, { headers: { 'x-api-key': 'nope', authorization: 'Bearer s3cret-token' } });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toEqual({ error: { type: 'authentication_error', message: 'Invalid authentication credentials' } });
    const anthropic = await fetch(`${url}/echo/v1/messages`, { method: 'POST', body: '{"model":"m"}' });
    expect(anthropic.status).toBe(401);
    expect(((await anthropic.json()) as { type: string; error: { type: string } }).error.type).toBe('authentication_error');
  });

  it('never forwards or logs the token', async () => {
    const proxy = await start({ plugins: [echoPlugin], settings: { security: { auth_token: 'tok-never-logged' } } });
    await fetch(`${proxy.url}/plugins`, { headers: { 'x-api-key': 'wrong-value-also-secret' } });
    await fetch(`${proxy.url}/echo/crash`, { headers: { 'x-api-key': 'tok-never-logged' } });
    const text = JSON.stringify(proxy.logs);
    expect(text).not.toContain('tok-never-logged');
    expect(text).not.toContain('wrong-value-also-secret');
  });
});

describe('summary events and streaming', () => {
  it('emits one request.completed summary with status, bytes and timing', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const completed = collectEvents(proxy.server.host.events, 'request.completed');
    const response = await fetch(`${proxy.url}/echo/v1/messages?x=1`, { method: 'POST', body: '{"model":"claude-x"}', headers: { 'user-agent': 'vitest' } });
    const text = await response.text();
    const summary = await completed.next();
    expect(summary).toMatchObject({
      request_id: response.headers.get('x-request-id'),
      method: 'POST',
      path: '/echo/v1/messages',
      query: 'x=1',
      status: 200,
      provider: 'echo',
      service_type: 'echo',
      client_format: 'anthropic.messages',
      model_requested: 'claude-x',
      streaming: false,
      closed_by: 'server',
      user_agent: 'vitest',
      bytes_sent: Buffer.byteLength(text),
    });
    expect(summary.duration_ms).toBeGreaterThan(0);
    expect(summary.ttfb_ms).not.toBeNull();
  });

  it('relays a stream as it is produced and reports it completed', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const completed = collectEvents(proxy.server.host.events, 'request.completed');
    const response = await fetch(`${proxy.url}/echo/stream?count=3&delay=30`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"n":0}\n\n');
    let rest = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
    expect(await completed.next()).toMatchObject({ streaming: true, closed_by: 'server', status: 200 });
  });

  it('reports a client that disconnects mid-stream as request.failed and aborts the handler', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const failed = collectEvents(proxy.server.host.events, 'request.failed');
    const controller = new AbortController();
    const response = await fetch(`${proxy.url}/echo/stream?count=100&delay=20`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const summary = await failed.next();
    expect(summary).toMatchObject({ closed_by: 'client', streaming: true, error: { type: 'client_disconnected' } });
    expect(summary.bytes_sent).toBeLessThan(100 * 12);
  });

  it('lets an in-flight stream finish on graceful shutdown, then stops', async () => {
    const proxy = await startProxy({ plugins: [echoPlugin], settings: { server: { shutdown_grace_seconds: 5 } } });
    const response = await fetch(`${proxy.url}/echo/stream?count=10&delay=30`);
    const reader = response.body!.getReader();
    await reader.read();
    const closing = proxy.close();
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await closing;
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text.match(/"n":/g)).toHaveLength(9);
    await expect(fetch(`${proxy.url}/health`)).rejects.toThrow();
    await waitFor(() => proxy.server.host.plugins.statuses().every((status) => status.state === 'stopped'));
  });

  it('tells plugins first, so long-lived streams end and shutdown does not wait out the grace period', async () => {
    const proxy = await startProxy({ plugins: [feedPlugin], settings: { server: { shutdown_grace_seconds: 10 } } });
    const response = await fetch(`${proxy.url}/feed`);
    const reader = response.body!.getReader();
    await reader.read();
    const started = Date.now();
    const closing = proxy.close();
    let tail = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      tail += new TextDecoder().decode(chunk.value);
    }
    await closing;
    expect(tail).toBe('event: bye\ndata: {}\n\n');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
