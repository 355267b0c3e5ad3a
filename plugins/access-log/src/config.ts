import { z } from 'zod';

/** Env values arrive as text: `PLUGINS__ACCESS_LOG__EXCLUDE_PATHS=/health,/metrics` is a list too. */
const pathList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter((item) => item !== '') : value),
  z.array(z.string().min(1)),
);

/** A file path, or nothing (empty string or null) for stdout. Numbers from env are taken as names. */
const optionalFile = z.preprocess(
  (value) => (value === '' ? null : typeof value === 'number' ? String(value) : value),
  z.string().nullable(),
);

export const accessLogConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** One line per client request. */
  client_enabled: z.boolean().default(true),
  client_format: z.enum(['common', 'combined', 'structured']).default('structured'),
  /** File for client lines; unset or empty = stdout. `~/` is expanded, parents are created. */
  client_log_file: optionalFile.default(null),
  /** One JSON line per upstream call (response, stream end or error). */
  provider_enabled: z.boolean().default(false),
  provider_format: z.literal('structured').default('structured'),
  /** File for provider lines; unset or empty = stdout. */
  provider_log_file: optionalFile.default(null),
  /** Path prefixes whose client lines are skipped (`/health` also skips `/healthz`). */
  exclude_paths: pathList.default(['/health', '/metrics', '/readyz', '/livez']),
  /** Lines kept in memory before a forced write. */
  buffer_size: z.number().int().min(1).max(10_000).default(100),
  /** Longest time (seconds) a buffered line waits before it is written. */
  flush_interval: z.number().positive().max(3600).default(1),
  /** Rotate the file when the next write would take it past this size (bytes); 0 = never. */
  rotate_max_bytes: z.number().int().min(0).default(0),
  /** Also send each client line to the application log (info level; provider lines at debug). */
  echo_to_logger: z.boolean().default(false),
  /** Rotated files kept (`access.log.1` … `access.log.<keep>`). */
  rotate_keep: z.number().int().min(1).max(100).default(5),
});

export type AccessLogConfig = z.output<typeof accessLogConfigSchema>;
export type ClientLogFormat = AccessLogConfig['client_format'];
