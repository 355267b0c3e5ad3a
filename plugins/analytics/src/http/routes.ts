import { randomUUID } from 'node:crypto';
import { CcproxyError, eventStream, json, serializeSse, sseComment, type ProxyRequest, type ProxyResponse, type RouteSpec } from '@ccproxy/core';
import type { AnalyticsRuntime } from '../runtime.js';
import type { AnalyticsStore, LogFilter } from '../store/types.js';
import { decodeCursor, encodeCursor, type SortOrder } from './cursor.js';
import { parseFilter, QueryParams } from './params.js';
import { assertResetAllowed } from './reset-guard.js';
import { rowJson } from './row-json.js';
import { analyticsBody, BUCKETS, pickBucket } from './analytics-body.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;


async function requireStore(runtime: AnalyticsRuntime): Promise<AnalyticsStore> {
  const store = runtime.holder.current ?? (await runtime.holder.get());
  if (store) return store;
  const status = runtime.holder.status();
  throw new CcproxyError('SERVICE_UNAVAILABLE', `analytics database unavailable: ${status.error ?? 'not open yet'}`);
}

/** Storage failures are logged with the request id; the caller gets a generic message (no SQL text). */
async function guarded<T>(runtime: AnalyticsRuntime, request: ProxyRequest, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (CcproxyError.is(error)) throw error;
    runtime.logger.error({ request_id: request.id, err: error }, `analytics_${what}_failed`);
    throw new CcproxyError('INTERNAL', `analytics ${what} failed (request id ${request.id}; details are in the server log)`);
  }
}

async function handleQuery(request: ProxyRequest, runtime: AnalyticsRuntime): Promise<ProxyResponse> {
  const params = new QueryParams(request.query);
  const limit = params.int('limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
  const order: SortOrder = params.choice('order', ['asc', 'desc'] as const) ?? 'desc';
  const rawCursor = params.raw('cursor');
  const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor, order);
  const filter = parseFilter(params);
  const store = await requireStore(runtime);
  const page = await guarded(runtime, request, 'query', () =>
    store.query(filter, {
      order,
      limit,
      ...(cursor?.kind === 'seq' ? { afterSeq: cursor.seq } : {}),
      ...(cursor?.kind === 'legacy' ? { legacyTsMs: cursor.tsMs } : {}),
    }),
  );
  const last = page.rows.at(-1);
  const nextCursor = last ? encodeCursor(last.seq, order) : cursor?.kind === 'seq' ? (rawCursor ?? null) : null;
  return json({
    results: page.rows.map(rowJson),
    limit,
    count: page.rows.length,
    order,
    cursor: rawCursor ?? null,
    next_cursor: nextCursor,
    has_more: page.hasMore,
    query_time: Date.now() / 1000,
    backend: store.backend,
  });
}

async function handleAnalytics(request: ProxyRequest, runtime: AnalyticsRuntime): Promise<ProxyResponse> {
  const params = new QueryParams(request.query);
  const hours = params.int('hours', 1, 168) ?? 24;
  const bucketName = params.choice('bucket', ['auto', 'minute', 'hour', 'day'] as const) ?? 'auto';
  let filter: LogFilter = parseFilter(params);
  const now = Date.now();
  if (filter.startMs === undefined && filter.endMs === undefined) filter = { ...filter, startMs: now - hours * BUCKETS.hour, endMs: now };
  const bucket = pickBucket(bucketName, filter.startMs, filter.endMs ?? now);
  const store = await requireStore(runtime);
  const result = await guarded(runtime, request, 'analytics', () => store.aggregate(filter, { bucketMs: BUCKETS[bucket] }));
  return json(
    analyticsBody(result, { bucket, filter, now, backend: store.backend, pricingVersion: runtime.prices.version, queryParams: Object.fromEntries(request.query.entries()) }),
  );
}

function handleStream(request: ProxyRequest, runtime: AnalyticsRuntime): ProxyResponse {
  if (!runtime.config.stream_enabled) throw new CcproxyError('SERVICE_UNAVAILABLE', 'the live log stream is disabled (plugins.analytics.stream_enabled = false)');
  if (runtime.live.closing) throw new CcproxyError('SERVICE_UNAVAILABLE', 'the server is shutting down');
  const params = new QueryParams(request.query);
  const filter = parseFilter(params);
  const subscription = runtime.live.subscribe(filter, runtime.config.stream_client_queue_max);
  const connectionId = randomUUID();
  const heartbeatMs = runtime.config.stream_heartbeat_seconds * 1000;
  // Ends when the client leaves (request.signal) or the server announces its shutdown (subscription closed).
  const signal = AbortSignal.any([request.signal, runtime.signal]);
  async function* events(): AsyncGenerator<string> {
    try {
      yield serializeSse({ event: 'connected', data: JSON.stringify({ connection_id: connectionId, filters: Object.fromEntries(request.query.entries()) }) });
      for (;;) {
        const outcome = await subscription.wait(heartbeatMs, signal);
        if (outcome === 'closed') {
          if (subscription.reason === 'shutdown') yield serializeSse({ event: 'disconnect', data: JSON.stringify({ reason: 'server_shutdown' }) });
          return;
        }
        if (outcome === 'timeout') {
          yield sseComment('ping');
          continue;
        }
        const { rows, dropped } = subscription.take();
        if (dropped > 0) yield serializeSse({ event: 'overflow', data: JSON.stringify({ dropped }) });
        for (const row of rows) yield serializeSse({ event: 'log', id: row.request_id.replace(/[\r\n]/g, ''), data: JSON.stringify(rowJson(row)) });
      }
    } finally {
      subscription.close();
    }
  }
  return eventStream(events());
}

async function handleReset(request: ProxyRequest, runtime: AnalyticsRuntime): Promise<ProxyResponse> {
  assertResetAllowed(request, runtime.settings);
  const params = new QueryParams(request.query);
  const before = params.epochMs('before');
  const store = await requireStore(runtime);
  // Rows of requests that finished before the reset are deleted too.
  await runtime.queue.flush();
  const deleted = await guarded(runtime, request, 'reset', () => store.deleteBefore(before ?? null));
  runtime.logger.info({ deleted, before: before === undefined ? null : before / 1000 }, 'analytics_reset');
  return json({
    status: 'success',
    message: before === undefined ? 'All logs data has been reset' : `Logs data before ${new Date(before).toISOString()} has been deleted`,
    timestamp: Date.now() / 1000,
    backend: store.backend,
    deleted,
  });
}

async function handleHealth(_request: ProxyRequest, runtime: AnalyticsRuntime): Promise<ProxyResponse> {
  const report = await runtime.healthReport();
  return json({ ...report }, report.status === 'unavailable' ? 503 : 200);
}

/** `/logs/*`, behind the proxy access token (the default route auth). */
export const logsRoutes: RouteSpec<AnalyticsRuntime> = {
  prefix: '/logs',
  auth: 'required',
  routes: [
    { method: 'GET', path: '/query', handler: handleQuery },
    { method: 'GET', path: '/analytics', handler: handleAnalytics },
    { method: 'GET', path: '/stream', handler: handleStream },
    { method: 'POST', path: '/reset', handler: handleReset },
    { method: 'GET', path: '/health', handler: handleHealth },
  ],
};
