import got, { RequestError, type Got, type Response as GotResponse } from 'got';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'got';
import { CcproxyError } from '../errors/ccproxy-error.js';
import type { HttpClient, UpstreamRequest, UpstreamResponse } from '../declaration/http-client.js';
import { bypassesProxy, createAgents, type AgentPair } from './proxy-agents.js';

export interface HttpClientOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  streamIdleTimeoutMs: number;
  env?: Record<string, string | undefined>;
}

export interface ClosableHttpClient extends HttpClient {
  close(): void;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Maps got's errors to ours so plugins and the app never depend on got's error classes. */
export function toUpstreamError(error: unknown, url: string): CcproxyError {
  if (CcproxyError.is(error)) return error;
  const host = safeHost(url);
  if (error instanceof RequestError) {
    if (error.name === 'TimeoutError' || error.code === 'ETIMEDOUT') {
      return new CcproxyError('UPSTREAM_TIMEOUT', `the upstream ${host} did not answer in time`, { cause: error });
    }
    if (error.name === 'AbortError' || error.code === 'ERR_ABORTED') {
      return new CcproxyError('UPSTREAM_CONNECTION', `the request to ${host} was aborted`, { cause: error, type: 'request_aborted' });
    }
    if (CONNECTION_CODES.has(error.code) || error.name === 'ReadError' || error.name === 'RequestError') {
      return new CcproxyError('UPSTREAM_CONNECTION', `could not reach the upstream ${host} (${error.code || error.name})`, { cause: error });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CcproxyError('UPSTREAM_CONNECTION', `upstream request to ${host} failed: ${message}`, { cause: error });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function flattenHeaders(headers: IncomingHttpHeaders, decoded: boolean): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (decoded && flat['content-encoding']) {
    delete flat['content-encoding'];
    delete flat['content-length'];
  }
  return flat;
}

/**
 * The one shared upstream client (core.md §13): got with keep-alive agents, proxy environment
 * variables, no retries, no redirects, 4xx/5xx as responses, and separate timeouts for streaming
 * (connect + idle between chunks) and non-streaming (total) calls.
 */
export function createHttpClient(options: HttpClientOptions): ClosableHttpClient {
  const agents = createAgents(options.env ?? process.env);
  const instance: Got = got.extend({
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    decompress: true,
    http2: false,
  });

  function agentsFor(url: URL): AgentPair {
    if (agents.proxied && !bypassesProxy(url.hostname, agents.noProxy)) return agents.proxied;
    return agents.direct;
  }

  function request(upstream: UpstreamRequest): Promise<UpstreamResponse> {
    const url = new URL(upstream.url);
    const started = performance.now();
    return new Promise<UpstreamResponse>((resolve, reject) => {
      let stream: Request;
      try {
        stream = instance.stream(url, {
          method: (upstream.method ?? 'GET') as 'GET',
          headers: { ...upstream.headers },
          ...(upstream.body === undefined ? {} : { body: typeof upstream.body === 'string' ? upstream.body : Buffer.from(upstream.body) }),
          agent: agentsFor(url),
          ...(upstream.signal ? { signal: upstream.signal } : {}),
          timeout: upstream.streaming
            ? { connect: options.connectTimeoutMs, socket: options.streamIdleTimeoutMs }
            : { connect: options.connectTimeoutMs, request: upstream.timeoutMs ?? options.requestTimeoutMs },
        });
      } catch (error) {
        reject(toUpstreamError(error, upstream.url));
        return;
      }
      const onEarlyError = (error: unknown) => reject(toUpstreamError(error, upstream.url));
      stream.once('error', onEarlyError);
      stream.once('response', (response: GotResponse) => {
        stream.off('error', onEarlyError);
        // From here errors surface through the body iterator; a listener must stay attached so an
        // abort or reset while nobody is reading never becomes an unhandled 'error' event.
        stream.on('error', () => undefined);
        const headersMs = performance.now() - started;
        let consumed = false;
        const body: AsyncIterable<Buffer> = {
          async *[Symbol.asyncIterator]() {
            if (consumed) throw new CcproxyError('INTERNAL', 'upstream body already consumed');
            consumed = true;
            try {
              for await (const chunk of stream) yield chunk as Buffer;
            } catch (error) {
              throw toUpstreamError(error, upstream.url);
            }
          },
        };
        const buffer = async (): Promise<Buffer> => {
          const chunks: Buffer[] = [];
          for await (const chunk of body) chunks.push(chunk);
          return Buffer.concat(chunks);
        };
        resolve({
          status: response.statusCode,
          headers: flattenHeaders(response.headers, Boolean(response.headers['content-encoding'])),
          headersMs,
          body,
          buffer,
          text: async () => (await buffer()).toString('utf8'),
          json: async () => {
            const raw = (await buffer()).toString('utf8');
            try {
              return JSON.parse(raw) as unknown;
            } catch {
              throw new CcproxyError('UPSTREAM_HTTP', `the upstream ${url.host} answered ${response.statusCode} with a body that is not JSON`, {
                details: { excerpt: raw.slice(0, 200) },
              });
            }
          },
          abort: () => stream.destroy(),
        });
      });
    });
  }

  return {
    request,
    close() {
      for (const pair of [agents.direct, agents.proxied]) {
        pair?.http.destroy();
        pair?.https.destroy();
      }
    },
  };
}
