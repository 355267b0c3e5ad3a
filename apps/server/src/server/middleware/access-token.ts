import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Middleware as KoaMiddleware } from 'koa';
import { CcproxyError } from '@ccproxy/core';
import type { AppState } from '../app-state.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Throws unless the request carries the proxy token; `undefined` when no token is configured. */
export type AccessCheck = (headers: IncomingHttpHeaders, method: string | undefined) => void;

/**
 * The proxy access token (decision 11): `x-api-key` (what the Anthropic SDK sends) or
 * `Authorization: Bearer`. When `x-api-key` is present only it is checked. Constant-time compare.
 */
export function accessTokenCheck(token: string | null): AccessCheck | undefined {
  if (!token) return undefined;
  const expected = digest(token);
  return (headers, method) => {
    if (method === 'OPTIONS') return;
    const apiKey = headers['x-api-key'];
    let presented: string | undefined;
    if (typeof apiKey === 'string' && apiKey) presented = apiKey;
    else presented = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
    const replyHeaders = { 'www-authenticate': 'Bearer' };
    if (!presented) throw new CcproxyError('AUTHENTICATION_REQUIRED', 'Authentication required: send the proxy token as "x-api-key" or "Authorization: Bearer <token>"', { headers: replyHeaders });
    if (!timingSafeEqual(digest(presented), expected)) throw new CcproxyError('AUTHENTICATION_FAILED', 'Invalid authentication credentials', { headers: replyHeaders });
  };
}

/** The access token as Koa middleware (core routes). */
export function requireAccessToken(token: string | null): KoaMiddleware<AppState> {
  const check = accessTokenCheck(token);
  return async (ctx, next) => {
    check?.(ctx.headers, ctx.method);
    await next();
  };
}
