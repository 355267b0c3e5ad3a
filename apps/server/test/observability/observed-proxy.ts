import { join } from 'node:path';
import { createTempHome, type TempHome } from '@ccproxy/testkit';
import { accessLog } from '@ccproxy/plugin-access-log';
import { analytics } from '@ccproxy/plugin-analytics';
import type { SettingsInput } from '@ccproxy/core';
import { startProxy, stoppedAfterEach, waitFor, type RunningProxy } from '../helpers.js';
import { fakeLlm } from './fake-llm.js';

export interface ObservedProxy extends RunningProxy {
  readonly home: TempHome;
  readonly databasePath: string;
  readonly accessLogPath: string;
  /** Calls a route of the proxy (the `/logs` API) and parses the JSON answer. */
  api<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
}

export interface ObservedOptions {
  home?: TempHome;
  accessLog?: Record<string, unknown>;
  analytics?: Record<string, unknown>;
  settings?: SettingsInput;
  /** Extra headers for `api()` (the access token). */
  headers?: Record<string, string>;
  /** Register analytics before access_log (initialisation order must not matter). */
  analyticsFirst?: boolean;
}

/**
 * For a test file: a starter of observed proxies that, after each test, closes them (closing twice
 * is fine) and removes their temporary homes.
 */
export function observedProxies(): (options?: ObservedOptions) => Promise<ObservedProxy> {
  const start = stoppedAfterEach(startObserved, async (proxy) => {
    await proxy.close();
    await proxy.home.remove();
  });
  return (options = {}) => start(options);
}

/** The real server with access_log (to a file), analytics (fast flushes) and the fake provider. */
export async function startObserved(options: ObservedOptions = {}): Promise<ObservedProxy> {
  const home = options.home ?? (await createTempHome());
  const databasePath = join(home.path, 'data', 'analytics.duckdb');
  const accessLogPath = join(home.path, 'logs', 'access.log');
  const proxy = await startProxy({
    plugins: (() => {
      const log = accessLog({ client_log_file: accessLogPath, flush_interval: 0.05, ...options.accessLog });
      const rows = analytics({ database_path: databasePath, ingest_flush_ms: 20, ...options.analytics });
      return options.analyticsFirst ? [rows, fakeLlm, log] : [log, rows, fakeLlm];
    })(),
    settings: { ...options.settings, server: { shutdown_grace_seconds: 2, ...options.settings?.server } },
    env: { HOME: home.path },
  });
  return {
    ...proxy,
    home,
    databasePath,
    accessLogPath,
    async api<T>(path: string, init: RequestInit = {}) {
      const response = await fetch(`${proxy.url}${path}`, { ...init, headers: { ...options.headers, ...(init.headers as Record<string, string> | undefined) } });
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}

export interface QueryBody {
  results: Record<string, unknown>[];
  count: number;
  has_more: boolean;
  next_cursor: string | null;
  order: string;
}

/** Waits until `/logs/query` (with `filter`) returns `count` rows; returns them. */
export async function waitForRows(proxy: ObservedProxy, count: number, filter = 'service_type=fake_llm'): Promise<Record<string, unknown>[]> {
  let rows: Record<string, unknown>[] = [];
  await waitFor(async () => {
    const { status, body } = await proxy.api<QueryBody>(`/logs/query?limit=1000&${filter}`);
    rows = status === 200 ? body.results : [];
    return rows.length >= count;
  }, 10_000);
  return rows;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
