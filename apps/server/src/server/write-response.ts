import { Readable } from 'node:stream';
import type { Context } from 'koa';
import type { Logger, ProxyResponse } from '@ccproxy/core';
import type { AppState } from './app-state.js';

/** Headers that describe one hop and must not be copied from an upstream to our client. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'content-length', 'content-encoding']);

function isAsyncIterable(value: unknown): value is AsyncIterable<string | Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Writes a plugin's response into Koa. Streaming bodies are relayed chunk by chunk (never buffered);
 * a stream that fails after the headers went out is ended cleanly and recorded for the summary.
 */
export function writeResponse(ctx: Context & { state: AppState }, response: ProxyResponse, logger: Logger): Promise<void> | undefined {
  const rc = ctx.state.rc;
  ctx.status = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) ctx.set(name, value);
  }
  const body = response.body;
  if (body === undefined || body === null) {
    ctx.body = null;
    if (response.status !== 204 && response.status !== 304) ctx.body = '';
    return undefined;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    ctx.body = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return undefined;
  }
  if (body instanceof Readable || isAsyncIterable(body)) {
    rc.streaming = response.streaming ?? true;
    return pump(ctx, body, logger);
  }
  ctx.body = body;
  return undefined;
}

/**
 * Relays a stream to the client ourselves instead of handing Koa a Readable: each chunk is written
 * as it comes (with backpressure), and no per-response pipeline machinery is created (Node's
 * stream.pipeline allocates an AbortController and a DOMException per response). A client that
 * leaves stops the source, which lets the provider abort its upstream call; a source that fails
 * after the headers went out is recorded for the summary and the response ended cleanly.
 */
async function pump(ctx: Context & { state: AppState }, source: AsyncIterable<string | Uint8Array> | Readable, logger: Logger): Promise<void> {
  const rc = ctx.state.rc;
  const res = ctx.res;
  ctx.respond = false;
  if (!res.hasHeader('server')) res.setHeader('server', 'ccproxy');
  res.statusCode = ctx.status;
  ctx.req.socket.setNoDelay(true);
  res.flushHeaders();
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
      if (!res.write(chunk)) await drained(res);
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

function drained(res: Context['res']): Promise<void> {
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
