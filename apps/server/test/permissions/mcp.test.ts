import { describe, expect, it } from 'vitest';
import { callTool, connectMcp, listPending, respond, waitForPending, TOOL, trackedPermissionsProxies } from './helpers.js';

const { start, clients } = trackedPermissionsProxies();

async function mcp(url: string, headers: Record<string, string> = {}, path = '/mcp') {
  const client = await connectMcp(url, headers, path);
  clients.push(client);
  return client;
}

describe('MCP server at /mcp (Streamable HTTP, through the SDK client)', () => {
  it('initializes as "CCProxy MCP Server" and lists check_permission with its input schema', async () => {
    const { url } = await start();
    const client = await mcp(url);
    expect(client.getServerVersion()).toMatchObject({ name: 'CCProxy MCP Server' });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([TOOL]);
    expect(tools[0]?.inputSchema).toMatchObject({ type: 'object', required: ['tool_name', 'input'], properties: { tool_name: { type: 'string' }, input: { type: 'object' } } });
  });

  it('blocks the tool call until approved over HTTP, then replies the exact allow JSON with the input unchanged', async () => {
    const { url } = await start();
    const client = await mcp(url);
    const input = { command: 'rm -rf build', timeout: 120000, run_in_background: false, env: { CI: '1' }, args: ['-v', 2, null] };
    const call = callTool(client, { tool_name: 'Bash', input, tool_use_id: 'toolu_01' });
    const [pending] = await waitForPending(url, 1);
    expect(pending).toMatchObject({ tool_name: 'Bash', input, status: 'pending' });
    let settled = false;
    void call.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe(false);
    const answer = await respond(url, pending!.request_id, { allowed: true });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'success', permission_id: pending!.request_id, allowed: true });
    const { text, decision } = await call;
    expect(text).toBe(JSON.stringify({ behavior: 'allow', updatedInput: input }));
    expect(decision.updatedInput).toEqual(input);
  });

  it('replies the exact deny JSON with the approver message', async () => {
    const { url } = await start();
    const client = await mcp(url);
    const call = callTool(client, { tool_name: 'Write', input: { file_path: '/etc/hosts', content: '127.0.0.1 x' } });
    const [pending] = await waitForPending(url, 1);
    expect((await respond(url, pending!.request_id, { allowed: false, message: 'not that file' })).status).toBe(200);
    expect((await call).text).toBe('{"behavior":"deny","message":"User denied the operation: not that file"}');
  });

  it('accepts non-string tool inputs: arrays, numbers, booleans, nested objects (Python rejects them)', async () => {
    const { url } = await start();
    const client = await mcp(url);
    const input = { todos: [{ content: 'write tests', status: 'in_progress', activeForm: 'Writing tests' }], replace_all: true, offset: 0, limit: 2.5, nested: { deeper: { list: [[1], [true, { x: null }]] } } };
    const call = callTool(client, { tool_name: 'TodoWrite', input });
    const [pending] = await waitForPending(url, 1);
    await respond(url, pending!.request_id, { allowed: true });
    expect((await call).decision).toEqual({ behavior: 'allow', updatedInput: input });
  });

  it('times out: the request expires and the tool replies deny saying it timed out', async () => {
    const { url } = await start({ timeout_seconds: 1 });
    const client = await mcp(url);
    const started = Date.now();
    const call = callTool(client, { tool_name: 'Bash', input: { command: 'sleep 1' } });
    const [pending] = await waitForPending(url, 1);
    const { decision } = await call;
    const elapsed = Date.now() - started;
    expect(decision.behavior).toBe('deny');
    expect(decision.message).toMatch(/timed out after 1 s/);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1600);
    const late = await fetch(`${url}/permissions/${pending!.request_id}`);
    expect(await late.json()).toMatchObject({ status: 'expired', time_remaining: 0 });
    const conflict = await respond(url, pending!.request_id, { allowed: true });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { message: string } }).error.message).toContain('status: expired');
  });

  it('20 concurrent prompts are decided independently and each call gets its own decision', async () => {
    const { url } = await start();
    const client = await mcp(url);
    const calls = Array.from({ length: 20 }, (_, index) => callTool(client, { tool_name: 'Bash', input: { command: `echo ${index}`, index } }));
    const pending = await waitForPending(url, 20);
    expect(pending).toHaveLength(20);
    const decisions = await Promise.all(
      pending.map((item) => {
        const index = (item.input as { index: number }).index;
        return respond(url, item.request_id, index % 2 === 0 ? { allowed: true } : { allowed: false, message: `no ${index}` });
      }),
    );
    expect(decisions.map((response) => response.status)).toEqual(Array(20).fill(200));
    const results = await Promise.all(calls);
    results.forEach(({ decision }, index) => {
      if (index % 2 === 0) expect(decision).toEqual({ behavior: 'allow', updatedInput: { command: `echo ${index}`, index } });
      else expect(decision).toEqual({ behavior: 'deny', message: `User denied the operation: no ${index}` });
    });
    expect(await listPending(url)).toEqual([]);
  });

  it('invalid tool arguments (empty tool_name) answer a deny, not a tool error', async () => {
    const { url } = await start();
    const client = await mcp(url);
    const result = await client.callTool({ name: TOOL, arguments: { tool_name: '  ', input: {} } });
    expect(result.isError).toBeFalsy();
    const text = (result.content as { text: string }[])[0]!.text;
    expect(JSON.parse(text)).toMatchObject({ behavior: 'deny', message: expect.stringContaining('tool_name') });
    expect(await listPending(url)).toEqual([]);
  });

  it('a retry with the permission_id of an allowed request is allowed at once, without a new request', async () => {
    const { url } = await start();
    const client = await mcp(url);
    const first = callTool(client, { tool_name: 'Bash', input: { command: 'ls' } });
    const [pending] = await waitForPending(url, 1);
    await respond(url, pending!.request_id, { allowed: true });
    await first;
    const retry = await callTool(client, { tool_name: 'Bash', input: { command: 'ls' }, permission_id: pending!.request_id });
    expect(retry.decision).toEqual({ behavior: 'allow', updatedInput: { command: 'ls' } });
    const all = (await (await fetch(`${url}/permissions?status=all`)).json()) as { requests: unknown[] };
    expect(all.requests).toHaveLength(1);
  });

  it('also answers at /mcp/ (trailing slash); GET and DELETE get 405 (stateless server)', async () => {
    const { url } = await start();
    const client = await mcp(url, {}, '/mcp/');
    expect((await client.listTools()).tools).toHaveLength(1);
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${url}/mcp`, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('requires the proxy token when one is configured (x-api-key or Bearer)', async () => {
    const token = 'perm-secret-token';
    const { url } = await start({}, { security: { auth_token: token } });
    await expect(connectMcp(url)).rejects.toThrow(/Authentication required/);
    const anonymous = await fetch(`${url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const client = await mcp(url, { 'x-api-key': token });
    expect((await client.listTools()).tools).toHaveLength(1);
    const bearer = await mcp(url, { authorization: `Bearer ${token}` });
    const call = callTool(bearer, { tool_name: 'Bash', input: { command: 'pwd' } });
    const [pending] = await waitForPending(url, 1, { 'x-api-key': token });
    expect((await respond(url, pending!.request_id, { allowed: true })).status).toBe(401);
    expect((await respond(url, pending!.request_id, { allowed: true }, { 'x-api-key': token })).status).toBe(200);
    expect((await call).decision.behavior).toBe('allow');
  });

  it('refuses a browser page from a foreign origin', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', origin: 'https://evil.example' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(403);
  });

  it('when the plugin stops, every waiting tool call is answered deny "Server shutting down" at once', async () => {
    const { url, server } = await start({ timeout_seconds: 300 });
    const client = await mcp(url);
    const calls = [callTool(client, { tool_name: 'Bash', input: { n: 1 } }), callTool(client, { tool_name: 'Bash', input: { n: 2 } })];
    await waitForPending(url, 2);
    const started = Date.now();
    // Stop the plugins while HTTP is still up (the app drains connections before stopping plugins).
    await server.host.stop();
    const results = await Promise.all(calls);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(results.map((result) => result.decision)).toEqual([
      { behavior: 'deny', message: 'Server shutting down' },
      { behavior: 'deny', message: 'Server shutting down' },
    ]);
  });

  it('POST /mcp/permission/check is the same tool as plain JSON (422 for a bad body)', async () => {
    const { url } = await start();
    const check = fetch(`${url}/mcp/permission/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tool_name: 'Bash', input: { command: 'ls', depth: 2 }, tool_use_id: 'toolu_x' }) });
    const [pending] = await waitForPending(url, 1);
    await respond(url, pending!.request_id, { allowed: true });
    const response = await check;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ behavior: 'allow', updatedInput: { command: 'ls', depth: 2 } });
    const bad = await fetch(`${url}/mcp/permission/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tool_name: '', input: {} }) });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { type: 'validation_error', message: expect.stringContaining('tool_name') } });
  });
});
