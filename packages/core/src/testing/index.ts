// Test helpers for plugin authors: boot plugins without an HTTP server, capture events, stay quiet.
import { createProxy, type ProxyHost } from '../create-proxy.js';
import type { AnyPluginFactory, PluginRegistration } from '../declaration/define-plugin.js';
import type { Logger, LogFn } from '../declaration/logger.js';
import type { ProxyEventMap, ProxyEventName } from '../declaration/events.js';
import type { EventBus } from '../declaration/events.js';
import { settingsSchema, type SettingsInput } from '../settings/settings-schema.js';

export interface LogRecord {
  level: string;
  message: string | undefined;
  fields: Record<string, unknown>;
}

/** A logger that records every line in memory (and prints nothing). */
export function memoryLogger(bindings: Record<string, unknown> = {}, records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const make = (level: string): LogFn =>
    ((first: string | Record<string, unknown>, second?: string) => {
      if (typeof first === 'string') records.push({ level, message: first, fields: { ...bindings } });
      else records.push({ level, message: second, fields: { ...bindings, ...first } });
    }) as LogFn;
  return {
    records,
    trace: make('trace'),
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    fatal: make('fatal'),
    child: (more) => memoryLogger({ ...bindings, ...more }, records),
  };
}

export interface TestHostOptions {
  plugins: readonly (AnyPluginFactory | PluginRegistration)[];
  settings?: SettingsInput;
  env?: Record<string, string | undefined>;
  timeouts?: { initMs?: number; healthMs?: number; shutdownMs?: number };
}

/** Boots plugins through the real registry and runtime, without Koa. Call `stop()` when done. */
export async function createTestHost(options: TestHostOptions): Promise<ProxyHost & { logger: Logger & { records: LogRecord[] } }> {
  const logger = memoryLogger();
  const host = await createProxy({
    settings: settingsSchema.parse(options.settings ?? {}),
    plugins: options.plugins,
    logger,
    env: options.env ?? {},
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  await host.start();
  return Object.assign(host, { logger });
}

/**
 * Collects every payload of an event. `next()` resolves with the oldest payload not yet taken
 * by `next()` (waiting for one if none is buffered), so no event is missed between calls.
 */
export function collectEvents<E extends ProxyEventName>(events: EventBus, event: E): { readonly items: ProxyEventMap[E][]; next(timeoutMs?: number): Promise<ProxyEventMap[E]>; stop(): void } {
  const items: ProxyEventMap[E][] = [];
  let taken = 0;
  let waiters: (() => void)[] = [];
  const stop = events.on(event, (payload) => {
    items.push(payload);
    const pending = waiters;
    waiters = [];
    for (const wake of pending) wake();
  });
  return {
    items,
    stop,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= items.length) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no ${event} event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return items[taken++] as ProxyEventMap[E];
    },
  };
}
