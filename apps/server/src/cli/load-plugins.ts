import { loadPluginPackages, PluginRegistry, type AnyPluginFactory, type PluginPackageError, type PluginRegistration, type Settings } from '@ccproxy/core';

/** The registry CLI commands inspect: the app's plugins plus `plugin_packages`, nothing started. */
export async function loadRegistry(settings: Settings, plugins: readonly (AnyPluginFactory | PluginRegistration)[], cwd: string): Promise<{ registry: PluginRegistry; errors: PluginPackageError[] }> {
  const registry = new PluginRegistry();
  for (const plugin of plugins) registry.register(plugin);
  const { loaded, errors } = await loadPluginPackages(settings.plugin_packages, cwd);
  for (const { plugin, packageName } of loaded) {
    try {
      registry.register(plugin, 'package', packageName);
    } catch (error) {
      errors.push({ packageName, message: (error as Error).message });
    }
  }
  return { registry, errors };
}
