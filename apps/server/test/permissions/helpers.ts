import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createSseParser, type SettingsInput, type SseEvent } from '@ccproxy/core';
import { permissions } from '@ccproxy/plugin-permissions';
import { afterEach } from 'vitest';
import { startProxy, type RunningProxy } from '../helpers.js';

export const TOOL = 'check_permission';

/** Starts the real app with only the permissions plugin (plus `config` as its section). */
export async function startPermissionsProxy(config: Record<string, unknown> = {}, settings: SettingsInput = {}): Promise<RunningProxy> {
  return startProxy({
    plugins: [permissions],
    settings: { ...settings, server: { shutdown_grace_seconds: 0, ...settings.server }, plugins: { permissions: config, ...settings.plugins } },
  });
}

/** An MCP client from the SDK over Streamable HTTP, as Claude Code connects to `/mcp`. */
/**
 * Per-test proxies and MCP clients, closed after each test: `start()` boots a proxy with the
 * permissions plugin, `clients.push(client)` registers an MCP client to close.
 */
export function trackedPermissionsProxies(): { clients: Client[]; start: (config?: Record<string, unknown>, settings?: SettingsInput) => Promise<RunningProxy> } {
  const proxies: RunningProxy[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    proxies.length = 0;
    clients.length = 0;
  });
  return {
    clients,
    async start(config = {}, settings = {}) {
      const proxy = await startPermissionsProxy(config, settings);
      proxies.push(proxy);
      return proxy;
    },
  };
}

export async function connectMcp(url: string, headers: Record<string, string> = {}, path = '/mcp'): Promise<Client> {
  const client = new Client({ name: 'permissions-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}${path}`), { requestInit: { headers } }));
  return client;
}

export interface Decision {
  behavior: 'allow' | 'deny';
  updatedInput?: unknown;
  message?: string;
}

/** Calls the permission prompt tool; resolves with the parsed decision of its text content. */
export async function callTool(client: Client, args: Record<string, unknown>): Promise<{ decision: Decision; text: string }> {
  const result = await client.callTool({ name: TOOL, arguments: args }, undefined, { timeout: 60_000 });
  const content = result.content as { type: string; text: string }[];
  const first = content[0];
  if (!first || first.type !== 'text') throw new Error(`unexpected tool result ${JSON.stringify(result)}`);
  return { decision: JSON.parse(first.text) as Decision, text: first.text };
}

export interface PendingItem {
  request_id: string;
  tool_name: string;
  input: unknown;
  status: string;
  expires_at: string;
  time_remaining: number;
}

export async function listPending(url: string, headers: Record<string, string> = {}): Promise<PendingItem[]> {
  const response = await fetch(`${url}/permissions`, { headers });
  if (!response.ok) throw new Error(`GET /permissions → ${response.status}`);
  return ((await response.json()) as { requests: PendingItem[] }).requests;
}

/** Polls until `count` requests are pending (the MCP call creates them asynchronously). */
export async function waitForPending(url: string, count: number, headers: Record<string, string> = {}): Promise<PendingItem[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const items = await listPending(url, headers);
    if (items.length >= count) return items;
    if (Date.now() > deadline) throw new Error(`expected ${count} pending requests, saw ${items.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function respond(url: string, id: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/permissions/${id}/respond`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Reads `/permissions/stream` over real HTTP; `next()` yields parsed events one by one. */
export async function openStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(`${url}/permissions/stream`, { headers, signal: abort.signal });
  const events: SseEvent[] = [];
  let waiter: (() => void) | undefined;
  let ended = false;
  const parser = createSseParser((event) => {
    events.push(event);
    waiter?.();
  });
  const pump = (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.push(chunk);
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      waiter?.();
    }
  })();
  return {
    response,
    events,
    get ended() {
      return ended;
    },
    async next(timeoutMs = 5000): Promise<{ event: string; data: Record<string, unknown> }> {
      const deadline = Date.now() + timeoutMs;
      while (events.length === 0) {
        if (ended) throw new Error('stream ended');
        if (Date.now() > deadline) throw new Error('no SSE event in time');
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
      const event = events.shift() as SseEvent;
      return { event: event.event ?? 'message', data: JSON.parse(event.data) as Record<string, unknown> };
    },
    async close() {
      abort.abort();
      await pump;
    },
    waitEnded: () => pump,
  };
}
