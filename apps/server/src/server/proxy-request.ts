import type { Context } from 'koa';
import { CcproxyError, type HttpMethod, type ProxyRequest, type RequestState, type StateKey } from '@ccproxy/core';
import type { AppState } from './app-state.js';

function requestState(): RequestState {
  const values = new Map<symbol, unknown>();
  return {
    get: <T>(key: StateKey<T>) => values.get(key.id) as T | undefined,
    set: <T>(key: StateKey<T>, value: T) => void values.set(key.id, value),
    has: (key) => values.has(key.id),
  };
}

function flatHeaders(headers: Context['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** Builds the server-agnostic request a plugin handler sees from the Koa context. */
export function toProxyRequest(ctx: Context & { state: AppState; params?: Record<string, string> }, prefix: string): ProxyRequest {
  const rc = ctx.state.rc;
  const rawBody = ctx.state.rawBody ?? Buffer.alloc(0);
  let parsed: unknown;
  const request: ProxyRequest = {
    id: rc.id,
    method: ctx.method as HttpMethod,
    path: ctx.path,
    routePath: ctx.path.slice(prefix.length) || '/',
    query: new URLSearchParams(ctx.querystring),
    params: ctx.params ?? {},
    headers: flatHeaders(ctx.headers),
    rawBody,
    json<T>(): T {
      if (parsed !== undefined) return parsed as T;
      if (rawBody.length === 0) throw new CcproxyError('INVALID_REQUEST', 'the request body is empty; send a JSON object');
      let value: unknown;
      try {
        value = JSON.parse(rawBody.toString('utf8'));
      } catch (error) {
        throw new CcproxyError('INVALID_REQUEST', `the request body is not valid JSON: ${(error as Error).message}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new CcproxyError('INVALID_REQUEST', 'the request body must be a JSON object');
      }
      parsed = value;
      return value as T;
    },
    get signal() {
      return rc.signal;
    },
    remoteAddress: ctx.req.socket.remoteAddress ?? 'unknown',
    state: requestState(),
    summary: rc.draft,
    get clientFormat() {
      return rc.clientFormat;
    },
    set clientFormat(format) {
      rc.clientFormat = format;
    },
  };
  return request;
}
