// @ccproxy/plugin-permissions: approve Claude Code's tool use over MCP, HTTP, SSE and the terminal.
export { permissions } from './plugin.js';
export { permissionsConfigSchema, effectiveTimeoutSeconds } from './config.js';
export type { PermissionsConfig } from './config.js';
export type { PermissionsRuntime } from './runtime.js';
export { PermissionStore, secondsRemaining, timedOutMessage, SHUTDOWN_MESSAGE } from './permission-store.js';
export type {
  PermissionRequest,
  PermissionStatus,
  FinalStatus,
  PermissionEvent,
  PermissionListener,
  PermissionStoreOptions,
  CreateResult,
  TransitionResult,
  DecisionSource,
} from './permission-store.js';
export { toWireEvent, toItem } from './permission-events.js';
export type { PermissionWireEvent, PermissionItem } from './permission-events.js';
export { checkPermission, parseCheckArgs, allow, deny, denialMessage } from './check-permission.js';
export type { PermissionDecision, CheckPermissionArgs } from './check-permission.js';
export { systemClock, isoTime } from './clock.js';
export type { Clock } from './clock.js';
export { isLoopbackAddress, isLoopbackHost, assertLocalClient, assertAllowedOrigin } from './http/client-guard.js';
export { approvalStream } from './http/approval-stream.js';
export { PERMISSION_TOOL_NAME, MCP_SERVER_NAME, permissionTool, createPermissionMcpServer } from './mcp/permission-mcp-server.js';
export { ApprovalClient, ApprovalApiError } from './cli/approval-client.js';
export { runPermissionsCommand, permissionsCliCommands, PERMISSIONS_EXIT } from './cli/permissions-command.js';
export type { ApproverTerminal } from './cli/permissions-command.js';
export { runTerminalApprover, TerminalApprover } from './cli/terminal-approver.js';
export type { TerminalApproverOptions } from './cli/terminal-approver.js';
export type { TerminalInput, TerminalOutput } from './cli/terminal.js';
export { formatInput, formatRemaining } from './cli/format.js';
export { PERMISSIONS_VERSION } from './version.js';
