import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../src/declaration/define-plugin.js';
import { defineCapability } from '../src/declaration/capability.js';
import { collectEvents, createTestHost } from '../src/testing/index.js';
import type { ProxyHost } from '../src/create-proxy.js';

const greeter = defineCapability<{ greet(): string }>('greeter');
let hosts: ProxyHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((host) => host.stop()));
  hosts = [];
});
async function boot(...args: Parameters<typeof createTestHost>) {
  const host = await createTestHost(...args);
  hosts.push(host);
  return host;
}

describe('plugin host lifecycle', () => {
  it('sets plugins up in dependency order and shuts them down in reverse', async () => {
    const calls: string[] = [];
    const make = (name: string, dependencies: string[] = []) =>
      definePlugin({
        name,
        version: '1.0.0',
        apiVersion: 1,
        kind: 'system',
        dependencies,
        setup: () => {
          calls.push(`setup:${name}`);
          return { close: () => void calls.push(`close:${name}`) };
        },
      });
    const host = await boot({ plugins: [make('c', ['b']), make('b', ['a']), make('a')] });
    expect(host.plugins.initializationOrder).toEqual(['a', 'b', 'c']);
    await host.stop();
    expect(calls).toEqual(['setup:a', 'setup:b', 'setup:c', 'close:c', 'close:b', 'close:a']);
    expect(host.plugins.statuses().map((status) => status.state)).toEqual(['stopped', 'stopped', 'stopped']);
  });

  it('isolates a plugin that throws in setup and skips its dependents', async () => {
    const broken = definePlugin({ name: 'broken', version: '1', apiVersion: 1, kind: 'provider', setup: () => { throw new Error('cannot read credentials'); } });
    const dependent = definePlugin({ name: 'dependent', version: '1', apiVersion: 1, kind: 'system', dependencies: ['broken'], setup: () => ({}) });
    const healthy = definePlugin({ name: 'healthy', version: '1', apiVersion: 1, kind: 'system', setup: () => ({}) });
    const host = await boot({ plugins: [broken, dependent, healthy] });
    const byName = Object.fromEntries(host.plugins.statuses().map((status) => [status.name, status]));
    expect(byName.broken).toMatchObject({ state: 'failed', reason: 'cannot read credentials' });
    expect(byName.dependent).toMatchObject({ state: 'skipped', reason: 'dependency broken failed' });
    expect(byName.healthy?.state).toBe('active');
    expect(await host.plugins.health('broken')).toMatchObject({ status: 'fail', output: 'cannot read credentials' });
  });

  it('fails a plugin whose setup exceeds the timeout, and closes it when it finishes late', async () => {
    let closed = false;
    const slow = definePlugin({
      name: 'slow',
      version: '1',
      apiVersion: 1,
      kind: 'system',
      setup: () => new Promise<{ close(): void }>((resolve) => setTimeout(() => resolve({ close: () => void (closed = true) }), 150)),
    });
    const host = await boot({ plugins: [slow], timeouts: { initMs: 30 } });
    expect(host.plugins.statuses()[0]).toMatchObject({ state: 'failed', reason: 'initialization timed out after 0.03s' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(closed).toBe(true);
  });

  it('bounds a health check by its timeout', async () => {
    const hanging = definePlugin({ name: 'hanging', version: '1', apiVersion: 1, kind: 'system', setup: () => ({ health: () => new Promise<never>(() => undefined) }) });
    const host = await boot({ plugins: [hanging], timeouts: { healthMs: 30 } });
    expect(await host.plugins.health('hanging')).toMatchObject({ status: 'fail', output: 'health check timed out' });
  });

  it('validates plugin config with its schema and reports every bad key', async () => {
    const configured = definePlugin({
      name: 'configured',
      version: '1',
      apiVersion: 1,
      kind: 'system',
      configSchema: z.object({ base_url: z.url(), retries: z.number().int().default(2) }),
      setup: ({ config }) => ({ health: () => ({ status: 'pass' as const, details: { retries: config.retries } }) }),
    });
    const bad = await boot({ plugins: [configured], settings: { plugins: { configured: { base_url: 'not a url', retries: 'x' } } } });
    const status = bad.plugins.statuses()[0];
    expect(status?.state).toBe('failed');
    expect(status?.reason).toContain('plugins.configured.base_url');
    expect(status?.reason).toContain('plugins.configured.retries');
    const good = await boot({ plugins: [configured({ base_url: 'https://example.test' })] });
    expect(await good.plugins.health('configured')).toMatchObject({ status: 'pass', details: { retries: 2 } });
  });

  it('hands capabilities from provider to consumer and refuses undeclared ones', async () => {
    const provider = definePlugin({
      name: 'zz_provider',
      version: '1',
      apiVersion: 1,
      kind: 'auth_provider',
      provides: [greeter],
      setup: ({ capabilities }) => {
        capabilities.provide(greeter, { greet: () => 'hello' });
        return {};
      },
    });
    let greeting = '';
    const consumer = definePlugin({
      name: 'consumer',
      version: '1',
      apiVersion: 1,
      kind: 'provider',
      requires: [greeter],
      setup: ({ capabilities }) => {
        greeting = capabilities.require(greeter).greet();
        return {};
      },
    });
    const sneaky = definePlugin({
      name: 'sneaky',
      version: '1',
      apiVersion: 1,
      kind: 'system',
      setup: ({ capabilities }) => {
        capabilities.provide(greeter, { greet: () => 'impostor' });
        return {};
      },
    });
    const host = await boot({ plugins: [consumer, provider, sneaky] });
    expect(greeting).toBe('hello');
    expect(host.plugins.initializationOrder.indexOf('zz_provider')).toBeLessThan(host.plugins.initializationOrder.indexOf('consumer'));
    expect(host.plugins.statuses().find((status) => status.name === 'sneaky')?.reason).toMatch(/without declaring it/);
    expect(host.capabilities.providers()).toEqual({ greeter: 'zz_provider' });
  });

  it('registers manifest hooks and tasks only while the plugin is active', async () => {
    let runs = 0;
    const seen: string[] = [];
    const withHooks = definePlugin({
      name: 'with_hooks',
      version: '1',
      apiVersion: 1,
      kind: 'system',
      hooks: [{ event: 'custom.event', handler: (payload: { name: string }) => void seen.push(payload.name) }],
      tasks: [{ name: 'counter', intervalSeconds: 3600, run: async () => { runs++; return true; } }],
      setup: () => ({}),
    });
    const host = await boot({ plugins: [withHooks] });
    host.events.emit('custom.event', { name: 'first', data: {} });
    await host.events.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['first']);
    expect(runs).toBe(1);
    expect(host.scheduler.status().map((task) => task.name)).toEqual(['counter']);
    await host.stop();
    host.events.emit('custom.event', { name: 'second', data: {} });
    await host.events.drain();
    expect(seen).toEqual(['first']);
    expect(host.scheduler.status()).toEqual([]);
  });

  it('emits plugin lifecycle events and app.startup/app.shutdown once each', async () => {
    const plain = definePlugin({ name: 'plain', version: '2.0.0', apiVersion: 1, kind: 'system', setup: () => ({}) });
    const watcher = definePlugin({
      name: 'watcher',
      version: '1',
      apiVersion: 1,
      kind: 'system',
      setup: ({ events }) => {
        const loaded = collectEvents(events, 'plugin.loaded');
        const lifecycle: string[] = [];
        events.on('app.startup', () => void lifecycle.push('startup'));
        events.on('app.shutdown', () => void lifecycle.push('shutdown'));
        return { loaded, lifecycle };
      },
    });
    const host = await boot({ plugins: [watcher, plain] });
    const runtime = host.plugins.runtime('watcher')?.instance as unknown as { loaded: { items: { name: string }[] }; lifecycle: string[] };
    await host.events.drain();
    expect(runtime.loaded.items.map((item) => item.name)).toContain('watcher');
    await host.stop();
    await host.stop();
    expect(runtime.lifecycle).toEqual(['startup', 'shutdown']);
  });
});
