import type { ServerResponse } from 'node:http';
import { CcproxyError, errorResponseBody, type FormatId, type Logger } from '@ccproxy/core';
import type { RequestContext } from './request-context.js';
import { responseHead } from './plugin-routes/write-response.js';

/** What the caller gets for an error, before it is rendered in the caller's API format. */
export interface ErrorReply {
  status: number;
  type: string;
  message: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** A body given verbatim (an upstream error already in the caller's format). */
  body?: unknown;
}

/**
 * Classifies a thrown error and logs it. Our own errors keep their status, type and message;
 * client errors raised by Koa keep theirs; anything else is a 500 with a generic message (details
 * go to the log with the request id, never to the caller).
 */
export function errorReply(error: unknown, rc: RequestContext | undefined, logger: Logger): ErrorReply {
  if (CcproxyError.is(error)) {
    const level = error.status >= 500 ? 'error' : error.status === 404 ? 'debug' : 'warn';
    logger[level]({ request_id: rc?.id, code: error.code, status: error.status, plugin: error.plugin, ...(level === 'error' ? { err: error } : {}), message: error.message }, 'request_error');
    return {
      status: error.status,
      type: error.type,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      ...(error.headers ? { headers: error.headers } : {}),
      ...(error.body === undefined ? {} : { body: error.body }),
    };
  }
  const status = (error as { status?: unknown }).status;
  const expose = (error as { expose?: unknown }).expose === true;
  if (typeof status === 'number' && status >= 400 && status < 500 && expose) {
    return { status, type: status === 404 ? 'not_found_error' : 'invalid_request_error', message: (error as Error).message };
  }
  if (rc) rc.unhandledError = true;
  logger.error({ request_id: rc?.id, err: error }, 'unhandled_request_error');
  return { status: 500, type: 'internal_server_error', message: 'An internal server error occurred' };
}

/** The JSON body of an error reply in the caller's format; records the error for the summary. */
export function errorBody(reply: ErrorReply, format: FormatId | undefined, rc: RequestContext | undefined): unknown {
  if (rc) rc.draft.error ??= { type: reply.type, message: reply.message };
  return reply.body ?? errorResponseBody(format, reply.status, reply.type, reply.message, reply.details);
}

/** Writes an error reply on a raw response (the direct lane). */
export function sendError(res: ServerResponse, rc: RequestContext, reply: ErrorReply, head: boolean): void {
  const payload = Buffer.from(JSON.stringify(errorBody(reply, rc.clientFormat, rc)));
  const out = responseHead(res, rc, reply.headers);
  out['content-type'] = 'application/json; charset=utf-8';
  out['content-length'] = payload.byteLength;
  rc.firstByteAt ??= performance.now();
  rc.bytesSent = payload.byteLength;
  res.writeHead(reply.status, out);
  res.end(head ? undefined : payload);
}
