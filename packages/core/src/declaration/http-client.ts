import type { AbortSource } from './cancellation.js';

/** One upstream call. Plugins never import got: they get this client from their context. */
export interface UpstreamRequest {
  readonly url: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Abort the call (e.g. the client disconnected). */
  readonly signal?: AbortSource;
  /** Streaming calls have no total timeout, only connect and idle-between-chunks timeouts. */
  readonly streaming?: boolean;
  /** Overrides `http.timeouts.request_seconds` (non-streaming) in milliseconds. */
  readonly timeoutMs?: number;
}

export interface UpstreamResponse {
  readonly status: number;
  /** Lower-cased names, repeated headers joined. */
  readonly headers: Readonly<Record<string, string>>;
  /** Milliseconds from the call until the response headers arrived. */
  readonly headersMs: number;
  /**
   * The body as it arrives (decompressed). Consume once. Network failures mid-body reject with a
   * `CcproxyError` (`UPSTREAM_CONNECTION` or `UPSTREAM_TIMEOUT`).
   */
  readonly body: AsyncIterable<Buffer>;
  buffer(): Promise<Buffer>;
  text(): Promise<string>;
  /** Parses the body as JSON; rejects with `UPSTREAM_HTTP` when it is not JSON. */
  json(): Promise<unknown>;
  /** Close the connection without reading further. */
  abort(): void;
}

export interface HttpClient {
  /**
   * Sends the request and resolves when the response headers arrived, whatever the status (4xx/5xx
   * are responses, not errors). Rejects with `CcproxyError` `UPSTREAM_CONNECTION` (502) or
   * `UPSTREAM_TIMEOUT` (504) when no response arrives.
   */
  request(request: UpstreamRequest): Promise<UpstreamResponse>;
}
