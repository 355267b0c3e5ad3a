import { afterEach, describe, expect, it } from 'vitest';
import { callRoute, createTestHost } from '@ccproxy/core/testing';
import type { ProxyHost, RequestSummary } from '@ccproxy/core';
import { helloPlugin, type HelloRuntime } from '../src/index.js';

let host: ProxyHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('hello plugin', () => {
  it('answers its route with the configured greeting', async () => {
    host = await createTestHost({ plugins: [helloPlugin], settings: { plugins: { hello: { greeting: 'bonjour' } } } });
    const response = await callRoute(host, 'GET', '/hello');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ greeting: 'bonjour', completed_requests: 0 });
  });

  it('counts finished requests through its hook observer', async () => {
    host = await createTestHost({ plugins: [helloPlugin] });
    host.finishRequest({ request_id: 'r1', path: '/claude/v1/messages' } as RequestSummary, false);
    host.finishRequest({ request_id: 'r2', path: '/failed' } as RequestSummary, true);
    await host.events.drain();
    const runtime = host.plugins.runtime('hello')?.instance as HelloRuntime;
    expect(runtime.completed).toBe(1);
    expect(runtime.lastPath).toBe('/claude/v1/messages');
  });

  it('runs its heartbeat task at start and on its configured interval', async () => {
    host = await createTestHost({ plugins: [helloPlugin({ heartbeat_seconds: 7 })] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((host.plugins.runtime('hello')?.instance as HelloRuntime).heartbeats).toBe(1);
    expect(host.scheduler.status()).toEqual([expect.objectContaining({ name: 'hello_heartbeat', plugin: 'hello', interval_seconds: 7 })]);
  });

  it('rejects an invalid config with the key named', async () => {
    host = await createTestHost({ plugins: [helloPlugin], settings: { plugins: { hello: { heartbeat_seconds: 0 } } } });
    expect(host.plugins.statuses()[0]).toMatchObject({ state: 'failed', reason: expect.stringContaining('plugins.hello.heartbeat_seconds') });
  });
});
