import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware as KoaMiddleware } from 'koa';
import { CcproxyError } from '@ccproxy/core';
import type { AppState } from '../app-state.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The proxy access token (decision 11): `x-api-key` (what the Anthropic SDK sends) or
 * `Authorization: Bearer`. When `x-api-key` is present only it is checked. Constant-time compare.
 */
export function requireAccessToken(token: string | null): KoaMiddleware<AppState> {
  if (!token) return async (_ctx, next) => {
    await next();
  };
  const expected = digest(token);
  return async (ctx, next) => {
    if (ctx.method === 'OPTIONS') {
      await next();
      return;
    }
    const apiKey = ctx.get('x-api-key');
    const authorization = ctx.get('authorization');
    let presented: string | undefined;
    if (apiKey) presented = apiKey;
    else {
      const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
      presented = match?.[1];
    }
    const headers = { 'www-authenticate': 'Bearer' };
    if (!presented) throw new CcproxyError('AUTHENTICATION_REQUIRED', 'Authentication required: send the proxy token as "x-api-key" or "Authorization: Bearer <token>"', { headers });
    if (!timingSafeEqual(digest(presented), expected)) throw new CcproxyError('AUTHENTICATION_FAILED', 'Invalid authentication credentials', { headers });
    await next();
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/** Refuses clients that are not on this machine (approval routes and the like). */
export function requireLoopback(): KoaMiddleware<AppState> {
  return async (ctx, next) => {
    if (!isLoopbackAddress(ctx.req.socket.remoteAddress)) {
      throw new CcproxyError('PERMISSION_DENIED', 'this route only answers clients on this machine (loopback)');
    }
    await next();
  };
}
