import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Logger, ProxyResponse } from '@ccproxy/core';
import type { RequestContext } from '../request-context.js';

/** Headers that describe one hop and must not be copied from an upstream to our client. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'content-length', 'content-encoding']);

function isAsyncIterable(value: unknown): value is AsyncIterable<string | Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** A buffered body and the content type it implies (the same defaults Koa applies). */
function payloadOf(body: Exclude<ProxyResponse['body'], undefined | null | Readable | AsyncIterable<string | Uint8Array>>): { bytes: Buffer; type: string } {
  if (typeof body === 'string') return { bytes: Buffer.from(body), type: /^\s*</.test(body) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength), type: 'application/octet-stream' };
  return { bytes: Buffer.from(JSON.stringify(body)), type: 'application/json; charset=utf-8' };
}

/**
 * Writes a plugin's response on the Node response. Buffered bodies go out in one write with their
 * length; streaming bodies are relayed chunk by chunk (never buffered); a stream that fails after
 * the headers went out is ended cleanly and recorded for the summary.
 */
export function writeResponse(res: ServerResponse, rc: RequestContext, response: ProxyResponse, head: boolean, logger: Logger): Promise<void> | undefined {
  const out = responseHead(res, rc, response.headers);
  const body = response.body;
  if (body instanceof Readable || isAsyncIterable(body)) {
    rc.streaming = response.streaming ?? true;
    res.writeHead(response.status, out);
    return pump(res, rc, body, logger);
  }
  rc.firstByteAt ??= performance.now();
  if (response.status === 204 || response.status === 304) {
    delete out['content-type'];
    res.writeHead(response.status, out);
    res.end();
    return undefined;
  }
  const { bytes, type } = payloadOf(body ?? '');
  if (out['content-type'] === undefined && !res.hasHeader('content-type') && bytes.byteLength > 0) out['content-type'] = type;
  out['content-length'] = bytes.byteLength;
  rc.bytesSent = bytes.byteLength;
  res.writeHead(response.status, out);
  res.end(head ? undefined : bytes);
  return undefined;
}

/**
 * The response head as one object for `writeHead` (no setHeader per header): the plugin's headers
 * minus hop-by-hop ones, our request id, and `server` unless someone set it.
 */
export function responseHead(res: ServerResponse, rc: RequestContext, headers: Readonly<Record<string, string>> | undefined): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  if (headers) {
    for (const name in headers) {
      const lower = name.toLowerCase();
      if (!HOP_BY_HOP.has(lower)) out[lower] = headers[name];
    }
  }
  out['x-request-id'] = rc.id;
  if (out['server'] === undefined && !res.hasHeader('server')) out['server'] = 'ccproxy';
  return out;
}

/**
 * Relays a stream to the client ourselves: each chunk is written as it comes (with backpressure),
 * and no per-response pipeline machinery is created (Node's stream.pipeline allocates an
 * AbortController and a DOMException per response). A client that leaves stops the source, which
 * lets the provider abort its upstream call; a source that fails after the headers went out is
 * recorded for the summary and the response ended cleanly.
 */
async function pump(res: ServerResponse, rc: RequestContext, source: AsyncIterable<string | Uint8Array> | Readable, logger: Logger): Promise<void> {
  res.socket?.setNoDelay(true);
  // Writes of one event-loop turn leave in one syscall: the headers with the first chunk, the
  // last chunk with the end of the body. Without this a short stream costs N + 2 socket writes.
  let corked = false;
  let wrote = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  const write = (chunk: string | Uint8Array): boolean => {
    wrote = true;
    if (!corked) {
      corked = true;
      res.cork();
      setImmediate(uncork);
    }
    return res.write(chunk);
  };
  // The headers wait for the first chunk only while it is already on its way (same turn).
  setImmediate(() => {
    if (!wrote && !res.writableEnded) res.flushHeaders();
  });
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<string | Uint8Array>;
  // Resolves when the client leaves, so a source waiting for its next chunk cannot hold us.
  const gone = new Promise<IteratorResult<string | Uint8Array>>((resolve) => {
    if (rc.clientGone) resolve({ done: true, value: undefined });
    else res.once('close', () => resolve({ done: true, value: undefined }));
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), gone]);
      if (next.done || rc.clientGone) break;
      const chunk = next.value;
      rc.firstByteAt ??= performance.now();
      rc.bytesSent += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (!write(chunk)) await drained(res);
      if (rc.clientGone) break;
    }
  } catch (error) {
    // After a client disconnect the source fails because its upstream was aborted: not an error.
    if (!rc.clientGone) {
      rc.streamError = (error as Error).message || String(error);
      logger.warn({ request_id: rc.id, err: error }, 'stream_failed_after_headers');
    }
  } finally {
    // Stop the source (runs the provider's cleanup: upstream abort, stream-end events); do not
    // wait for it, a source blocked on its next chunk finishes when its own signal fires.
    if (rc.clientGone) void iterator.return?.(undefined)?.catch(() => undefined);
    if (!res.writableEnded) res.end();
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
