import { describe, expect, it } from 'vitest';
import { PermissionStore, SHUTDOWN_MESSAGE, secondsRemaining, type PermissionEvent, type PermissionStoreOptions } from '../src/permission-store.js';
import { manualClock } from './manual-clock.js';

function setup(options: Partial<PermissionStoreOptions> = {}) {
  const clock = manualClock();
  const settled: { id: string; status: string; by: string | undefined }[] = [];
  let counter = 0;
  const store = new PermissionStore({
    timeoutMs: 30_000,
    retentionMs: 5 * 60_000,
    maxPending: 100,
    clock,
    newId: () => `req-${++counter}`,
    onSettled: (request, source) => settled.push({ id: request.id, status: request.status, by: source?.by }),
    ...options,
  });
  const events: PermissionEvent[] = [];
  let closed = 0;
  store.subscribe({ onEvent: (event) => events.push(event), onClose: () => closed++ });
  return { clock, store, events, settled, closedCount: () => closed };
}

function created(store: PermissionStore, toolName = 'Bash', input: unknown = { command: 'ls' }) {
  const result = store.create({ toolName, input });
  if (!result.ok) throw new Error(`create failed: ${result.reason}`);
  return result.request;
}

describe('PermissionStore', () => {
  it('creates a pending request with expires_at = created_at + timeout and broadcasts it', () => {
    const { store, events, clock } = setup();
    const request = created(store, 'Edit', { file_path: '/tmp/a', replace_all: true, count: 3 });
    expect(request).toMatchObject({ id: 'req-1', toolName: 'Edit', status: 'pending', createdAt: clock.now(), expiresAt: clock.now() + 30_000, resolvedAt: null });
    expect(request.input).toEqual({ file_path: '/tmp/a', replace_all: true, count: 3 });
    expect(events.map((event) => event.type)).toEqual(['permission_request']);
    expect(store.pendingCount).toBe(1);
    expect(secondsRemaining(request, clock.now())).toBe(30);
    clock.advance(10_500);
    expect(secondsRemaining(store.get('req-1')!, clock.now())).toBe(19);
  });

  it('allow settles the waiter and broadcasts one permission_resolved', async () => {
    const { store, events, clock, settled } = setup();
    const request = created(store);
    const waiting = store.waitFor(request.id);
    clock.advance(1200);
    const outcome = store.transition(request.id, 'allowed', { source: { by: '127.0.0.1 (token)' } });
    expect(outcome.ok).toBe(true);
    const result = await waiting;
    expect(result).toMatchObject({ status: 'allowed', resolvedAt: clock.now() });
    expect(events.map((event) => event.type)).toEqual(['permission_request', 'permission_resolved']);
    expect(settled).toEqual([{ id: request.id, status: 'allowed', by: '127.0.0.1 (token)' }]);
    expect(store.pendingCount).toBe(0);
  });

  it('deny keeps the approver message', async () => {
    const { store } = setup();
    const request = created(store);
    const waiting = store.waitFor(request.id);
    store.transition(request.id, 'denied', { message: 'not in prod' });
    expect(await waiting).toMatchObject({ status: 'denied', message: 'not in prod' });
  });

  it('expires at exactly the timeout, once, with one permission_expired event', async () => {
    const { store, events, clock } = setup();
    const request = created(store);
    const waiting = store.waitFor(request.id);
    clock.advance(29_999);
    expect(store.get(request.id)?.status).toBe('pending');
    clock.advance(1);
    const result = await waiting;
    expect(result).toMatchObject({ status: 'expired', resolvedAt: request.expiresAt });
    expect(result?.message).toContain('timed out after 30 s');
    clock.advance(60_000);
    expect(events.filter((event) => event.type === 'permission_expired')).toHaveLength(1);
    expect(store.transition(request.id, 'allowed')).toMatchObject({ ok: false, reason: 'not_pending' });
  });

  it('refuses to allow a request past its expiry even before its timer fired, and expires it', () => {
    const clock = manualClock();
    // A clock whose timers never fire: only the deadline check can catch the expiry.
    const lazy = { now: () => clock.now(), setTimer: () => () => undefined };
    const store = new PermissionStore({ timeoutMs: 1000, retentionMs: 60_000, maxPending: 10, clock: lazy });
    const events: string[] = [];
    store.subscribe({ onEvent: (event) => events.push(event.type), onClose: () => undefined });
    const request = created(store);
    clock.advance(1000);
    expect(store.transition(request.id, 'allowed')).toMatchObject({ ok: false, reason: 'not_pending', request: { status: 'expired' } });
    expect(events).toEqual(['permission_request', 'permission_expired']);
  });

  it('a request is decided once: the second transition is refused and broadcasts nothing', () => {
    const { store, events } = setup();
    const request = created(store);
    expect(store.transition(request.id, 'denied').ok).toBe(true);
    expect(store.transition(request.id, 'allowed')).toMatchObject({ ok: false, reason: 'not_pending', request: { status: 'denied' } });
    expect(store.transition('nope', 'allowed')).toEqual({ ok: false, reason: 'not_found' });
    expect(events.filter((event) => event.type === 'permission_resolved')).toHaveLength(1);
  });

  it('keeps decided requests readable for the retention, then forgets them', () => {
    const { store, clock } = setup({ retentionMs: 60_000, timeoutMs: 3_600_000 });
    const decided = created(store);
    const pending = created(store);
    store.transition(decided.id, 'allowed');
    clock.advance(59_999);
    expect(store.get(decided.id)?.status).toBe('allowed');
    clock.advance(1);
    expect(store.get(decided.id)).toBeUndefined();
    expect(store.get(pending.id)?.status).toBe('pending');
  });

  it('forgets expired requests the retention after they expired', () => {
    const { store, clock } = setup({ timeoutMs: 10_000, retentionMs: 60_000 });
    const request = created(store);
    clock.advance(10_000 + 59_000);
    expect(store.get(request.id)?.status).toBe('expired');
    clock.advance(1000);
    expect(store.list()).toEqual([]);
  });

  it('bounds memory: beyond maxRetained the oldest decided requests go first', () => {
    const { store } = setup({ maxRetained: 3, retentionMs: 3_600_000 });
    const ids = Array.from({ length: 5 }, () => created(store).id);
    for (const id of ids) store.transition(id, 'allowed');
    store.prune();
    expect(store.size).toBe(3);
    expect(store.get(ids[0]!)).toBeUndefined();
    expect(store.get(ids[4]!)?.status).toBe('allowed');
  });

  it('denies new requests beyond max_pending and leaves the others alone', () => {
    const { store } = setup({ maxPending: 2 });
    const first = created(store);
    created(store);
    expect(store.create({ toolName: 'Bash', input: {} })).toEqual({ ok: false, reason: 'too_many_pending' });
    expect(store.get(first.id)?.status).toBe('pending');
    store.transition(first.id, 'allowed');
    expect(store.create({ toolName: 'Bash', input: {} }).ok).toBe(true);
  });

  it('close denies every pending request with "Server shutting down" and ends subscriptions', async () => {
    const { store, closedCount, clock } = setup();
    const a = created(store);
    const b = created(store);
    const waiters = [store.waitFor(a.id), store.waitFor(b.id)];
    store.close();
    const results = await Promise.all(waiters);
    expect(results.map((result) => [result?.status, result?.message])).toEqual([
      ['denied', SHUTDOWN_MESSAGE],
      ['denied', SHUTDOWN_MESSAGE],
    ]);
    expect(closedCount()).toBe(1);
    expect(store.create({ toolName: 'Bash', input: {} })).toEqual({ ok: false, reason: 'closed' });
    expect((clock as unknown as { timers: number }).timers).toBe(0);
  });

  it('a waiter that goes away gets the pending snapshot; the request stays pending', async () => {
    const { store } = setup();
    const request = created(store);
    const abort = new AbortController();
    const waiting = store.waitFor(request.id, abort.signal);
    abort.abort();
    expect((await waiting)?.status).toBe('pending');
    expect(store.get(request.id)?.status).toBe('pending');
  });

  it('lists in creation order and filters by status', () => {
    const { store } = setup();
    const a = created(store, 'A');
    created(store, 'B');
    store.transition(a.id, 'denied');
    expect(store.list().map((request) => request.toolName)).toEqual(['A', 'B']);
    expect(store.list('pending').map((request) => request.toolName)).toEqual(['B']);
    expect(store.list('denied').map((request) => request.toolName)).toEqual(['A']);
  });

  it('a subscriber that throws is dropped without breaking the decision', () => {
    const { store, events } = setup();
    store.subscribe({ onEvent: () => { throw new Error('boom'); }, onClose: () => undefined });
    const request = created(store);
    expect(store.subscriberCount).toBe(1);
    expect(store.transition(request.id, 'allowed').ok).toBe(true);
    expect(events.map((event) => event.type)).toEqual(['permission_request', 'permission_resolved']);
  });
});
