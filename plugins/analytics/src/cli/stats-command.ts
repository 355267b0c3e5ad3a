import { CcproxyError, type CliCommandContext, type CliCommandSpec } from '@ccproxy/core';
import type { AnalyticsConfig } from '../config.js';
import { analyticsBody, pickBucket, BUCKETS } from '../http/analytics-body.js';
import { createPriceBook } from '../pricing/price-book.js';
import { openDuckDbStore } from '../store/duckdb/load-duckdb-store.js';
import { StoreOpenError } from '../store/duckdb/open-error.js';
import type { LogFilter } from '../store/types.js';
import { resolveDatabasePath } from '../database-path.js';
import { renderStats, type StatsBody } from './render-stats.js';
import { describeWindow, parseSince } from './since.js';

/** Proxied LLM calls only: health checks and `/logs` calls are not usage. */
const SERVICE_FILTER = '!core,!system';

type ServerAnswer = { kind: 'body'; body: StatsBody } | { kind: 'unreachable'; reason: string } | { kind: 'no_analytics' } | { kind: 'failed'; code: number };

async function askServer(context: CliCommandContext<AnalyticsConfig>, base: string, startMs: number, now: number): Promise<ServerAnswer> {
  const { io, settings } = context;
  const url = `${base.replace(/\/+$/, '')}/logs/analytics?start_time=${startMs / 1000}&end_time=${now / 1000}&service_type=${encodeURIComponent(SERVICE_FILTER)}`;
  const token = settings.security.auth_token;
  let response;
  try {
    response = await context.http.request({
      url,
      method: 'GET',
      headers: { accept: 'application/json', ...(token ? { 'x-api-key': token } : {}) },
      timeoutMs: 10_000,
      signal: context.signal,
    });
  } catch (error) {
    return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
  }
  if (response.status === 200) return { kind: 'body', body: (await response.json()) as StatsBody };
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    message = ((JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message).slice(0, 500);
  } catch {
    // not JSON: keep the text
  }
  if (response.status === 404) return { kind: 'no_analytics' };
  if (response.status === 401) {
    io.err(`✖ The server at ${base} wants an access token and ${token ? 'refused the configured one' : 'none is configured here'}.`);
    io.err('  Set security.auth_token in your config (or SECURITY__AUTH_TOKEN in the environment) to the server\'s token, then run ccproxy stats again.');
    return { kind: 'failed', code: 1 };
  }
  if (response.status === 503) {
    io.err(`✖ The server at ${base} answered, but its analytics are unavailable: ${message}`);
    io.err('  Check `curl <server>/logs/health` and the server log for the reason.');
    return { kind: 'failed', code: 1 };
  }
  io.err(`✖ The server at ${base} answered ${response.status}: ${message}`);
  return { kind: 'failed', code: 1 };
}

async function readFile(context: CliCommandContext<AnalyticsConfig>, path: string, startMs: number, now: number): Promise<{ body: StatsBody } | { code: number }> {
  const { io } = context;
  let store;
  try {
    store = await openDuckDbStore({ path, readOnly: true, threads: 1 });
  } catch (error) {
    const problem = error instanceof StoreOpenError ? error.problem : 'other';
    if (problem === 'missing') {
      io.out(`No analytics yet: nothing answered at ${context.serverUrl} and ${path} does not exist.`);
      io.out('Start the proxy with `ccproxy serve`, send a request through it, then run `ccproxy stats` again.');
      return { code: 1 };
    }
    io.err(`✖ ${(error as Error).message}`);
    if (problem === 'locked') io.err('  If that process is a ccproxy server on another address, ask it instead: ccproxy stats --url http://HOST:PORT');
    return { code: 1 };
  }
  try {
    const filter: LogFilter = { startMs, endMs: now, serviceType: { include: [], exclude: ['core', 'system'] } };
    const bucket = pickBucket('auto', startMs, now);
    const result = await store.aggregate(filter, { bucketMs: BUCKETS[bucket] });
    const body = analyticsBody(result, {
      bucket,
      filter,
      now,
      backend: store.backend,
      pricingVersion: createPriceBook().version,
      queryParams: { start_time: String(startMs / 1000), end_time: String(now / 1000), service_type: SERVICE_FILTER },
    });
    return { body: body };
  } finally {
    await store.close();
  }
}

async function runStats(context: CliCommandContext<AnalyticsConfig>, input: { options: Record<string, unknown> }): Promise<number> {
  const { io } = context;
  const now = Date.now();
  const sinceOption = typeof input.options.since === 'string' ? input.options.since : '24h';
  const since = parseSince(sinceOption, now);
  if ('error' in since) {
    io.err(`✖ ${since.error}`);
    return 2;
  }
  const urlOption = typeof input.options.url === 'string' ? input.options.url : undefined;
  if (urlOption !== undefined && !/^https?:\/\/[^\s/]+/.test(urlOption)) {
    io.err(`✖ --url: expected http://host:port (got "${urlOption}")`);
    return 2;
  }
  const base = urlOption ?? context.serverUrl;
  const answer = await askServer(context, base, since.startMs, now);
  let body: StatsBody;
  let source: string;
  if (answer.kind === 'body') {
    body = answer.body;
    source = `from the server at ${base}`;
  } else if (answer.kind === 'failed') {
    return answer.code;
  } else {
    if (urlOption !== undefined && answer.kind === 'unreachable') {
      io.err(`✖ Nothing answered at ${base}: ${answer.reason}`);
      io.err('  Check the address, or drop --url to read the local database file.');
      return 1;
    }
    const path = resolveDatabasePath(context.config.database_path, context.paths);
    const fromFile = await readFile(context, path, since.startMs, now);
    if ('code' in fromFile) return fromFile.code;
    body = fromFile.body;
    source = `read from ${path}${answer.kind === 'no_analytics' ? '; the server does not run analytics' : '; no server answered'}`;
  }
  if (input.options.json === true) {
    io.out(JSON.stringify(body, null, 2));
    return 0;
  }
  for (const line of renderStats(body, { window: describeWindow(since.startMs, now), source })) io.out(line);
  return 0;
}

export const statsCommand: CliCommandSpec<AnalyticsConfig> = {
  name: 'stats',
  description: 'requests, tokens, API-equivalent cost and cache-hit rate by model (asks the running server, else reads the analytics file)',
  options: [
    { flags: '--since <when>', description: 'window start: 30m, 24h, 7d, 2w, a date (2025-01-31) or epoch seconds', defaultValue: '24h' },
    { flags: '--json', description: 'print the /logs/analytics JSON instead of a table' },
    { flags: '--url <url>', description: 'ask this server (default: the configured server.host and server.port)' },
  ],
  run: async (context, input) => {
    try {
      return await runStats(context, input);
    } catch (error) {
      context.io.err(`✖ ccproxy stats failed: ${CcproxyError.is(error) ? error.message : (error as Error).message}`);
      return 1;
    }
  },
};
