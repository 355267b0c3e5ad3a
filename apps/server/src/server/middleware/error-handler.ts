import type { Context, Middleware as KoaMiddleware } from 'koa';
import { formatFromPath, type Logger } from '@ccproxy/core';
import type { AppState } from '../app-state.js';
import { errorBody, errorReply, type ErrorReply } from '../error-reply.js';

/** Renders an error as JSON in the caller's API format (core.md §10.7). */
export function writeError(ctx: Context & { state: AppState }, reply: ErrorReply): void {
  const format = ctx.state.rc?.clientFormat ?? formatFromPath(ctx.path);
  ctx.status = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
  ctx.type = 'application/json';
  ctx.body = errorBody(reply, format, ctx.state.rc);
}

/** Catches everything below it and answers in the caller's format (see `errorReply`). */
export function errorHandler(logger: Logger): KoaMiddleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (ctx.headerSent || !ctx.writable) {
        // Nothing can be rendered any more; the stream writer already ended the response.
        logger.warn({ request_id: ctx.state.rc?.id, err: error }, 'error_after_headers_sent');
        return;
      }
      writeError(ctx, errorReply(error, ctx.state.rc, logger));
    }
  };
}
