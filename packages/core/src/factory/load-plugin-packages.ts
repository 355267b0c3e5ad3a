import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { isPluginFactory, isPluginRegistration, type AnyPluginFactory, type PluginRegistration } from '../declaration/define-plugin.js';

export interface LoadedPluginPackage {
  readonly packageName: string;
  readonly plugin: AnyPluginFactory | PluginRegistration;
}

export interface PluginPackageError {
  readonly packageName: string;
  readonly message: string;
}

/**
 * Imports the packages named in `plugin_packages` (decision 6; never a node_modules scan). Each must
 * export a plugin factory as `default`, `factory` or `plugin`, or as its only factory-shaped export.
 * Failures are returned, never thrown: one bad package must not stop the server.
 */
export async function loadPluginPackages(packageNames: readonly string[], resolveFrom: string): Promise<{ loaded: LoadedPluginPackage[]; errors: PluginPackageError[] }> {
  const loaded: LoadedPluginPackage[] = [];
  const errors: PluginPackageError[] = [];
  const require = createRequire(join(resolveFrom, 'noop.js'));
  for (const packageName of packageNames) {
    let module: Record<string, unknown>;
    try {
      const specifier = packageName.startsWith('.') || packageName.startsWith('/') ? pathToFileURL(join(resolveFrom, packageName)).href : packageName;
      let url = specifier;
      if (!specifier.startsWith('file:')) {
        try {
          url = pathToFileURL(require.resolve(specifier)).href;
        } catch {
          // ESM-only packages without a "require" condition: let import() resolve from here.
          url = specifier;
        }
      }
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
        ? `package not found: install it next to ccproxy (npm install ${packageName}) — ${(error as Error).message}`
        : `failed to import: ${(error as Error).message}`;
      errors.push({ packageName, message });
      continue;
    }
    const candidates = [module.default, module.factory, module.plugin, ...Object.values(module)];
    const plugin = candidates.find((value): value is AnyPluginFactory | PluginRegistration => isPluginFactory(value) || isPluginRegistration(value));
    if (!plugin) errors.push({ packageName, message: 'the package exports no ccproxy plugin factory (expected a definePlugin() result as the default export)' });
    else loaded.push({ packageName, plugin });
  }
  return { loaded, errors };
}
