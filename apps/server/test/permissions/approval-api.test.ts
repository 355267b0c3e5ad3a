import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { settingsSchema } from '@ccproxy/core';
import { memoryLogger } from '@ccproxy/core/testing';
import { permissions, type PermissionsRuntime } from '@ccproxy/plugin-permissions';
import { createServer, type CcproxyServer } from '../../src/index.js';
import { waitFor, type RunningProxy } from '../helpers.js';
import { callTool, connectMcp, listPending, openStream, respond, startPermissionsProxy, waitForPending } from './helpers.js';

let proxies: RunningProxy[] = [];
let clients: Client[] = [];
let servers: CcproxyServer[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await Promise.all(servers.map((server) => server.close()));
  proxies = [];
  clients = [];
  servers = [];
});

async function start(config: Record<string, unknown> = {}, settings: Parameters<typeof startPermissionsProxy>[1] = {}) {
  const proxy = await startPermissionsProxy(config, settings);
  proxies.push(proxy);
  return proxy;
}

async function mcp(url: string, headers: Record<string, string> = {}) {
  const client = await connectMcp(url, headers);
  clients.push(client);
  return client;
}

function runtimeOf(proxy: RunningProxy): PermissionsRuntime {
  return proxy.server.host.plugins.runtime('permissions')?.instance as PermissionsRuntime;
}

/** Creates a pending request the way Claude Code does (an MCP tool call left waiting). */
async function pendingCall(url: string, input: unknown = { command: 'ls' }, headers: Record<string, string> = {}) {
  const client = await mcp(url, headers);
  const before = (await listPending(url, headers)).length;
  const call = callTool(client, { tool_name: 'Bash', input });
  // Some tests leave the call waiting; its rejection when the client closes is expected.
  call.catch(() => undefined);
  const items = await waitForPending(url, before + 1, headers);
  return { call, item: items[items.length - 1]! };
}

describe('approval HTTP API (/permissions)', () => {
  it('lists pending requests and returns one by id in the spec shape', async () => {
    const { url } = await start({ timeout_seconds: 60 });
    const { item } = await pendingCall(url, { command: 'make', jobs: 4 });
    const list = (await (await fetch(`${url}/permissions`)).json()) as { requests: unknown[]; count: number; timeout_seconds: number };
    expect(list).toMatchObject({ count: 1, timeout_seconds: 60 });
    const one = await fetch(`${url}/permissions/${item.request_id}`);
    expect(one.status).toBe(200);
    const body = (await one.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ request_id: item.request_id, tool_name: 'Bash', input: { command: 'make', jobs: 4 }, status: 'pending', resolved_at: null });
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT.*\+00:00$/);
    expect(Date.parse(body.expires_at as string) - Date.parse(body.created_at as string)).toBe(60_000);
    expect(body.time_remaining).toBeGreaterThanOrEqual(58);
    expect(body.time_remaining).toBeLessThanOrEqual(60);
    const bad = await fetch(`${url}/permissions?status=maybe`);
    expect(bad.status).toBe(422);
  });

  it('unknown ids answer 404 "Permission request not found" on GET and on respond', async () => {
    const { url } = await start();
    const get = await fetch(`${url}/permissions/00000000-0000-4000-8000-000000000000`);
    expect(get.status).toBe(404);
    expect(await get.json()).toEqual({ error: { type: 'not_found_error', message: 'Permission request not found' } });
    expect((await respond(url, 'nope', { allowed: true })).status).toBe(404);
  });

  it('a request is decided once: the second decision gets 409 with the status', async () => {
    const { url } = await start();
    const { call, item } = await pendingCall(url);
    expect((await respond(url, item.request_id, { allowed: false })).status).toBe(200);
    const second = await respond(url, item.request_id, { allowed: true });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { type: 'conflict_error', message: `Permission request '${item.request_id}' already resolved with status: denied` } });
    expect((await call).decision.behavior).toBe('deny');
    expect(await (await fetch(`${url}/permissions/${item.request_id}`)).json()).toMatchObject({ status: 'denied', time_remaining: 0 });
  });

  it('20 concurrent decisions on one request: exactly one 200, the rest 409, one resolved event', async () => {
    const { url } = await start();
    const { call, item } = await pendingCall(url);
    const stream = await openStream(url);
    expect((await stream.next()).event).toBe('ping');
    expect((await stream.next()).event).toBe('permission_request');
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => respond(url, item.request_id, { allowed: index % 2 === 0 })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = responses[statuses.indexOf(200)]!;
    const { allowed } = (await winner.json()) as { allowed: boolean };
    const resolved = await stream.next();
    expect(resolved).toMatchObject({ event: 'permission_resolved', data: { request_id: item.request_id, allowed } });
    expect((await call).decision.behavior).toBe(allowed ? 'allow' : 'deny');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.events).toHaveLength(0);
    await stream.close();
  });

  it('bad decision bodies get 422 (or 415 for non-JSON content) and the request stays pending', async () => {
    const { url } = await start();
    const { item } = await pendingCall(url);
    for (const body of [{ allowed: 'yes' }, {}, { allowed: 1 }, { allowed: true, message: 5 }]) {
      const response = await respond(url, item.request_id, body);
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { type: 'validation_error', message: expect.stringContaining('body -> ') } });
    }
    const notJson = await fetch(`${url}/permissions/${item.request_id}/respond`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{allowed: true' });
    expect(notJson.status).toBe(422);
    const form = await fetch(`${url}/permissions/${item.request_id}/respond`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'allowed=true' });
    expect(form.status).toBe(415);
    expect(await (await fetch(`${url}/permissions/${item.request_id}`)).json()).toMatchObject({ status: 'pending' });
  });

  it('refuses a decision from a foreign browser origin even with the token (403)', async () => {
    const token = 'approve-token';
    const { url } = await start({}, { security: { auth_token: token } });
    const { item } = await pendingCall(url, {}, { 'x-api-key': token });
    const evil = await respond(url, item.request_id, { allowed: true }, { 'x-api-key': token, origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const local = await respond(url, item.request_id, { allowed: true }, { 'x-api-key': token, origin: 'http://localhost:5173' });
    expect(local.status).toBe(200);
  });

  it('requires the proxy token on every approval route when one is configured', async () => {
    const token = 'approve-token';
    const { url } = await start({}, { security: { auth_token: token } });
    for (const path of ['/permissions', '/permissions/stream', '/permissions/some-id']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { type: 'authentication_error' } });
    }
    expect((await respond(url, 'some-id', { allowed: true }, { 'x-api-key': 'wrong' })).status).toBe(401);
    expect((await fetch(`${url}/permissions`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('forgets decided requests after cleanup_after_minutes', async () => {
    const { url } = await start({ cleanup_after_minutes: 0.003 });
    const { call, item } = await pendingCall(url);
    await respond(url, item.request_id, { allowed: true });
    await call;
    expect((await fetch(`${url}/permissions/${item.request_id}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await fetch(`${url}/permissions/${item.request_id}`)).status).toBe(404);
  });

  it('enable_sse_stream = false turns the approval API off (404) but keeps /mcp', async () => {
    const { url } = await start({ enable_sse_stream: false });
    expect((await fetch(`${url}/permissions`)).status).toBe(404);
    expect((await fetch(`${url}/permissions/stream`)).status).toBe(404);
    const client = await mcp(url);
    expect((await client.listTools()).tools).toHaveLength(1);
  });
});

describe('approval over SSE (/permissions/stream)', () => {
  it('a client reads the stream, sees the request, decides it, and sees it resolved', async () => {
    const { url } = await start();
    const stream = await openStream(url);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    expect(await stream.next()).toEqual({ event: 'ping', data: { message: 'Connected to permission stream' } });
    const client = await mcp(url);
    const input = { file_path: 'src/a.ts', old_string: 'a', new_string: 'b', replace_all: false };
    const call = callTool(client, { tool_name: 'Edit', input });
    const seen = await stream.next();
    expect(seen.event).toBe('permission_request');
    expect(seen.data).toMatchObject({ type: 'permission_request', tool_name: 'Edit', input, allowed: null, resolved_at: null, expired_at: null, message: null });
    expect(seen.data.timeout_seconds).toBe(30);
    const id = seen.data.request_id as string;
    expect((await respond(url, id, { allowed: true })).status).toBe(200);
    expect(await stream.next()).toMatchObject({ event: 'permission_resolved', data: { type: 'permission_resolved', request_id: id, allowed: true } });
    expect((await call).decision).toEqual({ behavior: 'allow', updatedInput: input });
    await stream.close();
  });

  it('replays the pending requests on connect, then live events; expiry is broadcast once', async () => {
    const { url } = await start({ timeout_seconds: 1 });
    const client = await mcp(url);
    const calls = [1, 2, 3].map((n) => callTool(client, { tool_name: 'Bash', input: { n } }));
    await waitForPending(url, 3);
    const stream = await openStream(url);
    expect((await stream.next()).event).toBe('ping');
    const replayed = [await stream.next(), await stream.next(), await stream.next()];
    expect(replayed.map((event) => event.event)).toEqual(['permission_request', 'permission_request', 'permission_request']);
    expect(replayed.map((event) => (event.data.input as { n: number }).n).sort()).toEqual([1, 2, 3]);
    const expired = [await stream.next(2000), await stream.next(2000), await stream.next(2000)];
    expect(expired.map((event) => event.event)).toEqual(['permission_expired', 'permission_expired', 'permission_expired']);
    expect(new Set(expired.map((event) => event.data.request_id)).size).toBe(3);
    expect(expired[0]!.data.expired_at).toMatch(/\+00:00$/);
    for (const { decision } of await Promise.all(calls)) expect(decision.message).toMatch(/timed out/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.events).toHaveLength(0);
    await stream.close();
  });

  it('unsubscribes when the client disconnects, and ends the stream when the plugin stops', async () => {
    const proxy = await start();
    const runtime = runtimeOf(proxy);
    const first = await openStream(proxy.url);
    await first.next();
    const second = await openStream(proxy.url);
    await second.next();
    expect(runtime.store.subscriberCount).toBe(2);
    await first.close();
    await waitFor(() => runtime.store.subscriberCount === 1);
    await proxy.server.host.stop();
    await second.waitEnded();
    expect(second.ended).toBe(true);
    expect(runtime.store.subscriberCount).toBe(0);
  });
});

function externalIPv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return undefined;
}

describe('loopback-only unless allow_remote', () => {
  const address = externalIPv4();

  async function serveOn(host: string, config: Record<string, unknown>) {
    const token = 'remote-token';
    const settings = settingsSchema.parse({ server: { host, port: 8000, shutdown_grace_seconds: 0 }, security: { auth_token: token }, plugins: { permissions: config } });
    const server = await createServer({ settings, plugins: [permissions], logger: memoryLogger(), env: {} });
    servers.push(server);
    const { url } = await server.listen(0, host);
    return { url, headers: { 'x-api-key': token } };
  }

  it.skipIf(!address)('refuses clients that are not on this machine with 403, even with the token', async () => {
    const { url, headers } = await serveOn(address!, {});
    const response = await fetch(`${url}/permissions`, { headers });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { type: 'permission_error', message: expect.stringContaining('allow_remote') } });
    const mcpCall = await fetch(`${url}/mcp`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(mcpCall.status).toBe(403);
  });

  it.skipIf(!address)('answers remote clients when allow_remote = true (token still required)', async () => {
    const { url, headers } = await serveOn(address!, { allow_remote: true });
    expect((await fetch(`${url}/permissions`, { headers })).status).toBe(200);
    expect((await fetch(`${url}/permissions`)).status).toBe(401);
  });
});
