import { createServer as createNetServer } from 'node:net';
import { afterEach } from 'vitest';
import { memoryLogger, type LogRecord } from '@ccproxy/core/testing';
import { settingsSchema, type AnyPluginFactory, type PluginRegistration, type SettingsInput } from '@ccproxy/core';
import { createServer, type CcproxyServer } from '../src/index.js';

export interface RunningProxy {
  server: CcproxyServer;
  url: string;
  logs: LogRecord[];
  close(): Promise<void>;
}

/** Starts the real app on 127.0.0.1 with an ephemeral port and an in-memory logger. */
export async function startProxy(options: {
  plugins?: readonly (AnyPluginFactory | PluginRegistration)[];
  settings?: SettingsInput;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeouts?: { initMs?: number; healthMs?: number; shutdownMs?: number };
}): Promise<RunningProxy> {
  const logger = memoryLogger();
  const settings = settingsSchema.parse(options.settings ?? {});
  const server = await createServer({
    settings,
    plugins: options.plugins ?? [],
    logger,
    env: options.env ?? {},
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url, logs: logger.records, close: () => server.close() };
}

/** For a test file: wraps `start` so that whatever it started is stopped with `stop` after each test. */
export function stoppedAfterEach<O, P>(start: (options: O) => Promise<P>, stop: (started: P) => Promise<void>): (options: O) => Promise<P> {
  const running: P[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map(stop));
  });
  return async (options) => {
    const started = await start(options);
    running.push(started);
    return started;
  };
}

/** For a test file: a starter of proxies that are all closed after each test. */
export function startedProxies(): (options: Parameters<typeof startProxy>[0]) => Promise<RunningProxy> {
  return stoppedAfterEach(startProxy, (proxy) => proxy.close());
}

/** A port that was free a moment ago (for CLI tests that must pass --port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
