import type { IncomingMessage, ServerResponse } from 'node:http';
import { CcproxyError } from '@ccproxy/core';

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
export async function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return EMPTY;
  const tooLarge = () => {
    res.setHeader('connection', 'close');
    return new CcproxyError('REQUEST_TOO_LARGE', `request body exceeds the ${limit} byte limit (server.max_body_bytes)`);
  };
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const body = await collect(req, limit);
  if (body === 'too_large') throw tooLarge();
  return body;
}
