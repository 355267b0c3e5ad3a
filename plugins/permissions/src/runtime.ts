import { ConfigError, type HealthReport, type Logger, type PluginContext, type PluginLifecycle, type Settings } from '@ccproxy/core';
import { effectiveTimeoutSeconds, type PermissionsConfig } from './config.js';
import { PermissionStore, type DecisionSource, type PermissionRequest } from './permission-store.js';
import { isLoopbackHost } from './http/client-guard.js';
import type { Clock } from './clock.js';
import { LegacySseSessions } from './mcp/legacy-sse.js';

export interface PermissionsRuntime extends PluginLifecycle {
  readonly config: PermissionsConfig;
  readonly store: PermissionStore;
  readonly timeoutSeconds: number;
  readonly cors: Settings['cors'];
  readonly logger: Logger;
  readonly version: string;
  /** Open sessions of the legacy MCP SSE transport (`/mcp/sse`). */
  readonly legacySessions: LegacySseSessions;
  /** Approval stream subscribers dropped for falling behind. */
  droppedSubscribers: number;
}

export function createRuntime(context: Pick<PluginContext<PermissionsConfig>, 'config' | 'settings' | 'logger'>, version: string, clock?: Clock): PermissionsRuntime {
  const { config, settings, logger } = context;
  // §3.8 #1: approvals reachable from the network need a token, whatever allow_public_bind says.
  if (!isLoopbackHost(settings.server.host) && !settings.security.auth_token) {
    throw new ConfigError(
      `the permissions plugin refuses to start: the server binds ${settings.server.host} (not loopback) without security.auth_token, so anyone on the network could approve tool use. Set security.auth_token, or disable the plugin (plugins.permissions.enabled = false).`,
      [{ path: 'security.auth_token', message: 'required when server.host is not a loopback address and the permissions plugin is enabled' }],
    );
  }
  const timeoutSeconds = effectiveTimeoutSeconds(config, settings);
  const audit = (request: PermissionRequest, source: DecisionSource | undefined) => {
    // Tool inputs may hold secrets or file contents: the audit line names the tool and id only.
    logger.info(
      {
        event: 'permission_decision',
        id: request.id,
        tool_name: request.toolName,
        status: request.status,
        allowed: request.status === 'allowed',
        by: source?.by ?? (request.status === 'expired' ? 'timeout' : 'unknown'),
        latency_ms: (request.resolvedAt ?? request.createdAt) - request.createdAt,
      },
      'permission_decision',
    );
  };
  const store = new PermissionStore({
    timeoutMs: timeoutSeconds * 1000,
    retentionMs: config.cleanup_after_minutes * 60_000,
    maxPending: config.max_pending,
    onSettled: audit,
    ...(clock ? { clock } : {}),
  });
  const runtime: PermissionsRuntime = {
    config,
    store,
    timeoutSeconds,
    cors: settings.cors,
    logger,
    version,
    legacySessions: new LegacySseSessions(),
    droppedSubscribers: 0,
    health(): HealthReport {
      return {
        status: 'pass',
        details: {
          pending: store.pendingCount,
          tracked: store.size,
          subscribers: store.subscriberCount,
          mcp_sse_sessions: runtime.legacySessions.size,
          dropped_subscribers: runtime.droppedSubscribers,
          timeout_seconds: timeoutSeconds,
          approval_api: config.enable_sse_stream,
          allow_remote: config.allow_remote,
        },
      };
    },
    close() {
      // Deny first: the waiting tool calls' answers are queued before their streams end.
      store.close();
      runtime.legacySessions.closeAll();
    },
  };
  return runtime;
}
