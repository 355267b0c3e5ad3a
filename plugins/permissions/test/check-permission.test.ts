import { describe, expect, it } from 'vitest';
import { checkPermission, denialMessage, parseCheckArgs, type CheckPermissionArgs } from '../src/check-permission.js';
import { PermissionStore } from '../src/permission-store.js';
import { manualClock } from './manual-clock.js';

function store(maxPending = 10) {
  const clock = manualClock();
  return { clock, store: new PermissionStore({ timeoutMs: 30_000, retentionMs: 300_000, maxPending, clock }) };
}

function args(value: unknown): CheckPermissionArgs {
  const parsed = parseCheckArgs(value, 262_144);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.args;
}

describe('parseCheckArgs', () => {
  it('accepts any JSON tool input (nested objects, arrays, booleans, numbers, null) and keeps it as is', () => {
    const input = { todos: [{ content: 'x', status: 'pending', priority: 1 }], replace_all: true, timeout: 120_000, meta: { a: null, b: [[1, 2], { c: 'd' }] } };
    expect(args({ tool_name: ' TodoWrite ', input })).toEqual({ toolName: 'TodoWrite', input, toolUseId: null, permissionId: null });
    expect(args({ tool_name: 'X', input: [1, 'two', false] }).input).toEqual([1, 'two', false]);
    expect(args({ tool_name: 'X', input: 42 }).input).toBe(42);
  });

  it('reads tool_use_id and permission_id, with permissionId as an alias', () => {
    expect(args({ tool_name: 'Bash', input: {}, tool_use_id: 'toolu_1', permissionId: 'abc' })).toMatchObject({ toolUseId: 'toolu_1', permissionId: 'abc' });
    expect(args({ tool_name: 'Bash', input: {}, permission_id: 'p' }).permissionId).toBe('p');
  });

  it('rejects an empty tool name, a missing input, non-objects and oversized input', () => {
    expect(parseCheckArgs({ tool_name: '   ', input: {} }, 1024)).toMatchObject({ ok: false, status: 422, message: expect.stringContaining('tool_name') });
    expect(parseCheckArgs({ tool_name: 'Bash' }, 1024)).toMatchObject({ ok: false, status: 422, message: expect.stringContaining('input') });
    expect(parseCheckArgs([1], 1024)).toMatchObject({ ok: false, status: 422 });
    expect(parseCheckArgs({ tool_name: 'Write', input: { content: 'x'.repeat(2000) } }, 1024)).toMatchObject({ ok: false, status: 413, message: expect.stringContaining('limit is 1024') });
    expect(parseCheckArgs({ tool_name: 'Bash', input: {}, tool_use_id: 5 }, 1024)).toMatchObject({ ok: false, status: 422 });
  });
});

describe('checkPermission', () => {
  it('waits for the decision and answers allow with the input unchanged', async () => {
    const { store: permissions } = store();
    const input = { command: 'npm test', timeout: 60_000, run_in_background: false };
    const decision = checkPermission(permissions, args({ tool_name: 'Bash', input }));
    const [pending] = permissions.list('pending');
    permissions.transition(pending!.id, 'allowed');
    expect(await decision).toEqual({ behavior: 'allow', updatedInput: input });
  });

  it('answers deny with the approver reason, or a message that says it was denied', async () => {
    const { store: permissions } = store();
    const first = checkPermission(permissions, args({ tool_name: 'Bash', input: {} }));
    permissions.transition(permissions.list('pending')[0]!.id, 'denied', { message: 'use the staging db' });
    expect(await first).toEqual({ behavior: 'deny', message: 'User denied the operation: use the staging db' });
    const second = checkPermission(permissions, args({ tool_name: 'Bash', input: {} }));
    permissions.transition(permissions.list('pending')[0]!.id, 'denied');
    expect(await second).toEqual({ behavior: 'deny', message: 'User denied the operation (status: denied)' });
  });

  it('answers deny "timed out" when nobody decides', async () => {
    const { store: permissions, clock } = store();
    const decision = checkPermission(permissions, args({ tool_name: 'Bash', input: {} }));
    clock.advance(30_000);
    const result = await decision;
    expect(result.behavior).toBe('deny');
    expect(result).toMatchObject({ message: expect.stringMatching(/timed out/) });
  });

  it('reuses a request named by permission_id: allowed → allow at once, pending → waits on it', async () => {
    const { store: permissions } = store();
    const first = checkPermission(permissions, args({ tool_name: 'Bash', input: { a: 1 } }));
    const id = permissions.list('pending')[0]!.id;
    const retry = checkPermission(permissions, args({ tool_name: 'Bash', input: { a: 1 }, permission_id: id }));
    expect(permissions.list()).toHaveLength(1);
    permissions.transition(id, 'allowed');
    expect(await first).toMatchObject({ behavior: 'allow' });
    expect(await retry).toMatchObject({ behavior: 'allow' });
    expect(await checkPermission(permissions, args({ tool_name: 'Bash', input: { a: 2 }, permission_id: id }))).toEqual({ behavior: 'allow', updatedInput: { a: 2 } });
    expect(permissions.list()).toHaveLength(1);
  });

  it('denies at once beyond max_pending and after shutdown', async () => {
    const { store: permissions } = store(1);
    void checkPermission(permissions, args({ tool_name: 'Bash', input: {} }));
    expect(await checkPermission(permissions, args({ tool_name: 'Bash', input: {} }))).toEqual({ behavior: 'deny', message: 'Too many pending permission requests' });
    permissions.close();
    expect(await checkPermission(permissions, args({ tool_name: 'Bash', input: {} }))).toEqual({ behavior: 'deny', message: 'Server shutting down' });
  });

  it('a cancelled call answers deny and leaves the request pending for other approvers', async () => {
    const { store: permissions } = store();
    const abort = new AbortController();
    const decision = checkPermission(permissions, args({ tool_name: 'Bash', input: {} }), abort.signal);
    abort.abort();
    expect((await decision).behavior).toBe('deny');
    expect(permissions.list('pending')).toHaveLength(1);
  });

  it('denialMessage passes the shutdown reason through unchanged', () => {
    const { store: permissions } = store();
    const created = permissions.create({ toolName: 'Bash', input: {} });
    if (!created.ok) throw new Error('create failed');
    permissions.close();
    expect(denialMessage(permissions.get(created.request.id)!)).toBe('Server shutting down');
  });
});
