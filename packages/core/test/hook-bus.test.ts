import { describe, expect, it } from 'vitest';
import { createHookBus } from '../src/runtime/hook-bus.js';
import { memoryLogger } from '../src/testing/index.js';
import type { ProviderRequestPreparedEvent, RequestSummary } from '../src/declaration/events.js';

const summary = (id: string) => ({ request_id: id }) as RequestSummary;
const prepared = (): ProviderRequestPreparedEvent => ({
  request_id: 'r1',
  provider: 'p',
  endpoint: '/v1/messages',
  is_streaming: false,
  method: 'POST',
  url: 'http://upstream/v1/messages',
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{}'),
});

describe('hook bus', () => {
  it('runs observers off the caller, in priority then registration order', async () => {
    const bus = createHookBus({ logger: memoryLogger() });
    const seen: string[] = [];
    bus.on('request.completed', () => void seen.push('750'), { priority: 750 });
    bus.on('request.completed', () => void seen.push('700-a'), { priority: 700 });
    bus.on('request.completed', () => void seen.push('700-b'), { priority: 700 });
    bus.emit('request.completed', summary('1'));
    expect(seen).toEqual([]);
    await bus.drain();
    expect(seen).toEqual(['700-a', '700-b', '750']);
  });

  it('isolates a throwing observer: later observers still run and the failure is logged', async () => {
    const logger = memoryLogger();
    const bus = createHookBus({ logger });
    const seen: string[] = [];
    bus.forOwner('bad_plugin').on('request.completed', () => {
      throw new Error('boom');
    });
    bus.on('request.completed', (event) => void seen.push(event.request_id));
    bus.emit('request.completed', summary('42'));
    await bus.drain();
    expect(seen).toEqual(['42']);
    expect(bus.stats().failures).toBe(1);
    expect(logger.records.find((record) => record.message === 'hook_execution_failed')?.fields.plugin).toBe('bad_plugin');
  });

  it('registers the same observer only once', async () => {
    const bus = createHookBus({ logger: memoryLogger() });
    let calls = 0;
    const observer = () => void calls++;
    bus.on('request.completed', observer);
    bus.on('request.completed', observer);
    bus.emit('request.completed', summary('1'));
    await bus.drain();
    expect(calls).toBe(1);
  });

  it('runs interceptors serially in pre/normal/post tiers and lets them mutate the payload', async () => {
    const bus = createHookBus({ logger: memoryLogger() });
    const order: string[] = [];
    bus.intercept('provider.request.prepared', (event) => {
      order.push('post');
      event.headers['x-post'] = event.headers['x-pre'] ?? 'missing';
    }, { order: 'post' });
    bus.intercept('provider.request.prepared', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('pre');
      event.headers['x-pre'] = 'yes';
    }, { order: 'pre' });
    bus.intercept('provider.request.prepared', (event) => {
      order.push('normal');
      event.body = Buffer.from('{"rewritten":true}');
    });
    const result = await bus.dispatch('provider.request.prepared', prepared());
    expect(order).toEqual(['pre', 'normal', 'post']);
    expect(result.headers['x-post']).toBe('yes');
    expect(result.body.toString()).toBe('{"rewritten":true}');
  });

  it('lets an interceptor reject the request', async () => {
    const bus = createHookBus({ logger: memoryLogger() });
    bus.intercept('provider.request.prepared', () => {
      throw new Error('denied by policy');
    });
    await expect(bus.dispatch('provider.request.prepared', prepared())).rejects.toThrow('denied by policy');
  });

  it('bounds the queue and counts what it drops', async () => {
    const logger = memoryLogger();
    const bus = createHookBus({ logger, maxQueue: 3 });
    let calls = 0;
    bus.on('request.completed', () => void calls++);
    for (let index = 0; index < 10; index++) bus.emit('request.completed', summary(String(index)));
    await bus.drain();
    expect(calls).toBe(3);
    expect(bus.stats().dropped).toBe(7);
    expect(logger.records.filter((record) => record.message === 'hook_task_queue_full_dropping_task')).toHaveLength(1);
  });

  it('removes every handler of an owner', async () => {
    const bus = createHookBus({ logger: memoryLogger() });
    let calls = 0;
    bus.forOwner('p').on('request.completed', () => void calls++);
    bus.removeOwner('p');
    bus.emit('request.completed', summary('1'));
    await bus.drain();
    expect(calls).toBe(0);
    expect(bus.has('request.completed')).toBe(false);
  });
});
