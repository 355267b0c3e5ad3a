// Test helpers for plugin authors: boot plugins without an HTTP server, capture events, stay quiet.
import { createProxy, type ProxyHost } from '../create-proxy.js';
import type { AnyPluginFactory, PluginRegistration } from '../declaration/define-plugin.js';
import type { Logger, LogFn } from '../declaration/logger.js';
import { emptySummaryDraft, type ProxyEventMap, type ProxyEventName } from '../declaration/events.js';
import type { EventBus } from '../declaration/events.js';
import { settingsSchema, type SettingsInput } from '../settings/settings-schema.js';
import { CcproxyError } from '../errors/ccproxy-error.js';
import type { HttpMethod, ProxyRequest, ProxyResponse } from '../declaration/http.js';
import type { StateKey } from '../declaration/state-key.js';
import { cancellationOf } from '../declaration/cancellation.js';

export interface LogRecord {
  level: string;
  message: string | undefined;
  fields: Record<string, unknown>;
}

/** A logger that records every line in memory (and prints nothing). */
export function memoryLogger(bindings: Record<string, unknown> = {}, records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const make = (level: string): LogFn =>
    ((first: string | Record<string, unknown>, second?: string) => {
      if (typeof first === 'string') records.push({ level, message: first, fields: { ...bindings } });
      else records.push({ level, message: second, fields: { ...bindings, ...first } });
    });
  return {
    records,
    trace: make('trace'),
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    fatal: make('fatal'),
    child: (more) => memoryLogger({ ...bindings, ...more }, records),
  };
}

export interface TestHostOptions {
  plugins: readonly (AnyPluginFactory | PluginRegistration)[];
  settings?: SettingsInput;
  env?: Record<string, string | undefined>;
  timeouts?: { initMs?: number; healthMs?: number; shutdownMs?: number };
}

/** Boots plugins through the real registry and runtime, without Koa. Call `stop()` when done. */
export async function createTestHost(options: TestHostOptions): Promise<ProxyHost & { logger: Logger & { records: LogRecord[] } }> {
  const logger = memoryLogger();
  const host = await createProxy({
    settings: settingsSchema.parse(options.settings ?? {}),
    plugins: options.plugins,
    logger,
    env: options.env ?? {},
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  await host.start();
  return Object.assign(host, { logger });
}

/**
 * Collects every payload of an event. `next()` resolves with the oldest payload not yet taken
 * by `next()` (waiting for one if none is buffered), so no event is missed between calls.
 */
export function collectEvents<E extends ProxyEventName>(events: EventBus, event: E): { readonly items: ProxyEventMap[E][]; next(timeoutMs?: number): Promise<ProxyEventMap[E]>; stop(): void } {
  const items: ProxyEventMap[E][] = [];
  let taken = 0;
  let waiters: (() => void)[] = [];
  const stop = events.on(event, (payload) => {
    items.push(payload);
    const pending = waiters;
    waiters = [];
    for (const wake of pending) wake();
  });
  return {
    items,
    stop,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= items.length) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no ${event} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return items[taken++] as ProxyEventMap[E];
    },
  };
}

export interface CallRouteOptions {
  body?: string | Buffer | Record<string, unknown>;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls a plugin route of a test host directly, without HTTP: finds the route by method and
 * path (`:param` segments supported), builds the `ProxyRequest` the app would, and returns the
 * handler's `ProxyResponse`. For plugin unit tests; end-to-end tests should go through the app.
 */
export async function callRoute(host: ProxyHost, method: HttpMethod, path: string, options: CallRouteOptions = {}): Promise<ProxyResponse & { request: ProxyRequest }> {
  for (const route of host.plugins.routes()) {
    if (!route.methods.includes(method)) continue;
    const params = matchPath(`${route.prefix}${route.path === '/' ? '' : route.path}` || '/', path);
    if (!params) continue;
    const rawBody = options.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(options.body) ? options.body : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
    const values = new Map<symbol, unknown>();
    const signal = options.signal ?? new AbortController().signal;
    const request: ProxyRequest = {
      id: crypto.randomUUID().slice(0, 8),
      method,
      path,
      routePath: path.slice(route.prefix.length) || '/',
      query: new URLSearchParams(options.query ?? {}),
      params,
      headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      rawBody,
      json<T>() {
        try {
          return JSON.parse(rawBody.toString('utf8')) as T;
        } catch (error) {
          throw new CcproxyError('INVALID_REQUEST', `the request body is not valid JSON: ${(error as Error).message}`);
        }
      },
      signal,
      cancellation: cancellationOf(signal),
      remoteAddress: '127.0.0.1',
      state: {
        get: <T>(key: StateKey<T>) => values.get(key.id) as T | undefined,
        set: <T>(key: StateKey<T>, value: T) => void values.set(key.id, value),
        has: (key) => values.has(key.id),
      },
      summary: emptySummaryDraft(),
      clientFormat: route.format,
    };
    return { ...(await route.handle(request)), request };
  }
  throw new CcproxyError('NOT_FOUND', `no plugin route for ${method} ${path}`);
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return undefined;
  }
  return params;
}
