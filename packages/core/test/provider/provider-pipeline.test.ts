import { afterEach, describe, expect, it } from 'vitest';
import { createHookBus } from '../../src/runtime/hook-bus.js';
import { createHttpClient, type ClosableHttpClient } from '../../src/http/http-client.js';
import { callUpstream } from '../../src/provider/call-upstream.js';
import { relayStream, readErrorBody, retryHeaders } from '../../src/provider/relay-stream.js';
import { forwardableRequestHeaders, forwardableResponseHeaders } from '../../src/provider/headers.js';
import { createModelMapper, restoreModel } from '../../src/provider/model-mapper.js';
import { memoryLogger } from '../../src/testing/index.js';
import type { ProxyRequest } from '../../src/declaration/http.js';
import { cancellationOf } from '../../src/declaration/cancellation.js';
import type { RequestSummaryDraft } from '../../src/declaration/events.js';
import { localServer } from '../support/local-server.js';

let http: ClosableHttpClient | undefined;
const local = localServer();
const serve = local.serve;
afterEach(async () => {
  http?.close();
  await local.close();
});

function clientRequest(signal = new AbortController().signal): ProxyRequest {
  const summary: RequestSummaryDraft = { provider: 'p', endpoint: null, client_format: null, upstream_format: null, model_requested: null, model_sent: null, usage: null, cost_usd: null, upstream: null, error: null };
  return { id: 'req1', method: 'POST', path: '/p/v1/messages', routePath: '/v1/messages', query: new URLSearchParams(), params: {}, headers: {}, rawBody: Buffer.alloc(0), json: () => ({}) as never, signal, cancellation: cancellationOf(signal), remoteAddress: '127.0.0.1', state: { get: () => undefined, set: () => undefined, has: () => false }, summary, clientFormat: 'anthropic.messages' };
}

function context() {
  http = createHttpClient({ connectTimeoutMs: 1000, requestTimeoutMs: 2000, streamIdleTimeoutMs: 2000, env: {} });
  const events = createHookBus({ logger: memoryLogger() });
  return { http, events, provider: 'p' };
}

describe('callUpstream', () => {
  it('lets provider.request.prepared interceptors rewrite the request and records the upstream', async () => {
    let seen = '';
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen = `${request.url ?? ''} ${String(request.headers['x-added'])} ${body}`;
        response.end('{}');
      });
    });
    const ctx = context();
    ctx.events.intercept('provider.request.prepared', (event) => {
      event.headers['x-added'] = 'by-hook';
      event.body = Buffer.from('{"rewritten":true}');
      event.url = `${event.url}?beta=true`;
    });
    const request = clientRequest();
    const upstream = await callUpstream(ctx, request, { url: `${url}/v1/messages`, headers: {}, body: Buffer.from('{}'), streaming: false, endpoint: '/v1/messages' });
    await upstream.text();
    expect(seen).toBe('/v1/messages?beta=true by-hook {"rewritten":true}');
    expect(request.summary.upstream).toMatchObject({ url: `${url}/v1/messages`, status: 200 });
    expect(request.summary.endpoint).toBe('/v1/messages');
  });

  it('records the failure and emits provider.error when the upstream cannot be reached', async () => {
    const ctx = context();
    const errors: string[] = [];
    ctx.events.on('provider.error', (event) => void errors.push(event.phase));
    const request = clientRequest();
    await expect(callUpstream(ctx, request, { url: 'http://127.0.0.1:1/v1', headers: {}, body: Buffer.alloc(0), streaming: false, endpoint: '/v1' })).rejects.toMatchObject({ status: 502 });
    await ctx.events.drain();
    expect(errors).toEqual(['request']);
    expect(request.summary.error?.type).toBe('proxy_connection_error');
  });
});

describe('relayStream', () => {
  it('relays chunks as they arrive and reports usage at the end', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: a\n\n');
      setTimeout(() => response.end('data: b\n\n'), 30);
    });
    const ctx = context();
    const ends: unknown[] = [];
    ctx.events.on('provider.stream.end', (event) => void ends.push(event));
    const request = clientRequest();
    const upstream = await callUpstream(ctx, request, { url, headers: {}, body: Buffer.alloc(0), streaming: true, endpoint: '/s' });
    const seen: string[] = [];
    for await (const chunk of relayStream(ctx, request, upstream, { onFinish: () => ({ usage: { input_tokens: 1, output_tokens: 2, cache_read_tokens: 0, cache_creation_tokens: 0, reasoning_tokens: 0 }, model: 'm' }) })) {
      seen.push(chunk.toString());
    }
    expect(seen).toEqual(['data: a\n\n', 'data: b\n\n']);
    expect(request.summary.usage?.output_tokens).toBe(2);
    await ctx.events.drain();
    expect(ends).toEqual([expect.objectContaining({ total_chunks: 2, aborted: false, reason: null, model: 'm' })]);
  });

  it('relays the upstream bytes themselves through an observing transform, plus only what it appends', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: a\n\n');
      setTimeout(() => response.end('data: b\n\n'), 30);
    });
    const ctx = context();
    const request = clientRequest();
    const upstream = await callUpstream(ctx, request, { url, headers: {}, body: Buffer.alloc(0), streaming: true, endpoint: '/s' });
    const observed: string[] = [];
    const transform = { forwardsInput: true, push: (chunk: Uint8Array | string) => (observed.push(chunk.toString()), 'ignored'), end: () => 'data: [DONE]\n\n', fail: () => '' };
    const seen: (string | Buffer)[] = [];
    for await (const chunk of relayStream(ctx, request, upstream, { transform })) seen.push(chunk);
    expect(observed).toEqual(['data: a\n\n', 'data: b\n\n']);
    expect(seen.slice(0, 2).every((chunk) => Buffer.isBuffer(chunk))).toBe(true);
    expect(seen.map((chunk) => chunk.toString())).toEqual(['data: a\n\n', 'data: b\n\n', 'data: [DONE]\n\n']);
  });

  it('turns an upstream drop mid-stream into the transform error event', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: a\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const ctx = context();
    const request = clientRequest();
    const upstream = await callUpstream(ctx, request, { url, headers: {}, body: Buffer.alloc(0), streaming: true, endpoint: '/s' });
    const transform = { push: (chunk: Uint8Array | string) => `out:${chunk.toString()}`, end: () => 'END', fail: (error: { message: string }) => `ERROR:${error.message.slice(0, 20)}` };
    const seen: string[] = [];
    const relayed = (async () => {
      for await (const chunk of relayStream(ctx, request, upstream, { transform })) seen.push(chunk.toString());
    })();
    await expect(relayed).rejects.toMatchObject({ code: 'UPSTREAM_CONNECTION' });
    expect(seen[0]).toBe('out:data: a\n\n');
    expect(seen.at(-1)).toMatch(/^ERROR:/);
    expect(seen).not.toContain('END');
    expect(request.summary.error?.message).toMatch(/upstream stream failed/);
  });

  it('aborts the upstream connection when the client disconnects', async () => {
    let upstreamClosed = false;
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => response.write('data: tick\n\n'), 10);
      request.socket.on('close', () => {
        upstreamClosed = true;
        clearInterval(timer);
      });
    });
    const ctx = context();
    const controller = new AbortController();
    const request = clientRequest(controller.signal);
    const upstream = await callUpstream(ctx, request, { url, headers: {}, body: Buffer.alloc(0), streaming: true, endpoint: '/s' });
    let count = 0;
    for await (const _chunk of relayStream(ctx, request, upstream)) {
      if (++count === 2) controller.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(upstreamClosed).toBe(true);
  });

  it('reads an error body and keeps retry hints', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30', 'anthropic-ratelimit-requests-remaining': '0', 'x-secret': 'no' });
      response.end('{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}');
    });
    const ctx = context();
    const upstream = await callUpstream(ctx, clientRequest(), { url, headers: {}, body: Buffer.alloc(0), streaming: false, endpoint: '/s' });
    expect(await readErrorBody(upstream)).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(retryHeaders(upstream.headers)).toEqual({ 'retry-after': '30', 'anthropic-ratelimit-requests-remaining': '0' });
  });
});

describe('header filtering', () => {
  it('never forwards client credentials or hop-by-hop headers, keeps the rest lower-cased', () => {
    const kept = forwardableRequestHeaders({ Authorization: 'Bearer proxy-token', 'x-api-key': 'k', Host: 'h', 'Content-Length': '3', Cookie: 'c', 'X-Custom-Foo': 'bar', 'anthropic-beta': 'b', 'x-stainless-os': 'Linux' });
    expect(kept).toEqual({ 'x-custom-foo': 'bar', 'anthropic-beta': 'b', 'x-stainless-os': 'Linux' });
    expect(forwardableResponseHeaders({ 'content-length': '1', 'content-encoding': 'gzip', 'transfer-encoding': 'chunked', 'anthropic-ratelimit-unified-status': 'allowed', 'request-id': 'r' })).toEqual({ 'anthropic-ratelimit-unified-status': 'allowed', 'request-id': 'r' });
  });
});

describe('model mapping', () => {
  it('applies the first matching rule of each kind and never re-maps the target', () => {
    const mapper = createModelMapper([
      { match: '^gpt-4(?!o)', target: 'claude-sonnet-4-5', kind: 'regex' },
      { match: 'gpt-4o', target: 'claude-haiku-4-5', kind: 'prefix' },
      { match: '-LATEST', target: 'claude-opus-4-1', kind: 'suffix', flags: ['IGNORECASE'] },
      { match: 'claude-sonnet-4-5', target: 'never' },
    ]);
    expect(mapper.map('gpt-4-turbo')).toEqual({ requested: 'gpt-4-turbo', sent: 'claude-sonnet-4-5', mapped: true });
    expect(mapper.map('gpt-4o-mini').sent).toBe('claude-haiku-4-5');
    expect(mapper.map('opus-latest').sent).toBe('claude-opus-4-1');
    expect(mapper.map('claude-3-haiku')).toEqual({ requested: 'claude-3-haiku', sent: 'claude-3-haiku', mapped: false });
  });

  it('restores the client model in nested fields', () => {
    const body = { model: 'gpt-5-2025-08-07', output: [{ response: { model: 'gpt-5-2025-08-07' } }], other: 'x' };
    expect(restoreModel(body, 'gpt-5')).toEqual({ model: 'gpt-5', output: [{ response: { model: 'gpt-5' } }], other: 'x' });
  });
});
