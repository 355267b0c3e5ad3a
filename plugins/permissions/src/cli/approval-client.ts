import { createSseParser, type SseEvent } from '@ccproxy/core';
import type { PermissionItem, PermissionWireEvent } from '../permission-events.js';

export type ApprovalErrorKind = 'connection' | 'auth' | 'not_found' | 'conflict' | 'invalid' | 'server';

/** A failed call to the approval API, classified so the CLI can pick its exit code and words. */
export class ApprovalApiError extends Error {
  readonly kind: ApprovalErrorKind;
  readonly status: number | null;
  constructor(kind: ApprovalErrorKind, message: string, status: number | null = null) {
    super(message);
    this.name = 'ApprovalApiError';
    this.kind = kind;
    this.status = status;
  }
}

export interface StreamMessage {
  readonly event: string;
  readonly data: PermissionWireEvent | { message?: string } | null;
}

export interface ApprovalClientOptions {
  /** `http://host:port` of the running proxy. */
  baseUrl: string;
  /** The proxy token, sent as `x-api-key`. */
  token?: string | null;
}

function kindOf(status: number): ApprovalErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 410) return 'conflict';
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'invalid';
  return 'server';
}

async function errorFrom(response: Response): Promise<ApprovalApiError> {
  let message = `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not our JSON error body (e.g. another server on that port): keep the status.
  }
  if (response.status === 401) message = `authentication failed: ${message} (set security.auth_token or pass --auth-token)`;
  return new ApprovalApiError(kindOf(response.status), message, response.status);
}

/** A small client of the `/permissions` API of a running proxy (global fetch; no upstream proxy). */
export class ApprovalClient {
  readonly baseUrl: string;
  readonly #headers: Record<string, string>;

  constructor(options: ApprovalClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#headers = options.token ? { 'x-api-key': options.token } : {};
  }

  async #fetch(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, headers: { ...this.#headers, ...(init.headers as Record<string, string> | undefined) } });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ApprovalApiError('connection', `cannot reach the proxy at ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message} (is "ccproxy serve" running?)`);
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async list(status: 'pending' | 'all' = 'pending'): Promise<PermissionItem[]> {
    const response = await this.#fetch(`/permissions?status=${status}`);
    const body = (await response.json()) as { requests?: PermissionItem[] };
    return body.requests ?? [];
  }

  async get(id: string): Promise<PermissionItem> {
    const response = await this.#fetch(`/permissions/${encodeURIComponent(id)}`);
    return (await response.json()) as PermissionItem;
  }

  async respond(id: string, allowed: boolean, message?: string): Promise<void> {
    await this.#fetch(`/permissions/${encodeURIComponent(id)}/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ allowed, ...(message ? { message } : {}) }),
    });
  }

  /**
   * Opens `GET /permissions/stream` and yields its events until the server ends the stream or
   * `signal` aborts. Connection and HTTP failures throw `ApprovalApiError` before the first event.
   */
  async *stream(signal: AbortSignal): AsyncGenerator<StreamMessage> {
    const response = await this.#fetch('/permissions/stream', { headers: { accept: 'text/event-stream' }, signal });
    if (!response.body) return;
    const pending: SseEvent[] = [];
    const parser = createSseParser((event) => pending.push(event));
    const reader = response.body.getReader();
    const stop = () => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (signal.aborted) return;
          throw new ApprovalApiError('connection', `the permission stream broke: ${(error as Error).message}`);
        }
        if (chunk.done) parser.end();
        else parser.push(chunk.value as Uint8Array);
        while (pending.length > 0) {
          const event = pending.shift() as SseEvent;
          yield { event: event.event ?? 'message', data: parseData(event.data) };
        }
        if (chunk.done) return;
      }
    } finally {
      signal.removeEventListener('abort', stop);
      stop();
    }
  }
}

function parseData(data: string): StreamMessage['data'] {
  try {
    return JSON.parse(data) as StreamMessage['data'];
  } catch {
    return null;
  }
}
