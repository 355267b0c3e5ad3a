import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

export type FakeHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeUpstream {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replace the handler (per test). */
  handle(handler: FakeHandler): void;
  /** Requests still waiting for a response, or streams still open. */
  readonly openConnections: number;
  close(): Promise<void>;
}

function flatHeaders(request: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/**
 * A real HTTP server on 127.0.0.1 that records what it receives and answers with a handler:
 * the network edge the proxy's tests mock, never our own code.
 */
export async function startFakeUpstream(initial?: FakeHandler): Promise<FakeUpstream> {
  let handler: FakeHandler = initial ?? ((_request, response) => {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'no handler configured in the fake upstream' }));
  });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const url = new URL(request.url ?? '/', 'http://fake');
      const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: flatHeaders(request), body, json };
      requests.push(recorded);
      Promise.resolve(handler(recorded, response)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: String(error) }));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client that closes its side (FIN) is gone: stop streaming to it, as the real APIs do,
    // instead of holding the half-open socket until the replay ends.
    socket.on('end', () => {
      sockets.delete(socket);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    get openConnections() {
      return sockets.size;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

export interface SseReplayOptions {
  /** Milliseconds between events. */
  delayMs?: number;
  /** Destroy the connection after this many events (a dropped stream). */
  dropAfter?: number;
  headers?: Record<string, string>;
  /** Add `data: [DONE]` at the end (Chat Completions). */
  done?: boolean;
}

export interface SseEventRecord {
  event?: string;
  data: string;
}

/** Writes recorded SSE events one by one, as the real upstream would. */
export async function sendSse(response: ServerResponse, events: readonly SseEventRecord[], options: SseReplayOptions = {}): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...options.headers });
  let sent = 0;
  for (const event of events) {
    if (options.dropAfter !== undefined && sent >= options.dropAfter) {
      // Let the events already written reach the client, then cut the connection mid-stream.
      await new Promise<void>((resolve) => response.write('', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5));
      response.socket?.destroy();
      return;
    }
    if (response.destroyed) return;
    response.write(`${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`);
    sent++;
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  }
  if (options.done) response.write('data: [DONE]\n\n');
  response.end();
}
