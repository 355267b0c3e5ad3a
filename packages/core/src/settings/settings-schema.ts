import { z } from 'zod';

const logLevel = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL']));

const stringList = z.array(z.string());

/** The core settings (core.md §9.1): snake_case keys, identical to the Python TOML/env names. */
export const settingsSchema = z.object({
  server: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).default(8000),
      /** Refuse to bind a non-loopback address without an auth token unless this is set. */
      allow_public_bind: z.boolean().default(false),
      max_body_bytes: z.number().int().min(1024).default(33_554_432),
      shutdown_grace_seconds: z.number().min(0).max(300).default(10),
      workers: z.number().int().min(1).max(32).default(1),
      /** Accepted for compatibility, ignored (hint: `node --watch`). */
      reload: z.boolean().default(false),
      /** Provider adapters replaced by mock adapters (testing aid). */
      bypass_mode: z.boolean().default(false),
    })
    .prefault({}),
  logging: z
    .object({
      level: logLevel.default('INFO'),
      format: z
        .string()
        .transform((value) => value.toLowerCase())
        .pipe(z.enum(['auto', 'rich', 'json', 'plain']))
        .default('auto'),
      file: z.string().nullable().default(null),
      verbose_api: z.boolean().default(false),
      request_log_dir: z.string().nullable().default(null),
      /** Shared base dir for plugin log files. */
      plugin_log_base_dir: z.string().default('/tmp/ccproxy'),
    })
    .prefault({}),
  security: z
    .object({
      auth_token: z.string().min(1).nullable().default(null),
      confirmation_timeout_seconds: z.number().int().min(5).max(300).default(30),
    })
    .prefault({}),
  cors: z
    .object({
      origins: stringList.default(['vscode-file://vscode-app']),
      origin_regex: z.string().nullable().default('^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?$'),
      credentials: z.boolean().default(true),
      methods: stringList.default(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']),
      headers: stringList.default([
        'Content-Type',
        'Authorization',
        'Accept',
        'Origin',
        'X-Requested-With',
        'x-api-key',
        'anthropic-version',
        'anthropic-beta',
        'x-request-id',
        'openai-beta',
      ]),
      expose_headers: stringList.default(['x-request-id']),
      max_age: z.number().int().min(0).default(600),
    })
    .prefault({}),
  http: z
    .object({
      timeouts: z
        .object({
          connect_seconds: z.number().positive().default(10),
          request_seconds: z.number().positive().default(120),
          stream_idle_seconds: z.number().positive().default(300),
        })
        .prefault({}),
      compression_enabled: z.boolean().default(true),
      /** Sent upstream as `accept-encoding` when compression is enabled (`identity` otherwise). */
      accept_encoding: z.string().min(1).default('gzip, deflate'),
    })
    .prefault({}),
  auth: z
    .object({
      /** Credential cache TTL for token managers. */
      credentials_ttl_seconds: z.number().min(0).default(3600),
      /** Refresh a token this many seconds before it expires. */
      refresh_grace_seconds: z.number().min(0).default(120),
    })
    .prefault({}),
  scheduler: z
    .object({
      enabled: z.boolean().default(true),
      max_concurrent_tasks: z.number().int().min(1).max(100).default(10),
      graceful_shutdown_timeout: z.number().min(1).max(300).default(30),
      /** Read by the pricing plugin. */
      pricing_update_enabled: z.boolean().default(true),
      pricing_update_interval_hours: z.number().min(1).max(168).default(24),
      pricing_force_refresh_on_startup: z.boolean().default(false),
      version_check_enabled: z.boolean().default(true),
      version_check_interval_hours: z.number().min(1).max(168).default(6),
      version_check_cache_ttl_hours: z.number().min(0.1).max(24).default(6),
    })
    .prefault({}),
  llm: z
    .object({
      /** Serialize thinking blocks as `<thinking>` XML text in converted OpenAI outputs. */
      openai_thinking_xml: z.boolean().default(true),
    })
    .prefault({}),
  enable_plugins: z.boolean().default(true),
  enabled_plugins: stringList.nullable().default(null),
  disabled_plugins: stringList.nullable().default(null),
  /** Extra plugin packages to import() by name (decision 6). */
  plugin_packages: stringList.default([]),
  plugin_init_timeout_seconds: z.number().positive().default(30),
  plugins: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});

/** Fully resolved settings, defaults applied. */
export type Settings = z.output<typeof settingsSchema>;
/** What a TOML file, the environment or an embedder may set: every key optional. */
export type SettingsInput = z.input<typeof settingsSchema>;

/** Keys whose values are secrets: masked in `config show` and in every log line. */
export const SECRET_SETTING_PATHS: readonly string[] = ['security.auth_token'];

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
