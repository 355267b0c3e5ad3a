import { CcproxyError } from '../errors/ccproxy-error.js';
import { isPluginFactory, isPluginRegistration, type AnyPluginFactory, type PluginRegistration } from '../declaration/define-plugin.js';
import type { PluginManifest } from '../declaration/plugin-manifest.js';

export type PluginSource = 'programmatic' | 'package';

export interface RegisteredPlugin {
  readonly name: string;
  readonly factory: AnyPluginFactory;
  readonly manifest: PluginManifest<unknown, unknown>;
  /** Programmatic config given to the factory call; overrides `[plugins.<name>]`. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly source: PluginSource;
  /** npm package name when loaded through `plugin_packages`. */
  readonly packageName?: string;
}

/** Factory registration: one entry per plugin name, in registration order. */
export class PluginRegistry {
  readonly #plugins = new Map<string, RegisteredPlugin>();

  register(plugin: AnyPluginFactory | PluginRegistration, source: PluginSource = 'programmatic', packageName?: string): RegisteredPlugin {
    const registration = isPluginRegistration(plugin) ? plugin : isPluginFactory(plugin) ? { factory: plugin, options: {} } : undefined;
    if (!registration) throw new CcproxyError('PLUGIN_LOAD_FAILED', `not a ccproxy plugin factory${packageName ? ` (package ${packageName})` : ''}`);
    const manifest = registration.factory.manifest as unknown as PluginManifest<unknown, unknown>;
    const name = String(manifest.name);
    if (this.#plugins.has(name)) {
      const existing = this.#plugins.get(name);
      throw new CcproxyError('PLUGIN_DUPLICATE', `plugin "${name}" is already registered${existing?.packageName ? ` by package ${existing.packageName}` : ''}`);
    }
    const entry: RegisteredPlugin = { name, factory: registration.factory, manifest, options: registration.options, source, ...(packageName ? { packageName } : {}) };
    this.#plugins.set(name, entry);
    return entry;
  }

  has(name: string): boolean {
    return this.#plugins.has(name);
  }

  get(name: string): RegisteredPlugin | undefined {
    return this.#plugins.get(name);
  }

  list(): RegisteredPlugin[] {
    return [...this.#plugins.values()];
  }

  manifests(): PluginManifest<unknown, unknown>[] {
    return this.list().map((plugin) => plugin.manifest);
  }
}
