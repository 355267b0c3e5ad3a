import type { Middleware as KoaMiddleware } from 'koa';
import type { ProxyHost } from '@ccproxy/core';
import type { RequestContext } from '../request-context.js';
import type { AppState } from '../app-state.js';
import { beginRequest } from '../request-tracking.js';

/** Outermost Koa middleware: the request's bookkeeping (see `beginRequest`) for the Koa lane. */
export function trackRequest(host: ProxyHost, inflight: Set<RequestContext>): KoaMiddleware<AppState> {
  return async (ctx, next) => {
    const rc = beginRequest(host, inflight, ctx.req, ctx.res, ctx.path);
    ctx.state.rc = rc;
    ctx.set('x-request-id', rc.id);
    await next();
    // Koa writes a buffered body right after the middleware returns; a stream notes its first chunk itself.
    rc.firstByteAt ??= performance.now();
  };
}
