import type { RequestContext } from './request-context.js';

/** Koa `ctx.state` of this app: typed, no `any` bag. */
export interface AppState {
  rc: RequestContext;
  rawBody?: Buffer;
}
