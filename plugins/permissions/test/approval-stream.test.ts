import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '@ccproxy/core';
import { approvalStream } from '../src/http/approval-stream.js';
import { PermissionStore } from '../src/permission-store.js';
import { manualClock } from './manual-clock.js';

function parse(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

function setup() {
  const clock = manualClock();
  const store = new PermissionStore({ timeoutMs: 600_000, retentionMs: 60_000, maxPending: 100, clock });
  return { clock, store };
}

describe('approvalStream', () => {
  it('sends ping, one permission_request per pending request, then live events with every key', async () => {
    const { clock, store } = setup();
    for (const tool of ['A', 'B', 'C']) store.create({ toolName: tool, input: { n: 1 } });
    const abort = new AbortController();
    const stream = approvalStream(store, { signal: abort.signal, clock });
    const chunks: string[] = [];
    for (let index = 0; index < 4; index++) chunks.push((await stream.next()).value as string);
    const live = store.create({ toolName: 'D', input: [true] });
    if (!live.ok) throw new Error('create failed');
    chunks.push((await stream.next()).value as string);
    store.transition(live.request.id, 'allowed');
    chunks.push((await stream.next()).value as string);
    const events = parse(chunks);
    expect(events.map((event) => event.event)).toEqual(['ping', 'permission_request', 'permission_request', 'permission_request', 'permission_request', 'permission_resolved']);
    expect(JSON.parse(events[0]!.data)).toEqual({ message: 'Connected to permission stream' });
    const request = JSON.parse(events[4]!.data);
    expect(Object.keys(request).sort()).toEqual(['allowed', 'created_at', 'expired_at', 'expires_at', 'input', 'message', 'request_id', 'resolved_at', 'timeout_seconds', 'tool_name', 'type'].sort());
    expect(request).toMatchObject({ type: 'permission_request', tool_name: 'D', input: [true], timeout_seconds: 600, allowed: null, resolved_at: null });
    expect(request.created_at).toMatch(/\+00:00$/);
    expect(JSON.parse(events[5]!.data)).toMatchObject({ type: 'permission_resolved', request_id: live.request.id, allowed: true, tool_name: null });
    abort.abort();
    expect((await stream.next()).done).toBe(true);
    expect(store.subscriberCount).toBe(0);
  });

  it('sends a keepalive ping after 30 s of silence', async () => {
    const { clock, store } = setup();
    const stream = approvalStream(store, { signal: new AbortController().signal, clock });
    await stream.next();
    const next = stream.next();
    clock.advance(29_999);
    clock.advance(1);
    expect(parse([(await next).value as string]).map((event) => [event.event, event.data])).toEqual([['ping', '{"message":"keepalive"}']]);
    await stream.return(undefined);
    expect(store.subscriberCount).toBe(0);
  });

  it('drops a subscriber that falls more than maxQueue events behind; others are unaffected', async () => {
    const { clock, store } = setup();
    let overflows = 0;
    const slow = approvalStream(store, { signal: new AbortController().signal, clock, maxQueue: 3, onOverflow: () => overflows++ });
    const fast = approvalStream(store, { signal: new AbortController().signal, clock, maxQueue: 3 });
    await slow.next();
    await fast.next();
    const fastSeen: string[] = [];
    for (let index = 0; index < 5; index++) {
      store.create({ toolName: `T${index}`, input: {} });
      fastSeen.push((await fast.next()).value as string);
    }
    expect(overflows).toBe(1);
    const drained: string[] = [];
    for (;;) {
      const item = await slow.next();
      if (item.done) break;
      drained.push(item.value);
    }
    expect(drained).toHaveLength(3);
    expect(parse(fastSeen)).toHaveLength(5);
    expect(store.subscriberCount).toBe(1);
    await fast.return(undefined);
  });

  it('ends when the store closes (shutdown), after delivering the final events', async () => {
    const { clock, store } = setup();
    store.create({ toolName: 'Bash', input: {} });
    const stream = approvalStream(store, { signal: new AbortController().signal, clock });
    await stream.next();
    await stream.next();
    store.close();
    const rest: string[] = [];
    for await (const chunk of { [Symbol.asyncIterator]: () => stream }) rest.push(chunk);
    expect(parse(rest).map((event) => [event.event, (JSON.parse(event.data) as { message: string }).message])).toEqual([['permission_resolved', 'Server shutting down']]);
  });
});
