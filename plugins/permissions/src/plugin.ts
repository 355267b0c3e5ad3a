import { definePlugin } from '@ccproxy/core';
import { permissionsConfigSchema, type PermissionsConfig } from './config.js';
import { approvalRoutes } from './http/approval-routes.js';
import { mcpRoutes } from './mcp/mcp-routes.js';
import { permissionsCliCommands } from './cli/permissions-command.js';
import { createRuntime, type PermissionsRuntime } from './runtime.js';
import { PERMISSIONS_VERSION } from './version.js';

/**
 * `permissions` (system-plugins.md §3): Claude Code's permission prompt tool as an MCP server at
 * `/mcp`, the approval API at `/permissions`, and the `ccproxy permissions` terminal approver.
 * On by default and inert until a client calls it: no timers or tasks run while nothing is pending.
 */
export const permissions = definePlugin<PermissionsConfig, PermissionsRuntime>({
  name: 'permissions',
  version: PERMISSIONS_VERSION,
  apiVersion: 1,
  kind: 'system',
  description: "Approve Claude Code's tool use over MCP, HTTP, SSE and the terminal",
  configSchema: permissionsConfigSchema,
  routes: [
    // Loopback is enforced inside the handlers: `allow_remote` is configuration, `loopbackOnly` is static.
    { prefix: '/mcp', auth: 'required', routes: mcpRoutes, tags: ['permissions', 'mcp'] },
    { prefix: '/permissions', auth: 'required', routes: approvalRoutes, tags: ['permissions'] },
  ],
  cliCommands: permissionsCliCommands,
  // Deny waiting prompts and end approval streams as soon as the server starts stopping, so these
  // long-lived connections do not hold the shutdown grace period.
  hooks: [{ event: 'app.shutdown', handler: (_event, runtime) => runtime.close?.() }],
  setup: (context) => createRuntime(context, PERMISSIONS_VERSION),
});
