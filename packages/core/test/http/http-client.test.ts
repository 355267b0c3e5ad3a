import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type ClosableHttpClient } from '../../src/http/http-client.js';
import { bypassesProxy, proxyFromEnv } from '../../src/http/proxy-agents.js';
import { localServer } from '../support/local-server.js';
import { createCancellation, type AbortSource } from '../../src/declaration/cancellation.js';

let client: ClosableHttpClient | undefined;
const local = localServer();
const serve = local.serve;
afterEach(async () => {
  client?.close();
  await local.close();
});

function makeClient(overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  client = createHttpClient({ connectTimeoutMs: 1000, requestTimeoutMs: 2000, streamIdleTimeoutMs: 2000, env: {}, ...overrides });
  return client;
}

describe('shared upstream client (node:http)', () => {
  it('returns 4xx/5xx as responses (no retry, body readable) and sends method, headers and body', async () => {
    let calls = 0;
    let received = '';
    const url = await serve((request, response) => {
      calls++;
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received = `${request.method ?? ''} ${String(request.headers['x-test'])} ${body}`;
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' });
        response.end('{"error":"overloaded"}');
      });
    });
    const response = await makeClient().request({ url: `${url}/v1`, method: 'POST', headers: { 'x-test': 'yes' }, body: '{"a":1}' });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(await response.json()).toEqual({ error: 'overloaded' });
    expect(received).toBe('POST yes {"a":1}');
    expect(calls).toBe(1);
  });

  it('sends host and content-length as Node would, a caller-given host kept, and refuses a bad header value', async () => {
    const seen: { method: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const url = await serve((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', headers: request.headers, body });
        response.end('{}');
      });
    });
    const http = makeClient();
    const port = new URL(url).port;
    await http.request({ url: `${url}/a`, method: 'POST', headers: { 'X-Mixed': 'Case', 'Content-Length': '999' }, body: 'héllo' });
    await http.request({ url: `${url}/b`, method: 'POST' });
    await http.request({ url: `${url}/c` });
    await http.request({ url: `${url}/d`, headers: { host: 'api.example' } });
    expect(seen.map(({ method, headers, body }) => [method, headers['host'], headers['content-length'], headers['transfer-encoding'], body])).toEqual([
      ['POST', `127.0.0.1:${port}`, '6', undefined, 'héllo'],
      ['POST', `127.0.0.1:${port}`, '0', undefined, ''],
      ['GET', `127.0.0.1:${port}`, undefined, undefined, ''],
      ['GET', 'api.example', undefined, undefined, ''],
    ]);
    expect(seen[0]?.headers['x-mixed']).toBe('Case');
    expect(seen[0]?.headers['connection']).toBe('keep-alive');
    await expect(http.request({ url, headers: { 'x-bad': 'line\r\nbreak' } })).rejects.toBeDefined();
    expect(seen).toHaveLength(4);
  });

  it('decompresses a gzip body and drops the encoding headers', async () => {
    const url = await serve((_request, response) => {
      const compressed = gzipSync(Buffer.from('{"hello":"world"}'));
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(compressed.length) });
      response.end(compressed);
    });
    const response = await makeClient().request({ url });
    expect(await response.json()).toEqual({ hello: 'world' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBeUndefined();
  });

  it('does not follow redirects', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      response.end();
    });
    const response = await makeClient().request({ url });
    expect(response.status).toBe(302);
  });

  it('maps a refused connection to UPSTREAM_CONNECTION (502)', async () => {
    const url = await serve((_request, response) => response.end());
    const port = new URL(url).port;
    await local.close();
    await expect(makeClient().request({ url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({ code: 'UPSTREAM_CONNECTION', status: 502 });
  });

  it('maps a total timeout of a non-streaming call to UPSTREAM_TIMEOUT (504)', async () => {
    const url = await serve(() => undefined);
    await expect(makeClient({ requestTimeoutMs: 150 }).request({ url })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', status: 504 });
  });

  it('streams a body as it arrives and fails the iterator when the stream goes idle', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
    });
    const response = await makeClient({ streamIdleTimeoutMs: 150 }).request({ url, streaming: true });
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of response.body) chunks.push(chunk.toString());
      })(),
    ).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(chunks).toEqual(['data: 1\n\n']);
  });

  it('survives an abort while nobody reads the body (no unhandled error event)', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
    });
    const controller = new AbortController();
    const response = await makeClient().request({ url, streaming: true, signal: controller.signal });
    expect(response.status).toBe(200);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await makeClient().request({ url, streaming: true });
    expect(again.status).toBe(200);
    again.abort();
  });

  // The stop can be an AbortSignal or a Cancellation (what proxied requests carry): both close the upstream.
  const stopSources = [
    {
      kind: 'an AbortSignal',
      make: () => {
        const controller = new AbortController();
        return { signal: controller.signal as AbortSource, abort: () => controller.abort() };
      },
    },
    {
      kind: 'a Cancellation',
      make: () => {
        const { cancellation, abort } = createCancellation();
        return { signal: cancellation as AbortSource, abort };
      },
    },
  ];

  it.each(stopSources)('closes the upstream connection when the caller aborts mid-stream ($kind)', async ({ make }) => {
    let closed = false;
    const url = await serve((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      request.socket.on('close', () => (closed = true));
    });
    const { signal, abort } = make();
    const response = await makeClient().request({ url, streaming: true, signal });
    const reading = (async () => {
      for await (const _chunk of response.body) abort();
    })();
    await expect(reading).rejects.toMatchObject({ code: 'UPSTREAM_CONNECTION', type: 'request_aborted' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });

  it('does not call the upstream when the Cancellation is already aborted', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls++;
      response.end('{}');
    });
    const { cancellation, abort } = createCancellation();
    abort();
    await expect(makeClient().request({ url, signal: cancellation })).rejects.toMatchObject({ code: 'UPSTREAM_CONNECTION' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls).toBe(0);
  });
});

describe('proxy environment', () => {
  it('prefers HTTPS_PROXY, then ALL_PROXY, then HTTP_PROXY, and honours NO_PROXY', () => {
    expect(proxyFromEnv({ HTTPS_PROXY: 'http://a:1', ALL_PROXY: 'http://b:1', HTTP_PROXY: 'http://c:1' }).proxy).toBe('http://a:1');
    expect(proxyFromEnv({ ALL_PROXY: 'http://b:1', HTTP_PROXY: 'http://c:1' }).proxy).toBe('http://b:1');
    expect(proxyFromEnv({ http_proxy: 'http://c:1' }).proxy).toBe('http://c:1');
    const { noProxy } = proxyFromEnv({ NO_PROXY: 'internal.example, .corp' });
    expect(bypassesProxy('api.internal.example', noProxy)).toBe(true);
    expect(bypassesProxy('x.corp', noProxy)).toBe(true);
    expect(bypassesProxy('api.anthropic.com', noProxy)).toBe(false);
    expect(bypassesProxy('127.0.0.1', [])).toBe(true);
  });

  it('tunnels requests through the configured proxy (CONNECT)', async () => {
    const upstream = await serve((request, response) => response.end(`upstream saw ${request.url}`));
    const proxy = createServer();
    let tunnelled = '';
    proxy.on('connect', (request, clientSocket: Socket) => {
      tunnelled = request.url ?? '';
      // The test host name does not resolve: the proxy sends the tunnel to the local upstream.
      const target = connect(Number(new URL(upstream).port), '127.0.0.1', () => {
        clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        target.pipe(clientSocket);
        clientSocket.pipe(target);
      });
      clientSocket.on('error', () => target.destroy());
      target.on('error', () => clientSocket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const response = await makeClient({ env: { HTTP_PROXY: proxyUrl } }).request({ url: 'http://upstream.example.test/v1/models' });
      expect(await response.text()).toBe('upstream saw /v1/models');
      expect(tunnelled).toBe('upstream.example.test:80');
    } finally {
      client?.close();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
