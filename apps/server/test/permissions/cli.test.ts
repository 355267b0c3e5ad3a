import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { permissions } from '@ccproxy/plugin-permissions';
import { runCli } from '../../src/index.js';
import { freePort } from '../helpers.js';
import { callTool, connectMcp, waitForPending, type Decision, trackedPermissionsProxies } from './helpers.js';

const { start, clients } = trackedPermissionsProxies();

/** Leaves a Claude-Code-style tool call waiting; resolves with its id and the pending decision. */
async function prompt(url: string, toolName: string, input: unknown, headers: Record<string, string> = {}): Promise<{ id: string; decision: Promise<Decision> }> {
  const client = await connectMcp(url, headers);
  clients.push(client);
  const before = await waitForPending(url, 0, headers);
  const call = callTool(client, { tool_name: toolName, input }).then((result) => result.decision);
  call.catch(() => undefined);
  const items = await waitForPending(url, before.length + 1, headers);
  return { id: items[items.length - 1]!.request_id, decision: call };
}

function portOf(url: string): string {
  return new URL(url).port;
}

/** Runs `ccproxy <argv>` in-process with captured output; the server is found through settings. */
async function ccproxy(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await runCli(argv, { stdout: out, stderr: err, stdin: new PassThrough(), env: { HOME: '/nonexistent-home', ...env }, cwd: '/', plugins: [permissions] });
  return { code, stdout, stderr };
}

describe('ccproxy permissions: non-interactive mode (through runCli)', () => {
  it('--list finds the running server from settings and prints the pending requests', async () => {
    const { url } = await start();
    const env = { SERVER__PORT: portOf(url) };
    expect(await ccproxy(['permissions', '--list'], env)).toMatchObject({ code: 0, stdout: 'No pending permission requests.\n' });
    const first = await prompt(url, 'Bash', { command: 'git push --force', timeout: 1000 });
    const second = await prompt(url, 'Write', { file_path: 'a.txt', content: 'hello' });
    const table = await ccproxy(['permissions', '--list'], env);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TOOL\s+STATUS\s+LEFT\s+INPUT$/);
    expect(lines[1]).toContain(first.id);
    expect(lines[1]).toMatch(/Bash\s+pending\s+\d+s\s+command=git push --force timeout=1000/);
    expect(lines[2]).toContain(second.id);
    const json = await ccproxy(['approve', '--list', '--json'], env);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { request_id: string; input: unknown }[]).map((item) => [item.request_id, item.input])).toEqual([
      [first.id, { command: 'git push --force', timeout: 1000 }],
      [second.id, { file_path: 'a.txt', content: 'hello' }],
    ]);
  });

  it('--allow <id> and --deny <prefix> --message decide, and the tool calls get those decisions', async () => {
    const { url } = await start();
    const api = ['--api-url', url];
    const first = await prompt(url, 'Bash', { command: 'ls', all: true });
    const second = await prompt(url, 'Bash', { command: 'rm -rf /' });
    const allowed = await ccproxy(['permissions', '--allow', first.id, ...api]);
    expect(allowed).toMatchObject({ code: 0, stdout: `✓ Allowed Bash (${first.id})\n` });
    expect(await first.decision).toEqual({ behavior: 'allow', updatedInput: { command: 'ls', all: true } });
    const denied = await ccproxy(['permissions', '--deny', `${second.id.slice(0, 8)}…`, '--message', 'never', '--json', ...api]);
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout)).toEqual({ permission_id: second.id, tool_name: 'Bash', allowed: false, status: 'denied' });
    expect(await second.decision).toEqual({ behavior: 'deny', message: 'User denied the operation: never' });
    const third = await prompt(url, 'Read', { file_path: '/etc/passwd' });
    expect(await ccproxy(['permissions', 'allow', third.id, ...api])).toMatchObject({ code: 0 });
    expect((await third.decision).behavior).toBe('allow');
  });

  it('exit codes: 4 already decided, 3 unknown id, 2 bad usage, 1 server unreachable', async () => {
    const { url } = await start();
    const api = ['--api-url', url];
    const request = await prompt(url, 'Bash', {});
    expect((await ccproxy(['permissions', '--deny', request.id, ...api])).code).toBe(0);
    const again = await ccproxy(['permissions', '--allow', request.id, ...api]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('already denied');
    expect((await ccproxy(['permissions', '--list', ...api])).stdout).toBe('No pending permission requests.\n');
    const remembered = await ccproxy(['permissions', '--list', '--all', '--json', ...api]);
    expect(JSON.parse(remembered.stdout)).toMatchObject([{ request_id: request.id, status: 'denied', time_remaining: 0 }]);
    const unknown = await ccproxy(['permissions', '--allow', '00000000-0000-4000-8000-000000000000', ...api]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Permission request not found');
    expect((await ccproxy(['permissions', '--allow', 'zzzzzzzz', ...api])).code).toBe(3);
    expect((await ccproxy(['permissions', '--list', '--allow', request.id, ...api])).code).toBe(2);
    expect((await ccproxy(['permissions', 'allow', ...api])).code).toBe(2);
    expect((await ccproxy(['permissions', '--list', '--message', 'x', ...api])).code).toBe(2);
    const noTty = await ccproxy(['permissions', ...api]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('needs a terminal');
    const port = await freePort();
    const down = await ccproxy(['permissions', '--list', '--api-url', `http://127.0.0.1:${port}`]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the proxy at http:\/\/127\.0\.0\.1:\d+.*ECONNREFUSED/);
  });

  it('sends security.auth_token as x-api-key; without it the server refuses (exit 1, authentication failed)', async () => {
    const token = 'cli-token-123';
    const { url } = await start({}, { security: { auth_token: token } });
    const env = { SERVER__PORT: portOf(url) };
    const refused = await ccproxy(['permissions', '--list'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('authentication failed');
    expect(refused.stderr).not.toContain(token);
    expect((await ccproxy(['permissions', '--list'], { ...env, SECURITY__AUTH_TOKEN: token })).code).toBe(0);
    const headers = { 'x-api-key': token };
    const request = await prompt(url, 'Bash', { command: 'id' }, headers);
    expect((await ccproxy(['permissions', '--allow', request.id, '--auth-token', token], env)).code).toBe(0);
    expect((await request.decision).behavior).toBe('allow');
  });

  it('--no-ui --json prints the events as JSON lines and exits 0 when the server ends the stream', async () => {
    const proxy = await start();
    const monitor = ccproxy(['permissions', '--no-ui', '--json', '--no-reconnect', '--api-url', proxy.url]);
    const runtime = proxy.server.host.plugins.runtime('permissions')?.instance as { store: { subscriberCount: number } };
    const deadline = Date.now() + 5000;
    while (runtime.store.subscriberCount === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const request = await prompt(proxy.url, 'Glob', { pattern: '**/*.ts' });
    await ccproxy(['permissions', '--allow', request.id, '--api-url', proxy.url]);
    await request.decision;
    await proxy.server.host.stop();
    const { code, stdout } = await monitor;
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; request_id: string; allowed: boolean | null });
    expect(events.map((event) => [event.type, event.request_id, event.allowed])).toEqual([
      ['permission_request', request.id, null],
      ['permission_resolved', request.id, true],
    ]);
  });
});
