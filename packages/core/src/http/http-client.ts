import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { CcproxyError } from '../errors/ccproxy-error.js';
import type { HttpClient, UpstreamRequest, UpstreamResponse } from '../declaration/http-client.js';
import { bypassesProxy, createAgents } from './proxy-agents.js';
import { readableChunks } from './readable-chunks.js';
import { listenForAbort } from '../declaration/cancellation.js';

export interface HttpClientOptions {
  connectTimeoutMs: number;
  /** Non-streaming calls: total time, headers and body included. */
  requestTimeoutMs: number;
  /** Streaming calls: longest silence, before the headers and between two body chunks. */
  streamIdleTimeoutMs: number;
  env?: Record<string, string | undefined>;
}

export interface ClosableHttpClient extends HttpClient {
  close(): void;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

/** A parsed upstream URL, cached per URL string. */
interface Target {
  readonly secure: boolean;
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
  readonly host: string;
  readonly viaProxy: boolean;
}

/** Why we destroyed a request ourselves, so the error it raises maps to the right status. */
class TransportStop extends Error {
  constructor(readonly kind: 'timeout' | 'aborted', message: string) {
    super(message);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Maps transport errors to ours, so plugins and the app never depend on the transport. */
export function toUpstreamError(error: unknown, url: string): CcproxyError {
  if (CcproxyError.is(error)) return error;
  const host = safeHost(url);
  if (error instanceof TransportStop) {
    return error.kind === 'timeout'
      ? new CcproxyError('UPSTREAM_TIMEOUT', `the upstream ${host} did not answer in time (${error.message})`, { cause: error })
      : new CcproxyError('UPSTREAM_CONNECTION', `the request to ${host} was aborted`, { cause: error, type: 'request_aborted' });
  }
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code === 'ETIMEDOUT') return new CcproxyError('UPSTREAM_TIMEOUT', `the upstream ${host} did not answer in time`, { cause: error });
  if (CONNECTION_CODES.has(code) || (error as Error | undefined)?.message === 'aborted') {
    return new CcproxyError('UPSTREAM_CONNECTION', `could not reach the upstream ${host} (${code || 'connection closed'})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CcproxyError('UPSTREAM_CONNECTION', `upstream request to ${host} failed: ${message}`, { cause: error });
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function headerObject(headers: Readonly<Record<string, string>> | undefined, body: Uint8Array | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = { ...headers };
  if (body) out['content-length'] = body.byteLength;
  return out;
}

/** Methods Node sends a body-less request of with `content-length: 0` rather than none. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/**
 * The request headers as Node's raw list (`[name, value, ...]`), with the `host` and
 * `content-length` Node would add. Node validates a list once while writing the head, where an
 * object costs a `setHeader` per header first (~1 µs each; Claude Code identity is ~20 headers).
 */
function headerList(headers: Readonly<Record<string, string>> | undefined, body: Uint8Array | undefined, method: string, host: string): string[] {
  const list: string[] = [];
  let hasHost = false;
  for (const name in headers) {
    const value = headers[name] as string;
    if (name.length === 14 && name.toLowerCase() === 'content-length') continue;
    if (name.length === 4 && name.toLowerCase() === 'host') hasHost = true;
    list.push(name, value);
  }
  if (!hasHost) list.push('host', host);
  if (body) list.push('content-length', String(body.byteLength));
  else if (!BODYLESS_METHODS.has(method.toUpperCase())) list.push('content-length', '0');
  return list;
}

function decoderFor(encoding: string | undefined): NodeJS.ReadWriteStream | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * The one shared upstream client (core.md §13), on Node's own http/https with keep-alive agents:
 * proxy environment variables (HTTPS_PROXY, ALL_PROXY, HTTP_PROXY, NO_PROXY), no retries, no
 * redirects, 4xx/5xx returned as responses, separate timeouts for streaming (connect, idle) and
 * non-streaming (connect, total) calls, compressed bodies decoded.
 *
 * Why not got: on this project's benchmark got costs ~250 µs of CPU per upstream call, which alone
 * caps the proxy below half the throughput of a bare Node passthrough; this client costs ~30 µs.
 */
export function createHttpClient(options: HttpClientOptions): ClosableHttpClient {
  const agents = createAgents(options.env ?? process.env);
  // Providers call a handful of URLs: parse each once (URL parsing is a few µs per call).
  const targets = new Map<string, Target>();
  const targetOf = (url: string): Target => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { secure: parsed.protocol === 'https:', protocol: parsed.protocol, hostname: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port, path: `${parsed.pathname}${parsed.search}`, host: parsed.host, viaProxy: agents.proxied !== undefined && !bypassesProxy(parsed.hostname, agents.noProxy) };
      if (targets.size >= 256) targets.clear();
      targets.set(url, target);
    }
    return target;
  };

  function request(upstream: UpstreamRequest): Promise<UpstreamResponse> {
    const target = upstream.url;
    const started = performance.now();
    let url: Target;
    try {
      url = targetOf(target);
    } catch {
      return Promise.reject(new CcproxyError('UPSTREAM_CONNECTION', `invalid upstream URL: ${target}`));
    }
    const secure = url.secure;
    const pair = url.viaProxy && agents.proxied ? agents.proxied : agents.direct;
    const body = upstream.body === undefined ? undefined : typeof upstream.body === 'string' ? Buffer.from(upstream.body) : upstream.body;
    const method = upstream.method ?? 'GET';
    // A proxy agent rewrites the request line and adds headers when it gets the request: it needs
    // Node's header object. Direct calls hand Node the finished header list instead.
    const headers = url.viaProxy ? headerObject(upstream.headers, body) : headerList(upstream.headers, body, method, url.host);
    const totalMs = upstream.timeoutMs ?? options.requestTimeoutMs;
    const idleMs = options.streamIdleTimeoutMs;

    return new Promise<UpstreamResponse>((resolve, reject) => {
      const send = secure ? httpsRequest : httpRequest;
      const req: ClientRequest = send({
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: url.path,
        method,
        headers,
        agent: secure ? pair.https : pair.http,
      });
      let responded = false;
      let totalTimer: NodeJS.Timeout | undefined;
      // Why we destroyed the request, if we did: the response then only reports "aborted".
      let stopped: TransportStop | undefined;
      const stop = (kind: 'timeout' | 'aborted', message: string) => {
        stopped ??= new TransportStop(kind, message);
        req.destroy(stopped);
      };
      let stopListening = (): void => undefined;
      const cleanup = () => {
        if (totalTimer) clearTimeout(totalTimer);
        totalTimer = undefined;
        stopListening();
      };
      if (upstream.signal?.aborted) {
        stop('aborted', 'the caller went away');
      } else {
        stopListening = listenForAbort(upstream.signal, () => stop('aborted', 'the caller went away'));
      }
      if (!upstream.streaming) {
        totalTimer = setTimeout(() => stop('timeout', `no complete answer within ${totalMs} ms`), totalMs);
        totalTimer.unref();
      }
      // Streaming: inactivity on the socket (before the headers and between chunks). A
      // non-streaming call is bounded by its total timer alone.
      if (upstream.streaming) req.setTimeout(idleMs, () => stop('timeout', `no data for ${idleMs} ms`));
      req.once('socket', (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => stop('timeout', `no connection within ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);
        connectTimer.unref();
        socket.once('connect', () => clearTimeout(connectTimer));
        socket.once('close', () => clearTimeout(connectTimer));
      });
      req.on('error', (error) => {
        cleanup();
        if (!responded) reject(toUpstreamError(error, target));
      });

      req.once('response', (res: IncomingMessage) => {
        responded = true;
        const headersMs = performance.now() - started;
        const responseHeaders = flattenHeaders(res.headers);
        let source: Readable = res;
        const decoder = decoderFor(responseHeaders['content-encoding']);
        if (decoder) {
          delete responseHeaders['content-encoding'];
          delete responseHeaders['content-length'];
          source = res.pipe(decoder) as unknown as Readable;
          res.once('error', (error: Error) => (decoder as unknown as Readable).destroy(error));
        }
        // Errors surface through the body iterator; keep a listener so an abort while nobody
        // reads never becomes an unhandled 'error' event.
        source.on('error', () => undefined);
        res.once('end', cleanup);
        res.once('close', cleanup);

        let consumed = false;
        const bodyIterable: AsyncIterable<Buffer> = {
          [Symbol.asyncIterator]() {
            if (consumed) throw new CcproxyError('INTERNAL', 'upstream body already consumed');
            consumed = true;
            return readableChunks(source, {
              onEnd: () => (res.complete ? undefined : toUpstreamError(stopped ?? new Error('aborted'), target)),
              mapError: (error) => toUpstreamError(stopped ?? error, target),
            });
          },
        };
        const buffer = async (): Promise<Buffer> => {
          const chunks: Buffer[] = [];
          for await (const chunk of bodyIterable) chunks.push(chunk);
          return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        };
        resolve({
          status: res.statusCode ?? 502,
          headers: responseHeaders,
          headersMs,
          body: bodyIterable,
          buffer,
          text: async () => (await buffer()).toString('utf8'),
          json: async () => {
            const raw = (await buffer()).toString('utf8');
            try {
              return JSON.parse(raw) as unknown;
            } catch {
              throw new CcproxyError('UPSTREAM_HTTP', `the upstream ${url.host} answered ${res.statusCode ?? '?'} with a body that is not JSON`, {
                details: { excerpt: raw.slice(0, 200) },
              });
            }
          },
          abort: () => {
            cleanup();
            stop('aborted', 'closed by the proxy');
          },
        });
      });
      req.end(body);
    });
  }

  return {
    request,
    close() {
      agents.destroy();
    },
  };
}
