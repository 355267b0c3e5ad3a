import type { Context, Middleware as KoaMiddleware } from 'koa';
import { CcproxyError, errorResponseBody, formatFromPath, type Logger } from '@ccproxy/core';
import type { AppState } from '../app-state.js';

/** Renders an error as JSON in the caller's API format (core.md §10.7). */
export function writeError(ctx: Context & { state: AppState }, status: number, type: string, message: string, options: { details?: Record<string, unknown>; headers?: Record<string, string>; body?: unknown } = {}): void {
  const format = ctx.state.rc?.clientFormat ?? formatFromPath(ctx.path);
  ctx.status = status;
  for (const [name, value] of Object.entries(options.headers ?? {})) ctx.set(name, value);
  ctx.type = 'application/json';
  ctx.body = options.body ?? errorResponseBody(format, status, type, message, options.details);
  if (ctx.state.rc) ctx.state.rc.draft.error ??= { type, message };
}

/**
 * Catches everything below it. Our own errors keep their status, type and message; anything else
 * is a 500 with a generic message (details go to the log with the request id, never to the caller).
 */
export function errorHandler(logger: Logger): KoaMiddleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const rc = ctx.state.rc;
      if (ctx.headerSent || !ctx.writable) {
        // Nothing can be rendered any more; the stream writer already ended the response.
        logger.warn({ request_id: rc?.id, err: error }, 'error_after_headers_sent');
        return;
      }
      if (CcproxyError.is(error)) {
        const level = error.status >= 500 ? 'error' : error.status === 404 ? 'debug' : 'warn';
        logger[level]({ request_id: rc?.id, code: error.code, status: error.status, plugin: error.plugin, ...(level === 'error' ? { err: error } : {}), message: error.message }, 'request_error');
        writeError(ctx, error.status, error.type, error.message, {
          ...(error.details ? { details: error.details } : {}),
          ...(error.headers ? { headers: error.headers } : {}),
          ...(error.body === undefined ? {} : { body: error.body }),
        });
        return;
      }
      const status = (error as { status?: unknown }).status;
      const expose = (error as { expose?: unknown }).expose === true;
      if (typeof status === 'number' && status >= 400 && status < 500 && expose) {
        writeError(ctx, status, status === 404 ? 'not_found_error' : 'invalid_request_error', (error as Error).message);
        return;
      }
      if (rc) rc.unhandledError = true;
      logger.error({ request_id: rc?.id, err: error }, 'unhandled_request_error');
      writeError(ctx, 500, 'internal_server_error', 'An internal server error occurred');
    }
  };
}
