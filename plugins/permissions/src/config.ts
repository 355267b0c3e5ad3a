import { z } from 'zod';
import type { Settings } from '@ccproxy/core';

/** `[plugins.permissions]` (system-plugins.md §3.2, with the [Rec]s applied). */
export const permissionsConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /**
   * How long a request waits for a decision, in seconds: both its lifetime (`expires_at`) and how
   * long the MCP call blocks. Unset: `security.confirmation_timeout_seconds` (the deprecated alias).
   */
  timeout_seconds: z.number().int().min(1).max(3600).optional(),
  /** Serve the `/permissions` approval API (list, get, respond, SSE stream). `/mcp` is always served. */
  enable_sse_stream: z.boolean().default(true),
  /** Accepted for compatibility with the Python config; the terminal approver is `ccproxy permissions`. */
  enable_terminal_ui: z.boolean().default(true),
  /** Decided and expired requests stay readable this long, then are forgotten. */
  cleanup_after_minutes: z.number().min(0).max(1440).default(5),
  /** Requests beyond this many pending are denied at once ("Too many pending permission requests"). */
  max_pending: z.number().int().min(1).max(10_000).default(100),
  /** Largest accepted tool `input`, as JSON bytes (413 on HTTP, a deny over MCP). */
  max_input_bytes: z.number().int().min(1024).default(262_144),
  /** Answer approval and MCP clients that are not on this machine (they still need the proxy token). */
  allow_remote: z.boolean().default(false),
});

export type PermissionsConfig = z.output<typeof permissionsConfigSchema>;

/** The effective request timeout: the plugin's own key wins over the global alias. */
export function effectiveTimeoutSeconds(config: PermissionsConfig, settings: Settings): number {
  return config.timeout_seconds ?? settings.security.confirmation_timeout_seconds;
}
