import { SHUTDOWN_MESSAGE, type PermissionRequest, type PermissionStore } from './permission-store.js';

/** What Claude Code expects back from its permission prompt tool (the text content, as JSON). */
export type PermissionDecision =
  | { readonly behavior: 'allow'; readonly updatedInput: unknown }
  | { readonly behavior: 'deny'; readonly message: string };

/** The tool arguments after validation. `input` is any JSON value, kept exactly as sent. */
export interface CheckPermissionArgs {
  readonly toolName: string;
  readonly input: unknown;
  readonly toolUseId: string | null;
  readonly permissionId: string | null;
}

export type ParseResult = { readonly ok: true; readonly args: CheckPermissionArgs } | { readonly ok: false; readonly message: string; readonly status: 413 | 422 };

export function allow(input: unknown): PermissionDecision {
  return { behavior: 'allow', updatedInput: input };
}

export function deny(message: string): PermissionDecision {
  return { behavior: 'deny', message };
}

function optionalString(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Validates `{tool_name, input, tool_use_id?, permission_id?|permissionId?}`. Unlike the Python
 * model (string → string only, [Defect] §3.3), `input` may hold any JSON: numbers, booleans,
 * arrays, nested objects — Claude Code's tool inputs do.
 */
export function parseCheckArgs(value: unknown, maxInputBytes: number): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 422, message: 'the arguments must be a JSON object: {"tool_name": string, "input": object}' };
  }
  const args = value as Record<string, unknown>;
  if (typeof args.tool_name !== 'string' || args.tool_name.trim() === '') {
    return { ok: false, status: 422, message: 'tool_name is required and must be a non-empty string' };
  }
  if (!('input' in args) || args.input === undefined) {
    return { ok: false, status: 422, message: 'input is required (the tool input, any JSON value)' };
  }
  const size = Buffer.byteLength(JSON.stringify(args.input) ?? '', 'utf8');
  if (size > maxInputBytes) {
    return { ok: false, status: 413, message: `input is ${size} bytes of JSON; the limit is ${maxInputBytes} (plugins.permissions.max_input_bytes)` };
  }
  const toolUseId = optionalString(args.tool_use_id);
  if (toolUseId === undefined) return { ok: false, status: 422, message: 'tool_use_id must be a string or null' };
  const permissionId = optionalString(args.permission_id ?? args.permissionId);
  if (permissionId === undefined) return { ok: false, status: 422, message: 'permission_id must be a string or null' };
  return { ok: true, args: { toolName: args.tool_name.trim(), input: args.input, toolUseId, permissionId } };
}

/** The deny reason a caller sees for a request that ended without an allow. */
export function denialMessage(request: PermissionRequest): string {
  if (request.status === 'expired') return request.message ?? 'Permission request timed out';
  if (request.message) return request.message === SHUTDOWN_MESSAGE ? request.message : `User denied the operation: ${request.message}`;
  return 'User denied the operation (status: denied)';
}

/**
 * The permission prompt tool (§3.5): creates a pending request (or reuses the one named by
 * `permission_id`), waits for its decision, and answers Allow or Deny. Never throws for a
 * decision: Claude Code treats a failing tool call as a failure, not as a denial.
 */
export async function checkPermission(store: PermissionStore, args: CheckPermissionArgs, signal?: AbortSignal): Promise<PermissionDecision> {
  let request: PermissionRequest | undefined = args.permissionId ? store.get(args.permissionId) : undefined;
  if (request && request.status !== 'pending') return settledDecision(request, args.input);
  if (!request) {
    const created = store.create({ toolName: args.toolName, input: args.input, toolUseId: args.toolUseId });
    if (!created.ok) return deny(created.reason === 'closed' ? SHUTDOWN_MESSAGE : 'Too many pending permission requests');
    request = created.request;
  }
  const settled = await store.waitFor(request.id, signal);
  if (!settled) return deny('Permission request expired');
  if (settled.status === 'pending') return deny('The permission request was cancelled by the client');
  return settledDecision(settled, args.input);
}

function settledDecision(request: PermissionRequest, input: unknown): PermissionDecision {
  if (request.status === 'allowed') return allow(input);
  return deny(denialMessage(request));
}
