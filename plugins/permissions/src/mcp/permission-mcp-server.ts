import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { deny, type PermissionDecision } from '../check-permission.js';

/** Claude Code addresses it as `mcp__<server name>__check_permission`. */
export const PERMISSION_TOOL_NAME = 'check_permission';
export const MCP_SERVER_NAME = 'CCProxy MCP Server';

export const permissionTool: Tool = {
  name: PERMISSION_TOOL_NAME,
  title: 'Ask the ccproxy user for permission',
  description:
    'Check permissions for a tool call: asks a human approver (ccproxy permissions, or the /permissions API) and waits. ' +
    'Returns text JSON {"behavior":"allow","updatedInput":{...}} or {"behavior":"deny","message":"..."}.',
  inputSchema: {
    type: 'object',
    properties: {
      tool_name: { type: 'string', description: 'Name of the tool Claude wants to use, e.g. Bash' },
      input: { type: 'object', description: 'The tool input, any JSON (nested objects, arrays, numbers, booleans); echoed back unchanged on allow', additionalProperties: true },
      tool_use_id: { type: ['string', 'null'], description: 'The tool_use block id (informational)' },
      permission_id: { type: ['string', 'null'], description: 'Id of an earlier request to reuse instead of asking again' },
    },
    required: ['tool_name', 'input'],
  },
};

export type PermissionToolHandler = (args: unknown, signal: AbortSignal) => Promise<PermissionDecision>;

function result(decision: PermissionDecision): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(decision) }] };
}

/**
 * One MCP server exposing the permission prompt tool. The low-level `Server` (not `McpServer`) so
 * that bad arguments and internal errors still answer with a Deny text, never a tool error.
 */
export function createPermissionMcpServer(version: string, handle: PermissionToolHandler): Server {
  const server = new Server({ name: MCP_SERVER_NAME, version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [permissionTool] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    if (request.params.name !== PERMISSION_TOOL_NAME) {
      return { content: [{ type: 'text', text: `Unknown tool "${request.params.name}"; this server offers ${PERMISSION_TOOL_NAME}` }], isError: true };
    }
    try {
      return result(await handle(request.params.arguments ?? {}, extra.signal));
    } catch (error) {
      return result(deny(`Permission check failed: ${(error as Error).message}`));
    }
  });
  return server;
}
