import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHookBus } from '../../src/runtime/hook-bus.js';
import { createHttpClient, type ClosableHttpClient } from '../../src/http/http-client.js';
import { callUpstream } from '../../src/provider/call-upstream.js';
import { relayStream } from '../../src/provider/relay-stream.js';
import { forwardableResponseHeaders } from '../../src/provider/headers.js';
import { memoryLogger } from '../../src/testing/index.js';
import type { ProxyRequest } from '../../src/declaration/http.js';
import { cancellationOf } from '../../src/declaration/cancellation.js';
import type { RequestSummaryDraft } from '../../src/declaration/events.js';

let server: Server | undefined;
let http: ClosableHttpClient | undefined;
afterEach(async () => {
  http?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function clientRequest(): ProxyRequest {
  const signal = new AbortController().signal;
  const summary: RequestSummaryDraft = { provider: 'p', endpoint: null, client_format: null, upstream_format: null, model_requested: null, model_sent: null, usage: null, cost_usd: null, upstream: null, error: null };
  return { id: 'req1', method: 'POST', path: '/p/v1/messages', routePath: '/v1/messages', query: new URLSearchParams(), params: {}, headers: {}, rawBody: Buffer.alloc(0), json: () => ({}) as never, signal, cancellation: cancellationOf(signal), remoteAddress: '127.0.0.1', state: { get: () => undefined, set: () => undefined, has: () => false }, summary, clientFormat: 'anthropic.messages' };
}

describe('relayStream after a mid-stream upstream failure', () => {
  it('yields the error event, then throws so the app records the request as failed', async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: a\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    http = createHttpClient({ connectTimeoutMs: 1000, requestTimeoutMs: 2000, streamIdleTimeoutMs: 2000, env: {} });
    const ctx = { http, events: createHookBus({ logger: memoryLogger() }), provider: 'p' };
    const request = clientRequest();
    const upstream = await callUpstream(ctx, request, { url, headers: {}, body: Buffer.alloc(0), streaming: true, endpoint: '/s' });
    const transform = { push: (chunk: Uint8Array | string) => chunk.toString(), end: () => '', fail: () => 'event: error\ndata: {}\n\n' };
    const seen: string[] = [];
    let thrown: unknown;
    try {
      for await (const chunk of relayStream(ctx, request, upstream, { transform })) seen.push(chunk.toString());
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual(['data: a\n\n', 'event: error\ndata: {}\n\n']);
    expect(thrown).toMatchObject({ code: 'UPSTREAM_CONNECTION' });
    expect(request.summary.error?.message).toMatch(/^upstream stream failed/);
  });
});

describe('forwardableResponseHeaders', () => {
  it("renames the upstream's x-request-id so it cannot replace the proxy's", () => {
    expect(forwardableResponseHeaders({ 'x-request-id': 'up-1', 'request-id': 'req_1', 'anthropic-ratelimit-unified-status': 'allowed' })).toEqual({
      'upstream-request-id': 'up-1',
      'request-id': 'req_1',
      'anthropic-ratelimit-unified-status': 'allowed',
    });
  });
});
