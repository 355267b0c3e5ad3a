import { costCalculator, definePlugin, HookLayer, type PluginContext, type RequestSummary } from '@ccproxy/core';
import { analyticsConfigSchema, type AnalyticsConfig } from './config.js';
import { statsCommand } from './cli/stats-command.js';
import { resolveDatabasePath } from './database-path.js';
import { logsRoutes } from './http/routes.js';
import { IngestQueue } from './ingest/ingest-queue.js';
import { LiveFeed } from './live/live-feed.js';
import { createPriceBook } from './pricing/price-book.js';
import { AnalyticsRuntime } from './runtime.js';
import { openDuckDbStore } from './store/duckdb/load-duckdb-store.js';
import { StoreHolder } from './store/store-holder.js';

async function setup(context: PluginContext<AnalyticsConfig>): Promise<AnalyticsRuntime> {
  const { config, logger, events } = context;
  const databasePath = resolveDatabasePath(config.database_path, context.paths);

  // Pricing works even when the database does not: the core prices every summary with it.
  const prices = createPriceBook(config.pricing, (model) => logger.debug({ model }, 'pricing_model_not_found'));
  context.capabilities.provide(costCalculator, prices);

  const live = new LiveFeed();
  const holder = new StoreHolder({
    open: () => openDuckDbStore({ path: databasePath }),
    retryMs: config.reopen_interval_seconds * 1000,
    logger,
    onOpen: (store) => live.attach(store),
  });
  const queue = new IngestQueue({ store: () => holder.get(), maxQueue: config.ingest_queue_max, batchSize: config.ingest_batch_size, flushMs: config.ingest_flush_ms, logger });
  const runtime = new AnalyticsRuntime({ config, settings: context.settings, logger, databasePath, holder, queue, live, prices, signal: context.signal });

  // A locked or corrupt file is logged (clearly, once) and reported by health; the proxy starts anyway.
  const store = await holder.tryOpen();
  const observe = (summary: RequestSummary) => runtime.ingest(summary);
  events.on('request.completed', observe, { priority: HookLayer.OBSERVATION });
  events.on('request.failed', observe, { priority: HookLayer.OBSERVATION });
  logger.info({ database: databasePath, open: store !== undefined, pricing_version: prices.version, price_overrides: prices.overrideCount }, 'analytics_ready');
  return runtime;
}

/**
 * analytics: stores one row per finished request (from the core's summary event) in an embedded
 * DuckDB file, in batches off the request path; serves `/logs/*`; prices requests (the core's
 * `costCalculator`); `ccproxy stats`.
 */
export const analytics = definePlugin({
  name: 'analytics',
  version: '0.1.0',
  apiVersion: 1,
  kind: 'system',
  description: 'Request analytics in embedded DuckDB: /logs query, aggregates, live stream; cost and cache-hit rate; ccproxy stats',
  configSchema: analyticsConfigSchema,
  provides: [costCalculator],
  routes: [logsRoutes],
  tasks: [
    {
      name: 'analytics_retention',
      intervalSeconds: 3600,
      configure: (config: AnalyticsConfig) => ({ intervalSeconds: config.retention_interval_seconds, enabled: config.max_age_days > 0 || config.max_rows > 0 }),
      run: (runtime: AnalyticsRuntime) => runtime.runRetention(),
    },
  ],
  // Announced before the server waits out in-flight requests: a `/logs/stream` must not hold it up.
  hooks: [{ event: 'app.shutdown', handler: (_event, runtime: AnalyticsRuntime) => runtime.beginShutdown() }],
  cliCommands: [statsCommand],
  setup,
});
