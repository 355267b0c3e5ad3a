import type { IncomingMessage } from 'node:http';
import { CcproxyError, type HttpMethod, type ProxyRequest, type RequestState, type StateKey } from '@ccproxy/core';
import type { RequestContext } from '../request-context.js';

function requestState(): RequestState {
  const values = new Map<symbol, unknown>();
  return {
    get: <T>(key: StateKey<T>) => values.get(key.id) as T | undefined,
    set: <T>(key: StateKey<T>, value: T) => void values.set(key.id, value),
    has: (key) => values.has(key.id),
  };
}

/** Node joins repeated request headers itself except a few (set-cookie): copy only when one is a list. */
function flatHeaders(headers: IncomingMessage['headers']): Record<string, string | undefined> {
  for (const name in headers) {
    if (Array.isArray(headers[name])) {
      const flat: Record<string, string | undefined> = {};
      for (const key in headers) {
        const value = headers[key];
        flat[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      return flat;
    }
  }
  return headers as Record<string, string | undefined>;
}

export interface RouteTarget {
  readonly path: string;
  readonly query: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Builds the server-agnostic request a plugin handler sees from the Node request. */
export function toProxyRequest(req: IncomingMessage, rc: RequestContext, target: RouteTarget, prefix: string, rawBody: Buffer): ProxyRequest {
  let parsed: unknown;
  let query: URLSearchParams | undefined;
  let state: RequestState | undefined;
  const request: ProxyRequest = {
    id: rc.id,
    method: (req.method ?? 'GET') as HttpMethod,
    path: target.path,
    routePath: target.path.slice(prefix.length) || '/',
    // Built on first use: most provider requests never read the query or the state.
    get query() {
      return (query ??= new URLSearchParams(target.query));
    },
    params: target.params,
    headers: flatHeaders(req.headers),
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
    cancellation: rc.cancellation,
    remoteAddress: req.socket.remoteAddress ?? 'unknown',
    get state() {
      return (state ??= requestState());
    },
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
