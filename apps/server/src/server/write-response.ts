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
export function writeResponse(ctx: Context & { state: AppState }, response: ProxyResponse, logger: Logger): void {
  const rc = ctx.state.rc;
  ctx.status = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) ctx.set(name, value);
  }
  const body = response.body;
  if (body === undefined || body === null) {
    ctx.body = null;
    if (response.status !== 204 && response.status !== 304) ctx.body = '';
    return;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    ctx.body = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return;
  }
  if (body instanceof Readable || isAsyncIterable(body)) {
    rc.streaming = response.streaming ?? true;
    const source = body;
    const guarded = async function* () {
      try {
        for await (const chunk of source) {
          if (rc.abort.signal.aborted) return;
          yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        }
      } catch (error) {
        rc.streamError = (error as Error).message || String(error);
        logger.warn({ request_id: rc.id, err: error }, 'stream_failed_after_headers');
      }
    };
    const readable = Readable.from(guarded(), { objectMode: false });
    ctx.req.socket.setNoDelay(true);
    ctx.body = readable;
    return;
  }
  ctx.body = body;
}
