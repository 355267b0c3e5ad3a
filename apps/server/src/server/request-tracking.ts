import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCancellation, emptySummaryDraft, formatFromPath, type ProxyHost, type RequestSummary } from '@ccproxy/core';
import { requestIdFrom, type RequestContext } from './request-context.js';
import { redactHeaders } from './redact.js';

/**
 * Starts the bookkeeping of one request on the raw Node objects, whichever lane serves it (the
 * direct plugin-route lane or Koa): request id in and out, byte and first-byte accounting,
 * client-disconnect detection, and exactly one summary event when the response is fully sent,
 * failed, or the client went away.
 */
/** A request target split at its `?` (no decoding; as Koa's `ctx.path` and `ctx.querystring`). */
export function splitTarget(url: string | undefined): { path: string; query: string } {
  const target = url ?? '/';
  const queryAt = target.indexOf('?');
  return queryAt === -1 ? { path: target, query: '' } : { path: target.slice(0, queryAt), query: target.slice(queryAt + 1) };
}

export function beginRequest(host: ProxyHost, inflight: Set<RequestContext>, req: IncomingMessage, res: ServerResponse, path: string): RequestContext {
  const header = req.headers['x-request-id'];
  const id = requestIdFrom(typeof header === 'string' && header ? header : undefined);
  let controller: AbortController | undefined;
  // Aborted exactly when the client left before the response was complete.
  const gone = createCancellation();
  const rc: RequestContext = {
    id,
    startedAt: Date.now(),
    t0: performance.now(),
    firstByteAt: undefined,
    bytesSent: 0,
    streaming: false,
    clientFormat: formatFromPath(path),
    owner: 'core',
    ownerKind: 'core',
    unhandledError: false,
    streamError: undefined,
    get signal() {
      if (!controller) {
        const created = new AbortController();
        controller = created;
        if (gone.cancellation.aborted) created.abort();
        else gone.cancellation.onAbort(() => created.abort());
      }
      return controller.signal;
    },
    cancellation: gone.cancellation,
    get clientGone() {
      return gone.cancellation.aborted;
    },
    draft: emptySummaryDraft(),
  };
  inflight.add(rc);
  // `x-request-id` goes out with the response head (see plugin-routes/write-response.ts, and
  // the Koa lane's trackRequest): one writeHead is cheaper than a setHeader per header.

  res.once('close', () => {
    inflight.delete(rc);
    const clientGone = !res.writableFinished;
    // Buffered plugin responses record their size; Koa's carry it in their content-length.
    if (!rc.streaming && rc.bytesSent === 0) rc.bytesSent = Number(res.getHeader('content-length') ?? 0);
    if (clientGone) gone.abort();
    // Build the summary only for someone: the default plugins listen, a bare embedder may not.
    if (host.events.has('request.completed') || host.events.has('request.failed')) host.finishRequest(summarize(req, res, rc), clientGone || rc.streamError !== undefined || rc.unhandledError);
  });

  if (host.events.has('request.started')) {
    host.events.emit('request.started', { request_id: id, method: req.method ?? 'GET', path, query: splitTarget(req.url).query, headers: redactHeaders(req.headers) });
  }
  return rc;
}

function summarize(req: IncomingMessage, res: ServerResponse, rc: RequestContext): RequestSummary {
  const draft = rc.draft;
  const { path, query } = splitTarget(req.url);
  const closedBy: RequestSummary['closed_by'] = rc.clientGone ? 'client' : rc.streamError || rc.unhandledError ? 'error' : 'server';
  // One literal with every field (no spread): a fixed object shape stays fast to build and read.
  return {
    request_id: rc.id,
    started_at: rc.startedAt,
    duration_ms: round(performance.now() - rc.t0),
    ttfb_ms: rc.firstByteAt === undefined ? null : round(rc.firstByteAt - rc.t0),
    method: req.method ?? 'GET',
    path,
    query,
    client_ip: req.socket.remoteAddress ?? 'unknown',
    user_agent: req.headers['user-agent'] ?? 'unknown',
    service_type: rc.ownerKind === 'provider' ? rc.owner : rc.ownerKind === 'core' ? 'core' : 'system',
    provider: draft.provider ?? (rc.ownerKind === 'provider' ? rc.owner : null),
    endpoint: draft.endpoint,
    client_format: draft.client_format ?? rc.clientFormat ?? null,
    upstream_format: draft.upstream_format,
    model_requested: draft.model_requested,
    model_sent: draft.model_sent,
    usage: draft.usage,
    cost_usd: draft.cost_usd,
    upstream: draft.upstream,
    status: res.statusCode,
    bytes_sent: rc.bytesSent,
    streaming: rc.streaming,
    closed_by: closedBy,
    error:
      draft.error ??
      (rc.clientGone
        ? { type: 'client_disconnected', message: 'the client closed the connection before the response was complete' }
        : rc.streamError
          ? { type: 'stream_error', message: rc.streamError }
          : null),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
