import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { PermissionsRuntime } from '@ccproxy/plugin-permissions';
import { waitFor, type RunningProxy } from '../helpers.js';
import { callTool, respond, startPermissionsProxy, waitForPending, TOOL } from './helpers.js';

let proxies: RunningProxy[] = [];
let clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await Promise.all(proxies.map((proxy) => proxy.close()));
  proxies = [];
  clients = [];
});

async function connectLegacy(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'legacy-sse-test', version: '1.0.0' });
  const transport = new SSEClientTransport(new URL(`${url}/mcp/sse`), {
    requestInit: { headers },
    eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

describe('MCP legacy HTTP+SSE transport (/mcp/sse, for "type": "sse" configs)', () => {
  it('handshakes, lists the tool, and blocks a call until it is approved', async () => {
    const proxy = await startPermissionsProxy();
    proxies.push(proxy);
    const client = await connectLegacy(proxy.url);
    expect(client.getServerVersion()?.name).toBe('CCProxy MCP Server');
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([TOOL]);
    const input = { pattern: 'TODO', path: 'src', '-n': true, head_limit: 20 };
    const call = callTool(client, { tool_name: 'Grep', input });
    const [pending] = await waitForPending(proxy.url, 1);
    await respond(proxy.url, pending!.request_id, { allowed: true });
    expect((await call).text).toBe(JSON.stringify({ behavior: 'allow', updatedInput: input }));
  });

  it('requires the token when configured, and forgets the session when the client disconnects', async () => {
    const token = 'sse-token';
    const proxy = await startPermissionsProxy({}, { security: { auth_token: token } });
    proxies.push(proxy);
    expect((await fetch(`${proxy.url}/mcp/sse`)).status).toBe(401);
    const client = await connectLegacy(proxy.url, { 'x-api-key': token });
    expect((await client.listTools()).tools).toHaveLength(1);
    const runtime = proxy.server.host.plugins.runtime('permissions')?.instance as PermissionsRuntime;
    expect(runtime.legacySessions.size).toBe(1);
    await client.close();
    await waitFor(() => runtime.legacySessions.size === 0);
    const stale = await fetch(`${proxy.url}/mcp/messages?sessionId=unknown`, { method: 'POST', headers: { 'x-api-key': token, 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","method":"ping","id":1}' });
    expect(stale.status).toBe(404);
  });
});
