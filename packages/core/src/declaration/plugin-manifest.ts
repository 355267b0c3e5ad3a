import type { CapabilityKey } from './capability.js';
import type { AuthCommandSpec, CliCommandSpec, FormatAdapterSpec, HookSpec, MiddlewareSpec, RouteSpec, TaskSpec } from './specs.js';
import type { FormatId } from './formats.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { Logger } from './logger.js';
import type { Settings } from '../settings/settings-schema.js';
import type { HttpClient } from './http-client.js';
import type { EventBus } from './events.js';
import type { AppPaths, BackgroundTasks, CapabilityRegistry, Scheduler } from './services.js';

export type PluginKind = 'provider' | 'auth_provider' | 'system';

/** The plugin API generation this core implements. */
export const PLUGIN_API_VERSION = 1;

/** What a plugin is, before anything runs: plain data, safe to list in a CLI. */
export interface PluginManifest<TConfig = unknown, TRuntime = unknown> {
  /** snake_case id; also the config key `[plugins.<name>]` and env prefix `PLUGINS__<NAME>__`. */
  readonly name: string;
  readonly version: string;
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  readonly kind: PluginKind;
  readonly description?: string;
  /** Plugins that must be active first. */
  readonly dependencies?: readonly string[];
  /** Plugins initialised first when present. */
  readonly optionalDependencies?: readonly string[];
  /** Capabilities this plugin provides during setup. */
  readonly provides?: readonly CapabilityKey<unknown>[];
  /** Capabilities another active plugin must provide, else this one is skipped. */
  readonly requires?: readonly CapabilityKey<unknown>[];
  /** Capabilities used when present (ordering edge only). */
  readonly optionalRequires?: readonly CapabilityKey<unknown>[];
  /** Validates `[plugins.<name>]` and applies defaults (zod 4, valibot, ...: any Standard Schema). */
  readonly configSchema?: StandardSchemaV1<unknown, TConfig>;
  /** Default true. Opt-in plugins set false and need `plugins.<name>.enabled = true`. */
  readonly defaultEnabled?: boolean;
  /** May be loaded by CLI commands without a server. Default false. */
  readonly cliSafe?: boolean;
  readonly routes?: readonly RouteSpec<TRuntime>[];
  readonly middleware?: readonly MiddlewareSpec<TRuntime>[];
  readonly tasks?: readonly TaskSpec<TRuntime, TConfig>[];
  readonly hooks?: readonly HookSpec<TRuntime>[];
  readonly formatAdapters?: readonly FormatAdapterSpec[];
  readonly requiresFormatAdapters?: readonly (readonly [FormatId, FormatId])[];
  readonly cliCommands?: readonly CliCommandSpec<TConfig>[];
  readonly authCommands?: readonly AuthCommandSpec<TConfig>[];
  /** Config keys (inside the plugin section) that hold secrets: masked in output and logs. */
  readonly secretConfigKeys?: readonly string[];
}

/** Everything a plugin's `setup` receives. Every field is set; nothing is nullable. */
export interface PluginContext<TConfig = unknown> {
  readonly name: string;
  readonly config: TConfig;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly http: HttpClient;
  readonly events: EventBus;
  readonly capabilities: CapabilityRegistry;
  readonly scheduler: Scheduler;
  readonly background: BackgroundTasks;
  readonly paths: AppPaths;
  /** Aborted when the plugin shuts down. */
  readonly signal: AbortSignal;
}

export type HealthStatus = 'pass' | 'warn' | 'fail';

export interface HealthReport {
  readonly status: HealthStatus;
  readonly output?: string;
  readonly details?: Record<string, unknown>;
}

/**
 * What `setup` may return besides the plugin's own state: optional lifecycle callbacks. The runtime
 * object is any object; the host calls these when present.
 */
export interface PluginLifecycle {
  health?(): Promise<HealthReport> | HealthReport;
  close?(): Promise<void> | void;
}

export interface PluginDefinition<TConfig, TRuntime extends object> extends PluginManifest<TConfig, TRuntime> {
  setup(context: PluginContext<TConfig>): TRuntime | Promise<TRuntime>;
}
