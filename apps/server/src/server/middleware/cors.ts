import type { Middleware as KoaMiddleware } from 'koa';
import type { Settings } from '@ccproxy/core';
import type { AppState } from '../app-state.js';

/**
 * CORS as core.md §10.6 recommends: exact origins plus a regex (localhost on any port by default),
 * the specific origin echoed (never `*` with credentials), preflights answered before auth.
 */
export function cors(settings: Settings['cors']): KoaMiddleware<AppState> {
  const exact = new Set(settings.origins);
  const pattern = settings.origin_regex ? new RegExp(settings.origin_regex) : undefined;
  const allowMethods = settings.methods.join(', ');
  const allowHeaders = settings.headers.join(', ');
  const exposeHeaders = settings.expose_headers.join(', ');
  const allowed = (origin: string) => exact.has('*') || exact.has(origin) || (pattern?.test(origin) ?? false);

  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (!origin || !allowed(origin)) {
      if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
        ctx.status = 204;
        return;
      }
      await next();
      return;
    }
    ctx.vary('Origin');
    ctx.set('access-control-allow-origin', origin);
    if (settings.credentials) ctx.set('access-control-allow-credentials', 'true');
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('access-control-allow-methods', allowMethods);
      ctx.set('access-control-allow-headers', ctx.get('access-control-request-headers') && settings.headers.includes('*') ? ctx.get('access-control-request-headers') : allowHeaders);
      ctx.set('access-control-max-age', String(settings.max_age));
      ctx.status = 204;
      return;
    }
    if (exposeHeaders) ctx.set('access-control-expose-headers', exposeHeaders);
    await next();
  };
}
