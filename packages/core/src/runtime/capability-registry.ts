import { CcproxyError } from '../errors/ccproxy-error.js';
import type { CapabilityKey } from '../declaration/capability.js';
import type { CapabilityRegistry } from '../declaration/services.js';

export interface AppCapabilityRegistry {
  /** A view that records the providing plugin and refuses capabilities it did not declare. */
  forPlugin(plugin: string, declared: readonly CapabilityKey<unknown>[]): CapabilityRegistry;
  /** Capabilities provided by a plugin are withdrawn when it stops. */
  removeOwner(plugin: string): void;
  /** capability id -> providing plugin, for /plugins/status. */
  providers(): Record<string, string>;
  get<T>(key: CapabilityKey<T>): T | undefined;
}

export function createCapabilityRegistry(): AppCapabilityRegistry {
  const entries = new Map<string, { owner: string; value: unknown }>();

  function get<T>(key: CapabilityKey<T>): T | undefined {
    return entries.get(key.id)?.value as T | undefined;
  }

  return {
    forPlugin(plugin, declared) {
      return {
        provide(key, implementation) {
          if (!declared.some((candidate) => candidate.id === key.id)) {
            throw new CcproxyError('CAPABILITY_MISSING', `plugin "${plugin}" provides capability "${key.id}" without declaring it in manifest.provides`, { plugin });
          }
          const existing = entries.get(key.id);
          if (existing && existing.owner !== plugin) {
            throw new CcproxyError('CAPABILITY_ALREADY_PROVIDED', `capability "${key.id}" is already provided by plugin "${existing.owner}" (plugin "${plugin}" tried too)`, { plugin });
          }
          entries.set(key.id, { owner: plugin, value: implementation });
        },
        get,
        require(key) {
          const value = get(key);
          if (value === undefined) {
            throw new CcproxyError('CAPABILITY_MISSING', `plugin "${plugin}" needs capability "${key.id}" but no active plugin provides it`, { plugin });
          }
          return value;
        },
        has: (key) => entries.has(key.id),
      };
    },
    removeOwner(plugin) {
      for (const [id, entry] of entries) if (entry.owner === plugin) entries.delete(id);
    },
    providers() {
      return Object.fromEntries([...entries].map(([id, entry]) => [id, entry.owner]));
    },
    get,
  };
}
