import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ProxyRequest, ProxyResponse } from '@ccproxy/core';

/** Headers that describe our hop, not the MCP message: not handed to the web `Request`. */
const SKIPPED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect', 'te', 'trailer']);

function toWebRequest(request: ProxyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !SKIPPED_HEADERS.has(name)) headers.set(name, value);
  }
  const query = request.query.toString();
  const url = `http://${request.headers.host ?? 'localhost'}${request.path}${query ? `?${query}` : ''}`;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.rawBody.length > 0;
  return new Request(url, { method: request.method, headers, ...(hasBody ? { body: request.rawBody } : {}), signal: request.signal });
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'connection') out[name] = value;
  });
  return out;
}

/**
 * Relays the transport's SSE body. Ends (and releases the MCP server) when the transport closes
 * the stream after the last response, or when our client disconnects.
 */
async function* relay(body: ReadableStream<Uint8Array>, release: () => void): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Cancelling a finished stream is a no-op; on a disconnect it tells the transport to stop.
    reader.cancel().catch(() => undefined);
    release();
  }
}

/**
 * Streamable HTTP (MCP 2025-03-26+) on a server-agnostic route: a fresh MCP server and a stateless
 * web-standard transport per POST, fed from the already-read body. Responses stream as SSE, so the
 * client gets headers (and keep-alive comments) at once while the tool call waits for a human,
 * instead of a silent connection that client or proxy timeouts may cut.
 */
export async function handleStreamableHttp(request: ProxyRequest, createServer: () => Server): Promise<ProxyResponse> {
  if (request.method !== 'POST') {
    // Stateless server: no standalone GET stream, no session to DELETE (the SDK client accepts 405).
    return {
      status: 405,
      headers: { allow: 'POST', 'content-type': 'application/json' },
      body: { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP server is stateless; POST JSON-RPC messages to it' }, id: null },
    };
  }
  const server = createServer();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    request.signal.removeEventListener('abort', release);
    // Closing aborts any tool call still waiting for a decision (its `extra.signal`).
    void transport.close().catch(() => undefined);
    void server.close().catch(() => undefined);
  };
  request.signal.addEventListener('abort', release, { once: true });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(toWebRequest(request));
    const headers = headersOf(response);
    const contentType = response.headers.get('content-type') ?? '';
    if (response.body && contentType.includes('text/event-stream')) {
      return { status: response.status, headers, body: relay(response.body, release), streaming: true };
    }
    const text = await response.text();
    release();
    return { status: response.status, headers, body: text };
  } catch (error) {
    release();
    throw error;
  }
}
