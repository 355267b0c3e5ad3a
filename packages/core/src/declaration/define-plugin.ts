import { PLUGIN_API_VERSION, type PluginDefinition, type PluginManifest } from './plugin-manifest.js';

/** Brand that survives duplicate copies of @ccproxy/core (no instanceof checks across copies). */
export const PLUGIN_FACTORY = Symbol.for('ccproxy.pluginFactory');

/** A plugin chosen for an app, with programmatic config that overrides `[plugins.<name>]`. */
export interface PluginRegistration<TConfig = unknown, TRuntime extends object = object> {
  readonly factory: PluginFactory<TConfig, TRuntime>;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * What a plugin package exports: call it (`claudeApi({ base_url })`) to get a registration, or pass
 * it as is. Carries its manifest statically so CLIs can list it without running anything.
 */
export interface PluginFactory<TConfig = unknown, TRuntime extends object = object> {
  (options?: Readonly<Record<string, unknown>>): PluginRegistration<TConfig, TRuntime>;
  readonly [PLUGIN_FACTORY]: true;
  readonly manifest: PluginManifest<TConfig, TRuntime>;
  readonly definition: PluginDefinition<TConfig, TRuntime>;
}

/** Any plugin factory, whatever its config and runtime types (callbacks are methods, hence bivariant). */
export type AnyPluginFactory = PluginFactory<unknown, object>;

export function definePlugin<TConfig, TRuntime extends object>(
  definition: PluginDefinition<TConfig, TRuntime>,
): PluginFactory<TConfig, TRuntime> {
  const manifest: Partial<PluginDefinition<TConfig, TRuntime>> = { ...definition };
  delete manifest.setup;
  const factory = ((options: Readonly<Record<string, unknown>> = {}) => ({ factory, options })) as PluginFactory<TConfig, TRuntime>;
  Object.defineProperties(factory, {
    [PLUGIN_FACTORY]: { value: true },
    manifest: { value: Object.freeze(manifest), enumerable: true },
    definition: { value: definition },
  });
  return factory;
}

export function isPluginFactory(value: unknown): value is AnyPluginFactory {
  if (typeof value !== 'function') return false;
  const candidate = value as unknown as Record<PropertyKey, unknown>;
  if (candidate[PLUGIN_FACTORY] === true) return true;
  // Duck typing for factories built by another copy or version of core.
  const manifest = candidate.manifest as Record<string, unknown> | undefined;
  const definition = candidate.definition as Record<string, unknown> | undefined;
  return typeof manifest?.name === 'string' && typeof definition?.setup === 'function';
}

export function isPluginRegistration(value: unknown): value is PluginRegistration {
  return typeof value === 'object' && value !== null && isPluginFactory((value as { factory?: unknown }).factory);
}

export { PLUGIN_API_VERSION };
