import { CcproxyError, json, type ProxyRequest, type ProxyResponse, type RouteDefinition } from '@ccproxy/core';
import { checkPermission, deny, parseCheckArgs } from '../check-permission.js';
import { assertAllowedOrigin, assertLocalClient } from '../http/client-guard.js';
import type { PermissionsRuntime } from '../runtime.js';
import { createPermissionMcpServer } from './permission-mcp-server.js';
import { handleStreamableHttp } from './streamable-http.js';

function guardMcp(request: ProxyRequest, runtime: PermissionsRuntime): void {
  assertLocalClient(request, runtime.config.allow_remote);
  assertAllowedOrigin(request, runtime.cors);
}

function mcpServer(runtime: PermissionsRuntime) {
  return createPermissionMcpServer(runtime.version, async (args, signal) => {
    const parsed = parseCheckArgs(args, runtime.config.max_input_bytes);
    if (!parsed.ok) return deny(`Invalid permission request: ${parsed.message}`);
    return checkPermission(runtime.store, parsed.args, signal);
  });
}

/** `POST|GET|DELETE /mcp`: the MCP server (Streamable HTTP) with the `check_permission` tool. */
async function mcp(request: ProxyRequest, runtime: PermissionsRuntime): Promise<ProxyResponse> {
  guardMcp(request, runtime);
  return handleStreamableHttp(request, () => mcpServer(runtime));
}

/** `GET /mcp/sse`: the legacy HTTP+SSE transport (`"type": "sse"` MCP configs). */
async function legacySse(request: ProxyRequest, runtime: PermissionsRuntime): Promise<ProxyResponse> {
  guardMcp(request, runtime);
  return runtime.legacySessions.open(request, mcpServer(runtime), '/mcp/messages');
}

/** `POST /mcp/messages?sessionId=…`: client messages of a legacy SSE session (202, answer on the stream). */
function legacyMessage(request: ProxyRequest, runtime: PermissionsRuntime): ProxyResponse {
  guardMcp(request, runtime);
  return runtime.legacySessions.post(request);
}

/**
 * `POST /mcp/permission/check`: the same tool as plain JSON (Python's route), for scripts and
 * hooks that do not speak MCP. Waits for the decision; 422/413 for a body that is not a request.
 */
async function plainCheck(request: ProxyRequest, runtime: PermissionsRuntime): Promise<ProxyResponse> {
  guardMcp(request, runtime);
  let body: unknown;
  try {
    body = request.json();
  } catch (error) {
    throw new CcproxyError('INVALID_REQUEST', (error as Error).message, { status: 422, type: 'validation_error', plugin: 'permissions' });
  }
  const parsed = parseCheckArgs(body, runtime.config.max_input_bytes);
  if (!parsed.ok) {
    throw parsed.status === 413
      ? new CcproxyError('REQUEST_TOO_LARGE', parsed.message, { plugin: 'permissions' })
      : new CcproxyError('INVALID_REQUEST', `body -> ${parsed.message}`, { status: 422, type: 'validation_error', plugin: 'permissions' });
  }
  const decision = await checkPermission(runtime.store, parsed.args, request.signal);
  return json({ ...decision });
}

export const mcpRoutes: readonly RouteDefinition<PermissionsRuntime>[] = [
  { method: ['POST', 'GET', 'DELETE'], path: '/', handler: mcp },
  { method: 'GET', path: '/sse', handler: legacySse },
  { method: 'POST', path: '/messages', handler: legacyMessage },
  { method: 'POST', path: '/permission/check', handler: plainCheck },
];
