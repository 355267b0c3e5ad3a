import { homedir } from 'node:os';
import type { AnyPluginFactory, PluginRegistration } from './declaration/define-plugin.js';
import type { Logger } from './declaration/logger.js';
import type { AppPaths } from './declaration/services.js';
import type { RequestSummary } from './declaration/events.js';
import { costCalculator } from './declaration/core-capabilities.js';
import type { Settings } from './settings/settings-schema.js';
import { resolveAppPaths } from './settings/load-settings.js';
import { PluginRegistry } from './factory/plugin-registry.js';
import { loadPluginPackages, type PluginPackageError } from './factory/load-plugin-packages.js';
import { createHookBus, type HookBus } from './runtime/hook-bus.js';
import { createCapabilityRegistry, type AppCapabilityRegistry } from './runtime/capability-registry.js';
import { createScheduler } from './runtime/scheduler.js';
import { createBackgroundTasks } from './runtime/background-tasks.js';
import { PluginHost } from './runtime/plugin-host.js';
import { createHttpClient, type ClosableHttpClient } from './http/http-client.js';
import { createLogger } from './logging/create-logger.js';

export interface CreateProxyOptions {
  settings: Settings;
  /** The app's explicit plugin list (decision 6); `plugin_packages` from settings are added. */
  plugins?: readonly (AnyPluginFactory | PluginRegistration)[];
  logger?: Logger;
  /** Where `plugin_packages` are resolved from; default the current directory. */
  cwd?: string;
  env?: Record<string, string | undefined>;
  paths?: AppPaths;
  /** Per-plugin limits in milliseconds (tests shorten them). */
  timeouts?: { initMs?: number; healthMs?: number; shutdownMs?: number };
}

/** The assembled proxy without an HTTP server: the composition root the app (or an embedder) mounts. */
export interface ProxyHost {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly events: HookBus;
  readonly registry: PluginRegistry;
  readonly plugins: PluginHost;
  readonly capabilities: AppCapabilityRegistry;
  readonly http: ClosableHttpClient;
  readonly scheduler: ReturnType<typeof createScheduler>;
  readonly paths: AppPaths;
  /** Plugin packages that could not be loaded (reported in /plugins and logs, never fatal). */
  readonly loadErrors: readonly PluginPackageError[];
  start(): Promise<void>;
  /**
   * Announces the shutdown (`app.shutdown`, awaited) once: plugins end long-lived streams (approval
   * feeds, live logs) and refuse new work, so in-flight proxied requests can finish within the grace
   * period. `stop()` calls it when the server did not.
   */
  beginShutdown(): Promise<void>;
  stop(): Promise<void>;
  /** Completes a request summary (cost from the pricing capability) and emits the summary event. */
  finishRequest(summary: RequestSummary, failed: boolean): void;
}

export async function createProxy(options: CreateProxyOptions): Promise<ProxyHost> {
  const { settings } = options;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: settings.logging.level, secrets: settings.security.auth_token ? [settings.security.auth_token] : [] });
  const registry = new PluginRegistry();
  const loadErrors: PluginPackageError[] = [];

  for (const plugin of options.plugins ?? []) registry.register(plugin, 'programmatic');
  if (settings.plugin_packages.length > 0) {
    const { loaded, errors } = await loadPluginPackages(settings.plugin_packages, options.cwd ?? process.cwd());
    loadErrors.push(...errors);
    for (const { packageName, plugin } of loaded) {
      try {
        registry.register(plugin, 'package', packageName);
      } catch (error) {
        loadErrors.push({ packageName, message: (error as Error).message });
      }
    }
    for (const error of loadErrors) logger.error({ package: error.packageName, reason: error.message }, 'plugin_load_failed');
  }
  logger.info({ count: registry.list().length, names: registry.list().map((plugin) => plugin.name) }, 'plugins_discovered');

  const events = createHookBus({ logger: logger.child({ category: 'hooks' }) });
  const capabilities = createCapabilityRegistry();
  const scheduler = createScheduler({ logger: logger.child({ category: 'scheduler' }), maxConcurrent: settings.scheduler.max_concurrent_tasks });
  const background = createBackgroundTasks({ logger: logger.child({ category: 'background' }) });
  const http = createHttpClient({
    connectTimeoutMs: settings.http.timeouts.connect_seconds * 1000,
    requestTimeoutMs: settings.http.timeouts.request_seconds * 1000,
    streamIdleTimeoutMs: settings.http.timeouts.stream_idle_seconds * 1000,
    env,
  });
  const paths = options.paths ?? resolveAppPaths(env, env.HOME ?? homedir());
  const plugins = new PluginHost({
    registry,
    settings,
    logger,
    events,
    capabilities,
    scheduler,
    background,
    http,
    paths,
    ...(options.timeouts?.initMs === undefined ? {} : { initTimeoutMs: options.timeouts.initMs }),
    ...(options.timeouts?.healthMs === undefined ? {} : { healthTimeoutMs: options.timeouts.healthMs }),
    ...(options.timeouts?.shutdownMs === undefined ? {} : { shutdownTimeoutMs: options.timeouts.shutdownMs }),
  });

  let started = false;
  let stopped = false;
  let shutdownAnnounced: Promise<void> | undefined;
  const beginShutdown = () => (shutdownAnnounced ??= started ? events.emitAndWait('app.shutdown', { phase: 'shutdown' }) : Promise.resolve());
  return {
    settings,
    logger,
    events,
    registry,
    plugins,
    capabilities,
    http,
    scheduler,
    paths,
    loadErrors,
    async start() {
      if (started) return;
      started = true;
      if (settings.scheduler.enabled) scheduler.start();
      await plugins.start();
      await events.emitAndWait('app.startup', { phase: 'startup' });
    },
    beginShutdown,
    async stop() {
      if (!started || stopped) return;
      stopped = true;
      await beginShutdown();
      await scheduler.stop(settings.scheduler.graceful_shutdown_timeout * 1000);
      // Deliver the summaries of the last requests before the plugins that store them close.
      await events.drain(5000);
      await plugins.stop();
      await background.stop(5000);
      await events.drain(5000);
      http.close();
    },
    finishRequest(summary, failed) {
      if (summary.cost_usd === null && summary.usage) {
        const model = summary.model_sent ?? summary.model_requested;
        const pricing = capabilities.get(costCalculator);
        if (model && pricing) {
          try {
            summary.cost_usd = pricing.cost(model, summary.usage);
          } catch (error) {
            logger.warn({ err: error, model }, 'cost_calculation_failed');
          }
        }
      }
      events.emit(failed ? 'request.failed' : 'request.completed', summary);
    },
  };
}
