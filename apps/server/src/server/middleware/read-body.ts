import type { IncomingMessage } from 'node:http';
import type { Middleware as KoaMiddleware } from 'koa';
import { CcproxyError } from '@ccproxy/core';
import type { AppState } from '../app-state.js';

const EMPTY = Buffer.alloc(0);

function collect(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Drain the rest without keeping it, so the 413 can still be written on this socket.
        req.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
  });
}

/** Reads the raw body once, refusing more than `limit` bytes with 413 (before reading, when declared). */
export function readBody(limit: number): KoaMiddleware<AppState> {
  return async (ctx, next) => {
    if (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'OPTIONS') {
      ctx.state.rawBody = EMPTY;
      await next();
      return;
    }
    const tooLarge = () => {
      ctx.set('connection', 'close');
      return new CcproxyError('REQUEST_TOO_LARGE', `request body exceeds the ${limit} byte limit (server.max_body_bytes)`);
    };
    const declared = Number(ctx.get('content-length') || NaN);
    if (Number.isFinite(declared) && declared > limit) {
      ctx.req.resume();
      throw tooLarge();
    }
    const body = await collect(ctx.req, limit);
    if (body === 'too_large') throw tooLarge();
    ctx.state.rawBody = body;
    await next();
  };
}
