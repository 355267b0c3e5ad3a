import type { PluginManifest } from '../declaration/plugin-manifest.js';

export interface ResolvedOrder {
  /** Initialization order: dependencies first, lexicographically smallest ready plugin first. */
  readonly order: string[];
  /** Plugins that cannot start, with the reason. */
  readonly skipped: Map<string, string>;
}

type OrderInput = Pick<PluginManifest, 'name' | 'dependencies' | 'optionalDependencies' | 'provides' | 'requires' | 'optionalRequires'>;

/**
 * Dependency resolution of core.md §6.3: prune plugins with missing plugin dependencies or
 * capabilities (repeatedly, so skips cascade), add ordering edges to capability providers, then
 * Kahn's algorithm with a deterministic tie-break. Plugins on or behind a cycle are skipped.
 */
export function resolveOrder(manifests: readonly OrderInput[]): ResolvedOrder {
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const available = new Set(byName.keys());
  const skipped = new Map<string, string>();

  for (;;) {
    const provided = new Set<string>();
    for (const name of available) for (const key of byName.get(name)?.provides ?? []) provided.add(key.id);
    const removed: string[] = [];
    for (const name of [...available].sort()) {
      const manifest = byName.get(name);
      const missingPlugins = (manifest?.dependencies ?? []).filter((dependency) => !available.has(dependency));
      if (missingPlugins.length > 0) {
        removed.push(name);
        const reasons = missingPlugins.map((dependency) => (skipped.has(dependency) ? `${dependency} (${skipped.get(dependency)})` : dependency));
        skipped.set(name, `missing plugin dependencies: ${reasons.join(', ')}`);
        continue;
      }
      const missingCapabilities = (manifest?.requires ?? []).filter((key) => !provided.has(key.id)).map((key) => key.id);
      if (missingCapabilities.length > 0) {
        removed.push(name);
        skipped.set(name, `missing required capabilities: ${missingCapabilities.join(', ')}`);
      }
    }
    if (removed.length === 0) break;
    for (const name of removed) available.delete(name);
  }

  // Edges: name -> plugins it must come after.
  const after = new Map<string, Set<string>>();
  for (const name of available) {
    const manifest = byName.get(name);
    const edges = new Set<string>();
    for (const dependency of manifest?.dependencies ?? []) edges.add(dependency);
    for (const dependency of manifest?.optionalDependencies ?? []) if (available.has(dependency)) edges.add(dependency);
    for (const key of [...(manifest?.requires ?? []), ...(manifest?.optionalRequires ?? [])]) {
      const providers = [...available].filter((candidate) => byName.get(candidate)?.provides?.some((provided) => provided.id === key.id)).sort();
      const first = providers[0];
      if (first !== undefined && first !== name) edges.add(first);
    }
    after.set(name, edges);
  }

  const indegree = new Map<string, number>();
  const consumers = new Map<string, string[]>();
  for (const [name, edges] of after) {
    indegree.set(name, edges.size);
    for (const edge of edges) consumers.set(edge, [...(consumers.get(edge) ?? []), name]);
  }
  const queue = [...available].filter((name) => indegree.get(name) === 0).sort();
  const order: string[] = [];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    order.push(name);
    for (const consumer of consumers.get(name) ?? []) {
      const remaining = (indegree.get(consumer) ?? 0) - 1;
      indegree.set(consumer, remaining);
      if (remaining === 0) {
        queue.push(consumer);
        queue.sort();
      }
    }
  }
  for (const name of available) if (!order.includes(name)) skipped.set(name, 'circular dependency');
  return { order, skipped };
}
