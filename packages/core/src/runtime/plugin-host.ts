import { CcproxyError, ConfigError } from '../errors/ccproxy-error.js';
import type { Middleware, ProxyRequest, ProxyResponse } from '../declaration/http.js';
import type { FormatId } from '../declaration/formats.js';
import type { HealthReport, PluginContext, PluginKind, PluginLifecycle, PluginManifest } from '../declaration/plugin-manifest.js';
import type { Logger } from '../declaration/logger.js';
import type { HttpClient } from '../declaration/http-client.js';
import type { AppPaths, BackgroundTasks, Scheduler } from '../declaration/services.js';
import type { HttpMethod } from '../declaration/http.js';
import { validateManifest } from '../declaration/validate-manifest.js';
import { MiddlewareLayer } from '../declaration/specs.js';
import type { Settings } from '../settings/settings-schema.js';
import { validateSection } from '../settings/load-settings.js';
import type { PluginRegistry, RegisteredPlugin } from '../factory/plugin-registry.js';
import { pluginEnablement } from '../factory/plugin-filter.js';
import { resolveOrder } from '../factory/resolve-order.js';
import type { HookBus } from './hook-bus.js';
import type { AppCapabilityRegistry } from './capability-registry.js';
import { withTimeout } from './with-timeout.js';

export type PluginState = 'registered' | 'disabled' | 'skipped' | 'initializing' | 'active' | 'failed' | 'stopped';

export interface PluginStatus {
  name: string;
  kind: PluginKind;
  version: string;
  description: string;
  state: PluginState;
  reason?: string;
  source: 'programmatic' | 'package';
  package?: string;
  init_ms?: number;
  dependencies: string[];
  provides: string[];
  requires: string[];
  optional_requires: string[];
  routes: string[];
  tasks: string[];
  middleware: { name: string; priority: number }[];
}

/** The live side of one plugin: its state, validated config and what `setup` returned. */
export interface PluginRuntime {
  readonly name: string;
  readonly manifest: PluginManifest<unknown, unknown>;
  readonly state: PluginState;
  readonly reason: string | undefined;
  readonly instance: PluginLifecycle | undefined;
  readonly config: unknown;
}

/** A plugin route ready to mount: the handler refuses with 503 while its plugin is not active. */
export interface MountedRoute {
  readonly plugin: string;
  readonly kind: PluginKind;
  readonly prefix: string;
  readonly path: string;
  readonly methods: readonly HttpMethod[];
  readonly auth: 'required' | 'none';
  readonly loopbackOnly: boolean;
  readonly format: FormatId | undefined;
  handle(request: ProxyRequest): Promise<ProxyResponse>;
}

export interface MountedMiddleware {
  readonly plugin: string;
  readonly name: string;
  readonly priority: number;
  readonly handler: Middleware;
}

export interface PluginHostOptions {
  registry: PluginRegistry;
  settings: Settings;
  logger: Logger;
  events: HookBus;
  capabilities: AppCapabilityRegistry;
  scheduler: Scheduler & { removeOwner(owner: string): Promise<void> };
  background: BackgroundTasks;
  http: HttpClient;
  paths: AppPaths;
  /** Per-plugin limits, milliseconds (tests shorten them). */
  initTimeoutMs?: number;
  healthTimeoutMs?: number;
  shutdownTimeoutMs?: number;
}

interface Slot {
  readonly plugin: RegisteredPlugin;
  state: PluginState;
  reason: string | undefined;
  config: unknown;
  instance: PluginLifecycle | undefined;
  abort: AbortController;
  initMs: number | undefined;
  middleware: MountedMiddleware[];
}

/**
 * Runtime layer: validates, orders, sets up and shuts down plugins, isolating each one's failures
 * (core.md §2.2, §6.4–6.6). A failing plugin is `failed`, its dependents `skipped`, the rest run.
 */
export class PluginHost {
  readonly #options: PluginHostOptions;
  readonly #slots = new Map<string, Slot>();
  #order: string[] = [];
  #started = false;
  #stopped = false;

  constructor(options: PluginHostOptions) {
    this.#options = options;
    for (const plugin of options.registry.list()) {
      this.#slots.set(plugin.name, { plugin, state: 'registered', reason: undefined, config: undefined, instance: undefined, abort: new AbortController(), initMs: undefined, middleware: [] });
    }
  }

  get initializationOrder(): readonly string[] {
    return this.#order;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const { logger, settings } = this.#options;

    const candidates: Slot[] = [];
    for (const slot of this.#slots.values()) {
      const manifest = slot.plugin.manifest;
      const problems = validateManifest(manifest);
      if (problems.length > 0) {
        this.#fail(slot, `invalid manifest: ${problems.join('; ')}`);
        continue;
      }
      const enablement = pluginEnablement(settings, manifest);
      if (!enablement.enabled) {
        slot.state = 'disabled';
        slot.reason = enablement.reason;
        continue;
      }
      try {
        slot.config = this.#validateConfig(slot);
      } catch (error) {
        this.#fail(slot, error instanceof ConfigError ? error.message : `invalid configuration: ${(error as Error).message}`);
        continue;
      }
      candidates.push(slot);
    }

    this.#checkRouteCollisions(candidates);
    const ready = candidates.filter((slot) => slot.state === 'registered');
    this.#checkFormatAdapters(ready);
    const { order, skipped } = resolveOrder(ready.filter((slot) => slot.state === 'registered').map((slot) => slot.plugin.manifest));
    for (const [name, reason] of skipped) {
      const slot = this.#slots.get(name);
      if (slot) {
        slot.state = 'skipped';
        slot.reason = reason;
      }
    }
    if (skipped.size > 0) logger.warn({ skipped: Object.fromEntries(skipped) }, 'plugins_skipped_due_to_missing_dependencies');
    this.#order = order;

    for (const name of order) {
      const slot = this.#slots.get(name);
      if (slot) await this.#setup(slot);
    }
    logger.info(
      { active: this.statuses().filter((status) => status.state === 'active').map((status) => status.name), order },
      'plugins_initialized',
    );
  }

  async stop(): Promise<void> {
    if (!this.#started || this.#stopped) return;
    this.#stopped = true;
    for (const name of [...this.#order].reverse()) {
      const slot = this.#slots.get(name);
      if (slot?.state === 'active') await this.#teardown(slot);
    }
  }

  runtime(name: string): PluginRuntime | undefined {
    const slot = this.#slots.get(name);
    if (!slot) return undefined;
    return { name, manifest: slot.plugin.manifest, state: slot.state, reason: slot.reason, instance: slot.instance, config: slot.config };
  }

  statuses(): PluginStatus[] {
    return [...this.#slots.values()].map((slot) => {
      const manifest = slot.plugin.manifest;
      return {
        name: slot.plugin.name,
        kind: manifest.kind,
        version: String(manifest.version),
        description: manifest.description ?? '',
        state: slot.state,
        ...(slot.reason ? { reason: slot.reason } : {}),
        source: slot.plugin.source,
        ...(slot.plugin.packageName ? { package: slot.plugin.packageName } : {}),
        ...(slot.initMs !== undefined ? { init_ms: Math.round(slot.initMs) } : {}),
        dependencies: [...(manifest.dependencies ?? [])],
        provides: (manifest.provides ?? []).map((key) => key.id),
        requires: (manifest.requires ?? []).map((key) => key.id),
        optional_requires: (manifest.optionalRequires ?? []).map((key) => key.id),
        routes: (manifest.routes ?? []).map((route) => route.prefix),
        tasks: (manifest.tasks ?? []).map((task) => task.name),
        middleware: (manifest.middleware ?? []).map((spec) => ({ name: spec.name, priority: spec.priority ?? MiddlewareLayer.APPLICATION })),
      };
    });
  }

  /** Health of one plugin, bounded by a timeout; never throws. */
  async health(name: string): Promise<HealthReport & { state: PluginState }> {
    const slot = this.#slots.get(name);
    if (!slot) return { status: 'fail', output: `plugin "${name}" is not registered`, state: 'failed' };
    if (slot.state !== 'active') {
      const status = slot.state === 'disabled' ? 'pass' : 'fail';
      return { status, output: slot.reason ?? `plugin is ${slot.state}`, state: slot.state };
    }
    const instance = slot.instance;
    if (typeof instance?.health !== 'function') return { status: 'pass', state: 'active' };
    try {
      const report = await withTimeout(Promise.resolve(instance.health()), this.#options.healthTimeoutMs ?? 10_000, 'health check timed out');
      return { ...report, state: 'active' };
    } catch (error) {
      return { status: 'fail', output: (error as Error).message, state: 'active' };
    }
  }

  /** Routes of every enabled plugin (failed or skipped ones answer 503 with the reason). */
  routes(): MountedRoute[] {
    const mounted: MountedRoute[] = [];
    for (const slot of this.#slots.values()) {
      if (slot.state === 'disabled') continue;
      const manifest = slot.plugin.manifest;
      for (const spec of manifest.routes ?? []) {
        for (const route of spec.routes) {
          mounted.push({
            plugin: slot.plugin.name,
            kind: manifest.kind,
            prefix: spec.prefix,
            path: route.path,
            methods: typeof route.method === 'string' ? [route.method] : [...route.method],
            auth: spec.auth ?? 'required',
            loopbackOnly: spec.loopbackOnly ?? false,
            format: route.format,
            handle: async (request) => {
              if (slot.state !== 'active' || slot.instance === undefined) {
                throw new CcproxyError('PLUGIN_NOT_ACTIVE', `Plugin ${slot.plugin.name} not initialized${slot.reason ? `: ${slot.reason}` : ''}`, { plugin: slot.plugin.name });
              }
              return route.handler(request, slot.instance);
            },
          });
        }
      }
    }
    return mounted;
  }

  /** Middleware of active plugins, outermost first: priority, then plugin name, then declaration order. */
  middleware(): MountedMiddleware[] {
    return [...this.#slots.values()]
      .filter((slot) => slot.state === 'active')
      .flatMap((slot) => slot.middleware)
      .sort((a, b) => a.priority - b.priority || a.plugin.localeCompare(b.plugin));
  }

  #validateConfig(slot: Slot): unknown {
    const manifest = slot.plugin.manifest;
    const section = { ...(this.#options.settings.plugins[slot.plugin.name] ?? {}), ...slot.plugin.options };
    if (!manifest.configSchema) return section;
    return validateSection(manifest.configSchema, section, `plugins.${slot.plugin.name}`);
  }

  #checkRouteCollisions(slots: readonly Slot[]): void {
    const seen = new Map<string, string>();
    for (const slot of slots) {
      for (const spec of slot.plugin.manifest.routes ?? []) {
        for (const route of spec.routes) {
          const methods = typeof route.method === 'string' ? [route.method] : route.method;
          for (const method of methods) {
            const key = `${method} ${spec.prefix}${route.path}`;
            const owner = seen.get(key);
            if (owner && owner !== slot.plugin.name && slot.state === 'registered') {
              this.#fail(slot, `route ${key} is already served by plugin "${owner}"`);
            } else seen.set(key, slot.plugin.name);
          }
        }
      }
    }
  }

  #checkFormatAdapters(slots: readonly Slot[]): void {
    const pairs = new Set(slots.flatMap((slot) => (slot.plugin.manifest.formatAdapters ?? []).map((spec) => `${spec.from}->${spec.to}`)));
    for (const slot of slots) {
      const missing = (slot.plugin.manifest.requiresFormatAdapters ?? []).map(([from, to]) => `${from}->${to}`).filter((pair) => !pairs.has(pair));
      if (missing.length > 0) {
        slot.state = 'skipped';
        slot.reason = `missing format adapters: ${missing.join(', ')}`;
      }
    }
  }

  #fail(slot: Slot, reason: string, error?: unknown): void {
    slot.state = 'failed';
    slot.reason = reason;
    this.#options.logger.error({ plugin: slot.plugin.name, reason, ...(error ? { err: error } : {}) }, 'plugin_initialization_failed');
    this.#options.events.emit('plugin.error', { name: slot.plugin.name, phase: 'setup', error: reason });
  }

  async #setup(slot: Slot): Promise<void> {
    const { logger, events, capabilities, scheduler, background, http, paths, settings } = this.#options;
    const name = slot.plugin.name;
    const manifest = slot.plugin.manifest;

    const blocked = (manifest.dependencies ?? []).find((dependency) => this.#slots.get(dependency)?.state !== 'active');
    if (blocked) {
      slot.state = 'skipped';
      slot.reason = `dependency ${blocked} ${this.#slots.get(blocked)?.state ?? 'missing'}`;
      return;
    }
    const unavailable = (manifest.requires ?? []).find((key) => capabilities.get(key) === undefined);
    if (unavailable) {
      slot.state = 'skipped';
      slot.reason = `required capability ${unavailable.id} is not provided (its provider is not active)`;
      return;
    }

    slot.state = 'initializing';
    const pluginLogger = logger.child({ plugin: name });
    const context: PluginContext<unknown> = {
      name,
      config: slot.config,
      settings,
      logger: pluginLogger,
      http,
      events: events.forOwner(name),
      capabilities: capabilities.forPlugin(name, manifest.provides ?? []),
      scheduler: {
        add: (task) => scheduler.add(task, name),
        remove: (taskName) => scheduler.remove(taskName),
        status: () => scheduler.status().filter((task) => task.plugin === name),
      },
      background,
      paths,
      signal: slot.abort.signal,
    };
    const started = performance.now();
    const timeoutMs = this.#options.initTimeoutMs ?? settings.plugin_init_timeout_seconds * 1000;
    const setupPromise = Promise.resolve().then(() => slot.plugin.factory.definition.setup(context as never));
    try {
      const instance = await withTimeout(setupPromise, timeoutMs, `initialization timed out after ${timeoutMs / 1000}s`);
      slot.instance = (instance ?? {});
      this.#activate(slot);
      slot.initMs = performance.now() - started;
      slot.state = 'active';
      pluginLogger.debug({ init_ms: Math.round(slot.initMs) }, 'plugin_initialized');
      events.emit('plugin.loaded', { name, kind: manifest.kind, version: String(manifest.version) });
    } catch (error) {
      await this.#cleanupAfterFailure(slot);
      this.#fail(slot, (error as Error).message || String(error), error);
      // A setup that resolves after its timeout must not leave resources running.
      setupPromise.then((late) => void (late as PluginLifecycle | undefined)?.close?.(), () => undefined);
    }
  }

  #activate(slot: Slot): void {
    const { events, scheduler } = this.#options;
    const name = slot.plugin.name;
    const manifest = slot.plugin.manifest;
    const instance = slot.instance;
    const bus = events.forOwner(name);
    for (const hook of manifest.hooks ?? []) {
      if (hook.kind === 'interceptor') {
        bus.intercept(hook.event, (payload) => hook.handler(payload as never, instance), hook.order ? { order: hook.order } : undefined);
      } else {
        bus.on(hook.event, (payload) => hook.handler(payload as never, instance), hook.priority === undefined ? undefined : { priority: hook.priority });
      }
    }
    for (const task of manifest.tasks ?? []) {
      const configured = task.configure?.(slot.config) ?? {};
      if (!(configured.enabled ?? task.enabled ?? true)) continue;
      scheduler.add(
        {
          name: task.name,
          intervalSeconds: configured.intervalSeconds ?? task.intervalSeconds,
          ...(task.skipInitialRun === undefined ? {} : { skipInitialRun: task.skipInitialRun }),
          ...(task.maxBackoffSeconds === undefined ? {} : { maxBackoffSeconds: task.maxBackoffSeconds }),
          ...(task.jitterFactor === undefined ? {} : { jitterFactor: task.jitterFactor }),
          run: (signal) => task.run(instance, signal),
        },
        name,
      );
    }
    slot.middleware = (manifest.middleware ?? []).map((spec) => ({
      plugin: name,
      name: spec.name,
      priority: spec.priority ?? MiddlewareLayer.APPLICATION,
      handler: spec.create(instance),
    }));
  }

  async #cleanupAfterFailure(slot: Slot): Promise<void> {
    const name = slot.plugin.name;
    slot.abort.abort();
    this.#options.events.removeOwner(name);
    this.#options.capabilities.removeOwner(name);
    await this.#options.scheduler.removeOwner(name).catch(() => undefined);
    slot.middleware = [];
    slot.instance = undefined;
  }

  async #teardown(slot: Slot): Promise<void> {
    const { logger, events } = this.#options;
    const name = slot.plugin.name;
    await this.#options.scheduler.removeOwner(name).catch((error: unknown) => logger.warn({ plugin: name, err: error }, 'plugin_task_removal_failed'));
    try {
      const instance = slot.instance;
      if (typeof instance?.close === 'function') await withTimeout(Promise.resolve(instance.close()), this.#options.shutdownTimeoutMs ?? 10_000, 'shutdown timed out');
    } catch (error) {
      logger.error({ plugin: name, err: error }, 'plugin_shutdown_failed');
    }
    slot.abort.abort();
    events.removeOwner(name);
    this.#options.capabilities.removeOwner(name);
    slot.middleware = [];
    slot.state = 'stopped';
    slot.reason = 'server stopped';
    events.emit('plugin.unloaded', { name });
  }
}
