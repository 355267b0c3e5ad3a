import type { Settings } from '../settings/settings-schema.js';
import type { PluginManifest } from '../declaration/plugin-manifest.js';

export interface Enablement {
  readonly enabled: boolean;
  readonly reason?: string;
}

/**
 * Allow/deny semantics of core.md §7.3 (the recommended TS form): deny always wins, an explicit
 * `plugins.<name>.enabled = true` always enables, opt-in plugins need that explicit switch.
 */
export function pluginEnablement(settings: Settings, manifest: Pick<PluginManifest, 'name' | 'defaultEnabled'>): Enablement {
  const name = manifest.name;
  if (!settings.enable_plugins) return { enabled: false, reason: 'plugin system disabled' };
  const section = settings.plugins[name];
  const explicit = section?.enabled;
  if (settings.disabled_plugins?.includes(name) || explicit === false) return { enabled: false, reason: 'disabled via config' };
  if (explicit === true) return { enabled: true };
  if (settings.enabled_plugins) {
    return settings.enabled_plugins.includes(name) ? { enabled: true } : { enabled: false, reason: 'not in enabled_plugins' };
  }
  if (manifest.defaultEnabled === false) return { enabled: false, reason: 'opt-in plugin not enabled' };
  return { enabled: true };
}
