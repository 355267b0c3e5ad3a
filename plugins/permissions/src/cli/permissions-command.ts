import type { CliCommandContext, CliCommandSpec, CliIO } from '@ccproxy/core';
import type { PermissionsConfig } from '../config.js';
import type { PermissionItem, PermissionWireEvent } from '../permission-events.js';
import { ApprovalApiError, ApprovalClient } from './approval-client.js';
import { followStream } from './follow-stream.js';
import { shortId, summarizeInput } from './format.js';
import { runTerminalApprover } from './terminal-approver.js';
import type { TerminalInput, TerminalOutput } from './terminal.js';

/** Exit codes of `ccproxy permissions` (documented in the README). */
export const PERMISSIONS_EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3, conflict: 4, interrupted: 130 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Options {
  apiUrl?: string;
  authToken?: string;
  list?: boolean;
  all?: boolean;
  allow?: string;
  deny?: string;
  message?: string;
  json?: boolean;
  ui?: boolean;
  reconnect?: boolean;
}

/** Where the interactive approver reads keys and draws; the real terminal unless a test injects one. */
export interface ApproverTerminal {
  input: TerminalInput;
  output: TerminalOutput;
}

function exitFor(error: ApprovalApiError): number {
  if (error.kind === 'not_found') return PERMISSIONS_EXIT.notFound;
  if (error.kind === 'conflict') return PERMISSIONS_EXIT.conflict;
  if (error.kind === 'invalid') return PERMISSIONS_EXIT.usage;
  return PERMISSIONS_EXIT.failed;
}

function remaining(item: PermissionItem): string {
  return item.status === 'pending' ? `${item.time_remaining}s` : '-';
}

async function listCommand(io: CliIO, client: ApprovalClient, options: Options): Promise<number> {
  const items = await client.list(options.all ? 'all' : 'pending');
  if (options.json) {
    io.out(JSON.stringify(items, null, 2));
    return PERMISSIONS_EXIT.ok;
  }
  if (items.length === 0) {
    io.out(options.all ? 'No permission requests.' : 'No pending permission requests.');
    return PERMISSIONS_EXIT.ok;
  }
  const rows = items.map((item) => [item.request_id, item.tool_name, item.status, remaining(item), summarizeInput(item.input, 40)]);
  const header = ['ID', 'TOOL', 'STATUS', 'LEFT', 'INPUT'];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ');
  io.out(line(header));
  for (const row of rows) io.out(line(row));
  return PERMISSIONS_EXIT.ok;
}

/** A full id, or an unambiguous prefix of one (the approver shows the first 8 characters). */
async function resolveId(client: ApprovalClient, given: string): Promise<string | { code: number; message: string }> {
  const wanted = given.trim().replace(/(…|\.\.\.)$/, '');
  if (UUID.test(wanted)) return wanted;
  if (wanted.length < 4) return { code: PERMISSIONS_EXIT.usage, message: `"${given}" is too short; give at least 4 characters of the request id` };
  const matches = (await client.list('all')).filter((item) => item.request_id.startsWith(wanted));
  if (matches.length === 0) return { code: PERMISSIONS_EXIT.notFound, message: `no permission request with an id starting with "${wanted}"` };
  if (matches.length > 1) return { code: PERMISSIONS_EXIT.usage, message: `"${wanted}" matches ${matches.length} requests; give more of the id` };
  return (matches[0] as PermissionItem).request_id;
}

async function decideCommand(io: CliIO, client: ApprovalClient, given: string, allowed: boolean, options: Options): Promise<number> {
  const id = await resolveId(client, given);
  if (typeof id !== 'string') {
    io.err(`✖ ${id.message}`);
    return id.code;
  }
  const item = await client.get(id);
  if (item.status !== 'pending') {
    io.err(`✖ permission request ${id} is already ${item.status}; nothing sent`);
    return PERMISSIONS_EXIT.conflict;
  }
  await client.respond(id, allowed, allowed ? undefined : options.message);
  if (options.json) io.out(JSON.stringify({ permission_id: id, tool_name: item.tool_name, allowed, status: allowed ? 'allowed' : 'denied' }));
  else io.out(`${allowed ? '✓ Allowed' : '✗ Denied'} ${item.tool_name} (${id})`);
  return PERMISSIONS_EXIT.ok;
}

/** `--no-ui`: prints every event (a line, or the event JSON with --json) and never prompts. */
async function monitorCommand(io: CliIO, client: ApprovalClient, options: Options): Promise<number> {
  const stop = new AbortController();
  const result = await followStream(client, {
    signal: stop.signal,
    reconnect: options.reconnect !== false,
    onConnected: () => {
      if (!options.json) io.err(`✓ Connected to ${client.baseUrl}/permissions/stream (monitor mode, no prompts)`);
    },
    onMessage: ({ event, data }) => {
      if (event === 'ping' || data === null) return;
      const wire = data as PermissionWireEvent;
      if (options.json) return io.out(JSON.stringify(wire));
      const detail =
        event === 'permission_request'
          ? `${wire.tool_name ?? ''} ${summarizeInput(wire.input, 50)} (expires ${wire.expires_at ?? '?'})`
          : event === 'permission_resolved'
            ? wire.allowed
              ? 'allowed'
              : `denied${wire.message ? `: ${wire.message}` : ''}`
            : 'expired';
      io.out(`${event.padEnd(19)} ${shortId(wire.request_id)} ${detail}`);
    },
    onRetry: (attempt, delayMs, error) => io.err(`! ${error.message}; retrying in ${delayMs / 1000}s (attempt ${attempt})`),
  });
  if (result.outcome === 'failed') throw result.error;
  return PERMISSIONS_EXIT.ok;
}

/**
 * Runs `ccproxy permissions` (alias `ccproxy approve`). Exported for embedding and tests: the
 * `terminal` argument replaces the process's stdin/stdout for the interactive approver.
 */
export async function runPermissionsCommand(
  context: Pick<CliCommandContext<PermissionsConfig>, 'io' | 'settings' | 'serverUrl'>,
  input: { args: readonly string[]; options: Record<string, unknown> },
  terminal?: ApproverTerminal,
): Promise<number> {
  const { io } = context;
  const options = input.options as Options;
  const [action, actionId] = input.args;
  const token = options.authToken ?? context.settings.security.auth_token;
  const client = new ApprovalClient({ baseUrl: options.apiUrl ?? context.serverUrl, token });

  const wantsList = options.list === true || action === 'list';
  const allowId = options.allow ?? (action === 'allow' ? actionId : undefined);
  const denyId = options.deny ?? (action === 'deny' ? actionId : undefined);
  if (action !== undefined && !['connect', 'list', 'allow', 'deny'].includes(action)) {
    io.err(`✖ unknown action "${action}": use connect, list, allow <id> or deny <id>`);
    return PERMISSIONS_EXIT.usage;
  }
  if ((action === 'allow' || action === 'deny') && !actionId && !options.allow && !options.deny) {
    io.err(`✖ ${action} needs a request id (see: ccproxy permissions --list)`);
    return PERMISSIONS_EXIT.usage;
  }
  if ([wantsList, allowId !== undefined, denyId !== undefined].filter(Boolean).length > 1) {
    io.err('✖ use only one of --list, --allow <id>, --deny <id>');
    return PERMISSIONS_EXIT.usage;
  }
  if (options.message !== undefined && denyId === undefined) {
    io.err('✖ --message only goes with --deny <id>');
    return PERMISSIONS_EXIT.usage;
  }

  try {
    if (wantsList) return await listCommand(io, client, options);
    if (allowId !== undefined) return await decideCommand(io, client, allowId, true, options);
    if (denyId !== undefined) return await decideCommand(io, client, denyId, false, options);
    if (options.ui === false) return await monitorCommand(io, client, options);
    const term = terminal ?? (io.interactive ? processTerminal() : undefined);
    if (!term) {
      io.err('✖ the interactive approver needs a terminal (stdin is not a TTY).');
      io.err('  In scripts use --list, --allow <id>, --deny <id> [--message text], or --no-ui to only watch.');
      return PERMISSIONS_EXIT.usage;
    }
    return await runTerminalApprover({ client, input: term.input, output: term.output, reconnect: options.reconnect !== false });
  } catch (error) {
    if (error instanceof ApprovalApiError) {
      io.err(`✖ ${error.message}`);
      return exitFor(error);
    }
    throw error;
  }
}

function processTerminal(): ApproverTerminal | undefined {
  if (!process.stdin.isTTY) return undefined;
  return { input: process.stdin, output: process.stdout };
}

const OPTIONS: CliCommandSpec<PermissionsConfig>['options'] = [
  { flags: '-u, --api-url <url>', description: 'URL of the running proxy (default: http://<server.host>:<server.port>)' },
  { flags: '-t, --auth-token <token>', description: 'proxy token, sent as x-api-key (default: security.auth_token)' },
  { flags: '--list', description: 'print the pending requests and exit' },
  { flags: '--all', description: 'with --list: also the decided and expired requests still remembered' },
  { flags: '--allow <id>', description: 'allow one request (full id or a unique prefix) and exit' },
  { flags: '--deny <id>', description: 'deny one request (full id or a unique prefix) and exit' },
  { flags: '-m, --message <text>', description: 'with --deny: the reason Claude is told' },
  { flags: '--json', description: 'machine-readable output (--list, --allow, --deny, --no-ui)' },
  { flags: '--no-ui', description: 'watch the events without prompting (monitor mode)' },
  { flags: '--no-reconnect', description: 'exit when the server ends the stream instead of reconnecting' },
];

const ARGUMENTS: CliCommandSpec<PermissionsConfig>['arguments'] = [
  { name: 'action', description: 'connect (default), list, allow or deny' },
  { name: 'id', description: 'request id (or a unique prefix) for allow/deny' },
];

function spec(name: string, description: string): CliCommandSpec<PermissionsConfig> {
  return { name, description, arguments: ARGUMENTS, options: OPTIONS, run: (context, input) => runPermissionsCommand(context, input) };
}

/** `ccproxy permissions` and its alias `ccproxy approve`. */
export const permissionsCliCommands: readonly CliCommandSpec<PermissionsConfig>[] = [
  spec('permissions', "approve or deny Claude Code's tool use (interactive; --list/--allow/--deny for scripts)"),
  spec('approve', 'alias of "ccproxy permissions"'),
];
