import { PLUGIN_API_VERSION, type PluginManifest } from './plugin-manifest.js';

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const KINDS = new Set(['provider', 'auth_provider', 'system']);

/**
 * Structural checks on a manifest. Returns one message per problem, each naming the field,
 * so a broken plugin is reported `failed` with a useful reason instead of crashing the app.
 */
export function validateManifest(manifest: PluginManifest<unknown, unknown>): string[] {
  const problems: string[] = [];
  const name = typeof manifest.name === 'string' ? manifest.name : '';
  if (!NAME_PATTERN.test(name)) problems.push(`name: "${String(manifest.name)}" must match ${NAME_PATTERN} (snake_case, e.g. "my_plugin")`);
  if (typeof manifest.version !== 'string' || manifest.version.trim() === '') problems.push('version: must be a non-empty string');
  if (manifest.apiVersion !== PLUGIN_API_VERSION) {
    problems.push(`apiVersion: ${String(manifest.apiVersion)} is not supported by this core (supported: ${String(PLUGIN_API_VERSION)})`);
  }
  if (!KINDS.has(manifest.kind)) problems.push(`kind: "${String(manifest.kind)}" must be one of provider, auth_provider, system`);
  if (manifest.dependencies?.includes(name)) problems.push('dependencies: a plugin cannot depend on itself');

  for (const [index, route] of (manifest.routes ?? []).entries()) {
    if (!route.prefix.startsWith('/') || (route.prefix.length > 1 && route.prefix.endsWith('/'))) {
      problems.push(`routes[${index}].prefix: "${route.prefix}" must start with "/" and not end with "/"`);
    }
    for (const [routeIndex, definition] of route.routes.entries()) {
      if (!definition.path.startsWith('/')) problems.push(`routes[${index}].routes[${routeIndex}].path: "${definition.path}" must start with "/"`);
      if (typeof definition.handler !== 'function') problems.push(`routes[${index}].routes[${routeIndex}].handler: must be a function`);
    }
  }

  const taskNames = new Set<string>();
  for (const [index, task] of (manifest.tasks ?? []).entries()) {
    if (!task.name) problems.push(`tasks[${index}].name: must be a non-empty string`);
    if (taskNames.has(task.name)) problems.push(`tasks[${index}].name: duplicate task name "${task.name}"`);
    taskNames.add(task.name);
  }

  for (const [index, spec] of (manifest.formatAdapters ?? []).entries()) {
    if (!spec.from || !spec.to) problems.push(`formatAdapters[${index}]: format names cannot be empty`);
    else if (spec.from === spec.to) problems.push(`formatAdapters[${index}]: from and to are both "${spec.from}"`);
  }

  for (const [index, spec] of (manifest.middleware ?? []).entries()) {
    if (!spec.name) problems.push(`middleware[${index}].name: must be a non-empty string`);
    if (spec.priority !== undefined && !Number.isFinite(spec.priority)) problems.push(`middleware[${index}].priority: must be a finite number`);
  }

  for (const [index, command] of (manifest.cliCommands ?? []).entries()) {
    if (!command.name) problems.push(`cliCommands[${index}].name: must be a non-empty string`);
  }
  return problems;
}
