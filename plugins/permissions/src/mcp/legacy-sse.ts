import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CcproxyError, eventStream, serializeSse, sseComment, type ProxyRequest, type ProxyResponse } from '@ccproxy/core';

const KEEPALIVE_MS = 15_000;
/** Messages queued for a client that stopped reading before it is dropped. */
const MAX_QUEUE = 1000;

/**
 * One session of the legacy HTTP+SSE transport (MCP 2024-11-05): the server writes to the
 * `GET` event stream, the client POSTs to the `endpoint` it was given. Works on our
 * server-agnostic routes because the stream is an async iterable, not a Node response.
 */
class LegacySseTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly #queue: string[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) throw new Error('the SSE session is closed');
    if (this.#queue.length >= MAX_QUEUE) {
      await this.close();
      throw new Error('the SSE client stopped reading');
    }
    this.#queue.push(serializeSse({ event: 'message', data: JSON.stringify(message) }));
    this.#notify();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#notify();
    this.onclose?.();
  }

  get closed(): boolean {
    return this.#closed;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** The event stream: `endpoint` first, then JSON-RPC `message` events and keep-alive comments. */
  async *events(endpoint: string, signal: AbortSignal): AsyncGenerator<string> {
    const onAbort = () => void this.close();
    signal.addEventListener('abort', onAbort, { once: true });
    const keepalive = setInterval(() => {
      this.#queue.push(sseComment('keepalive'));
      this.#notify();
    }, KEEPALIVE_MS);
    keepalive.unref();
    try {
      yield serializeSse({ event: 'endpoint', data: endpoint });
      for (;;) {
        if (signal.aborted) return;
        const next = this.#queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.#closed) return;
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
    } finally {
      clearInterval(keepalive);
      signal.removeEventListener('abort', onAbort);
      await this.close();
    }
  }
}

/**
 * The legacy SSE transport that older MCP clients (and `"type": "sse"` configs) use: `GET /mcp/sse`
 * opens a session, `POST /mcp/messages?sessionId=…` delivers the client's messages.
 */
export class LegacySseSessions {
  readonly #sessions = new Map<string, LegacySseTransport>();
  readonly #maxSessions: number;

  constructor(maxSessions = 100) {
    this.#maxSessions = maxSessions;
  }

  get size(): number {
    return this.#sessions.size;
  }

  async open(request: ProxyRequest, server: Server, messagesPath: string): Promise<ProxyResponse> {
    if (this.#sessions.size >= this.#maxSessions) {
      throw new CcproxyError('SERVICE_UNAVAILABLE', `too many open MCP SSE sessions (${this.#maxSessions}); use the Streamable HTTP endpoint /mcp`, { plugin: 'permissions' });
    }
    const transport = new LegacySseTransport();
    this.#sessions.set(transport.sessionId, transport);
    transport.onclose = () => {
      this.#sessions.delete(transport.sessionId);
      // Closing the server aborts tool calls still waiting for a decision.
      void server.close().catch(() => undefined);
    };
    await server.connect(transport);
    return eventStream(transport.events(`${messagesPath}?sessionId=${transport.sessionId}`, request.signal));
  }

  post(request: ProxyRequest): ProxyResponse {
    const sessionId = request.query.get('sessionId') ?? '';
    const transport = this.#sessions.get(sessionId);
    if (!transport || transport.closed) throw new CcproxyError('NOT_FOUND', 'MCP SSE session not found; open a new one with GET /mcp/sse', { plugin: 'permissions' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new CcproxyError('INVALID_REQUEST', 'the body is not valid JSON (a JSON-RPC message)', { plugin: 'permissions' });
    }
    const message = JSONRPCMessageSchema.safeParse(parsed);
    if (!message.success) throw new CcproxyError('INVALID_REQUEST', 'the body is not a JSON-RPC 2.0 message', { plugin: 'permissions' });
    transport.onmessage?.(message.data);
    return { status: 202, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Accepted' };
  }

  closeAll(): void {
    for (const transport of [...this.#sessions.values()]) void transport.close();
  }
}
