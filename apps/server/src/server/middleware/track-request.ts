import type { Middleware as KoaMiddleware } from 'koa';
import { formatFromPath, type ProxyHost, type RequestSummary } from '@ccproxy/core';
import { emptyDraft, requestIdFrom, type RequestContext } from '../request-context.js';
import type { AppState } from '../app-state.js';
import { redactHeaders } from '../redact.js';

/**
 * Outermost middleware: request id in and out, the request context, byte and first-byte
 * accounting, client-disconnect detection, and exactly one summary event when the response is
 * fully sent, failed, or the client went away.
 */
export function trackRequest(host: ProxyHost, inflight: Set<RequestContext>): KoaMiddleware<AppState> {
  return async (ctx, next) => {
    const { req, res } = ctx;
    const id = requestIdFrom(ctx.get('x-request-id') || undefined);
    const rc: RequestContext = {
      id,
      startedAt: Date.now(),
      t0: performance.now(),
      firstByteAt: undefined,
      bytesSent: 0,
      streaming: false,
      clientFormat: formatFromPath(ctx.path),
      owner: 'core',
      ownerKind: 'core',
      unhandledError: false,
      streamError: undefined,
      abort: new AbortController(),
      draft: emptyDraft(),
    };
    ctx.state.rc = rc;
    inflight.add(rc);
    ctx.set('x-request-id', id);

    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const count = (chunk: unknown) => {
      if (rc.firstByteAt === undefined) rc.firstByteAt = performance.now();
      if (typeof chunk === 'string') rc.bytesSent += Buffer.byteLength(chunk);
      else if (chunk instanceof Uint8Array) rc.bytesSent += chunk.byteLength;
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      count(chunk);
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== 'function') count(chunk);
      else if (rc.firstByteAt === undefined) rc.firstByteAt = performance.now();
      return (end as (...args: unknown[]) => typeof res)(chunk, ...rest);
    }) as typeof res.end;

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      inflight.delete(rc);
      const clientLeft = !res.writableFinished;
      if (clientLeft) rc.abort.abort();
      const closedBy: RequestSummary['closed_by'] = clientLeft ? 'client' : rc.streamError || rc.unhandledError ? 'error' : 'server';
      const summary: RequestSummary = {
        ...rc.draft,
        request_id: id,
        started_at: rc.startedAt,
        duration_ms: round(performance.now() - rc.t0),
        ttfb_ms: rc.firstByteAt === undefined ? null : round(rc.firstByteAt - rc.t0),
        method: ctx.method,
        path: ctx.path,
        query: ctx.querystring,
        client_ip: ctx.ip || req.socket.remoteAddress || 'unknown',
        user_agent: ctx.get('user-agent') || 'unknown',
        service_type: rc.ownerKind === 'provider' ? rc.owner : rc.ownerKind === 'core' ? 'core' : 'system',
        provider: rc.draft.provider ?? (rc.ownerKind === 'provider' ? rc.owner : null),
        client_format: rc.draft.client_format ?? rc.clientFormat ?? null,
        status: res.statusCode,
        bytes_sent: rc.bytesSent,
        streaming: rc.streaming,
        closed_by: closedBy,
        error: rc.draft.error ?? (clientLeft ? { type: 'client_disconnected', message: 'the client closed the connection before the response was complete' } : rc.streamError ? { type: 'stream_error', message: rc.streamError } : null),
      };
      host.finishRequest(summary, closedBy !== 'server');
    };
    res.once('close', finish);

    if (host.events.has('request.started')) {
      host.events.emit('request.started', { request_id: id, method: ctx.method, path: ctx.path, query: ctx.querystring, headers: redactHeaders(ctx.headers) });
    }
    await next();
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
