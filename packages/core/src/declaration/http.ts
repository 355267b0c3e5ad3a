import type { Readable } from 'node:stream';
import type { FormatId } from './formats.js';
import type { RequestState } from './state-key.js';
import type { RequestSummaryDraft } from './events.js';
import type { Cancellation } from './cancellation.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * The server-agnostic request a plugin route or middleware receives. The app (Koa) builds it;
 * plugins never see Koa. The body is already read (bounded by `server.max_body_bytes`).
 */
export interface ProxyRequest {
  readonly id: string;
  readonly method: HttpMethod;
  /** Path without query, e.g. `/claude/v1/messages`. */
  readonly path: string;
  /** Path as mounted inside the plugin prefix, e.g. `/v1/messages`. */
  readonly routePath: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  /** Lower-cased header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
  /** Parses the body as a JSON object; throws a 400 `CcproxyError` in the caller's format otherwise. */
  json<T = Record<string, unknown>>(): T;
  /** Aborted when the client disconnects (created on first use: prefer `cancellation` on hot paths). */
  readonly signal: AbortSignal;
  /** The same disconnect as `signal`, without an AbortController: what upstream calls should get. */
  readonly cancellation: Cancellation;
  readonly remoteAddress: string;
  readonly state: RequestState;
  /** Fields the provider fills in for the request summary event (decision 7). */
  readonly summary: RequestSummaryDraft;
  /** The caller's API format; errors are rendered in it. */
  clientFormat: FormatId | undefined;
}

export type ProxyResponseBody =
  | string
  | Uint8Array
  | Readable
  | AsyncIterable<string | Uint8Array>
  | Record<string, unknown>
  | readonly unknown[]
  | null;

export interface ProxyResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: ProxyResponseBody;
  /** Streaming body: the app disables buffering and tracks first byte / disconnects. */
  readonly streaming?: boolean;
}

export type RouteHandler<TRuntime> = (request: ProxyRequest, runtime: TRuntime) => Promise<ProxyResponse> | ProxyResponse;

export type Middleware = (request: ProxyRequest, next: () => Promise<ProxyResponse>) => Promise<ProxyResponse>;

export function json(body: Record<string, unknown> | readonly unknown[], status = 200, headers: Record<string, string> = {}): ProxyResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

export function text(body: string, status = 200, headers: Record<string, string> = {}): ProxyResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body };
}

export function eventStream(body: AsyncIterable<string | Uint8Array> | Readable, status = 200, headers: Record<string, string> = {}): ProxyResponse {
  return {
    status,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...headers },
    body,
    streaming: true,
  };
}
