import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, json } from '@ccproxy/core';
import { createEmbeddedApp } from '../src/embedded-app.js';

const ping = definePlugin({
  name: 'ping',
  version: '1.0.0',
  apiVersion: 1,
  kind: 'system',
  routes: [{ prefix: '/ping', routes: [{ method: 'POST', path: '/', handler: (request) => json({ pong: request.json() }) }] }],
  setup: () => ({}),
});

let running;
afterEach(async () => {
  await new Promise((resolve) => running?.server.close(resolve));
  await running?.embedded.close();
  running = undefined;
});

async function start() {
  const embedded = await createEmbeddedApp({ plugins: [ping], settings: { logging: { level: 'ERROR' } }, env: {} });
  const server = embedded.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  running = { embedded, server };
  return `http://127.0.0.1:${server.address().port}`;
}

describe('ccproxy embedded in a Koa app', () => {
  it('keeps the host app routes and serves ccproxy under /llm', async () => {
    const url = await start();
    expect(await (await fetch(`${url}/`)).json()).toEqual({ app: 'my application', llm_proxy: '/llm' });
    const health = await fetch(`${url}/llm/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).checks['plugin:ping'][0].status).toBe('pass');
    const pong = await fetch(`${url}/llm/ping`, { method: 'POST', body: '{"a":1}' });
    expect(await pong.json()).toEqual({ pong: { a: 1 } });
  });
});
