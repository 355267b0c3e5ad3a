// Plugin routes are served by one pipeline, reached directly from node:http or through Koa (CORS
// requests, paths the route table does not match exactly). Both lanes must answer alike.
import { describe, expect, it } from 'vitest';
import { collectEvents } from '@ccproxy/core/testing';
import { startedProxies } from './helpers.js';
import { closeStreamGate, echoPlugin, streamGate } from './test-plugins.js';

const start = startedProxies();

const message = JSON.stringify({ model: 'claude-x', messages: [] });

describe('the direct lane and the Koa lane', () => {
  it('answer a plugin route alike, CORS headers only for a browser origin, one summary each', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const completed = collectEvents(proxy.server.host.events, 'request.completed');
    const direct = await fetch(`${proxy.url}/echo/v1/messages`, { method: 'POST', body: message, headers: { 'content-type': 'application/json' } });
    const viaKoa = await fetch(`${proxy.url}/echo/v1/messages`, { method: 'POST', body: message, headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' } });
    for (const response of [direct, viaKoa]) {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('server')).toBe('ccproxy');
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}$/);
      expect(((await response.json()) as { echoed: unknown }).echoed).toEqual({ model: 'claude-x', messages: [] });
    }
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    expect(viaKoa.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const summaries = [await completed.next(), await completed.next()];
    for (const summary of summaries) expect(summary).toMatchObject({ provider: 'echo', service_type: 'echo', client_format: 'anthropic.messages', model_requested: 'claude-x', status: 200, streaming: false });
    expect(summaries[0]?.bytes_sent).toBeGreaterThan(0);
  });

  it('renders errors in the caller format on both lanes: bad JSON 400, bad token 401, oversized 413', async () => {
    const proxy = await start({ plugins: [echoPlugin], settings: { security: { auth_token: 'tok' }, server: { max_body_bytes: 1024 } } });
    for (const origin of [undefined, 'http://localhost:3000']) {
      const base = { 'content-type': 'application/json', ...(origin ? { origin } : {}) };
      const badJson = await fetch(`${proxy.url}/echo/v1/chat/completions`, { method: 'POST', body: '{"model":', headers: { ...base, authorization: 'Bearer tok' } });
      expect(badJson.status).toBe(200); // this route reads only the raw size
      const badModel = await fetch(`${proxy.url}/echo/v1/messages`, { method: 'POST', body: '{"model":1}', headers: { ...base, 'x-api-key': 'tok' } });
      expect(badModel.status).toBe(400);
      expect(await badModel.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'model: expected a string' } });
      const wrongToken = await fetch(`${proxy.url}/echo/v1/chat/completions`, { method: 'POST', body: '{}', headers: { ...base, authorization: 'Bearer nope' } });
      expect(wrongToken.status).toBe(401);
      expect(wrongToken.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await wrongToken.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
      const tooLarge = await fetch(`${proxy.url}/echo/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'x'.repeat(2000) }), headers: { ...base, 'x-api-key': 'tok' } });
      expect(tooLarge.status).toBe(413);
      expect(((await tooLarge.json()) as { type: string }).type).toBe('error');
    }
  });

  it('matches path parameters directly, and leaves trailing slashes and HEAD to the router', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const direct = await fetch(`${proxy.url}/echo/items/a%20b?q=1`);
    expect(await direct.json()).toEqual({ params: { id: 'a b' }, query: '1' });
    const head = await fetch(`${proxy.url}/echo/items/abc`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const slash = await fetch(`${proxy.url}/echo/items/abc/`);
    expect(await slash.json()).toEqual({ params: { id: 'abc' }, query: null });
    const unknown = await fetch(`${proxy.url}/echo/items/a/b`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });

  it('sends a stream’s headers before its first event when that event is late', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    closeStreamGate();
    // If the headers waited for the first event, fetch() would never resolve: the gate opens only after.
    const response = await fetch(`${proxy.url}/echo/gated-stream`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    streamGate.open();
    expect(await response.text()).toBe('data: {"n":0}\n\n');
  });

  it('does not log a client that leaves before the answer as a server error', async () => {
    const proxy = await start({ plugins: [echoPlugin] });
    const failed = collectEvents(proxy.server.host.events, 'request.failed');
    const controller = new AbortController();
    const pending = fetch(`${proxy.url}/echo/wait-upstream`, { signal: controller.signal }).catch((error: unknown) => error);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(Error);
    expect(await failed.next()).toMatchObject({ closed_by: 'client', error: { type: 'client_disconnected' } });
    expect(proxy.logs.filter((record) => record.level === 'error' || record.level === 'warn')).toEqual([]);
    expect(proxy.logs.some((record) => record.message === 'client_gone_before_response')).toBe(true);
  });
});
