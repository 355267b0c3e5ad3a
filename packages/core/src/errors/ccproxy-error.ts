/** Marks our errors across duplicate copies of @ccproxy/core (a plugin bundling its own copy). */
const CCPROXY_ERROR = Symbol.for('ccproxy.error');

export type CcproxyErrorCode =
  | 'CONFIG_INVALID'
  | 'PLUGIN_MANIFEST_INVALID'
  | 'PLUGIN_API_UNSUPPORTED'
  | 'PLUGIN_DUPLICATE'
  | 'PLUGIN_DEPENDENCY_MISSING'
  | 'PLUGIN_DEPENDENCY_CYCLE'
  | 'PLUGIN_LOAD_FAILED'
  | 'PLUGIN_NOT_ACTIVE'
  | 'CAPABILITY_ALREADY_PROVIDED'
  | 'CAPABILITY_MISSING'
  | 'TASK_DUPLICATE'
  | 'INVALID_REQUEST'
  | 'AUTHENTICATION_REQUIRED'
  | 'AUTHENTICATION_FAILED'
  | 'CREDENTIALS_MISSING'
  | 'CREDENTIALS_INVALID'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'REQUEST_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_HTTP'
  | 'UPSTREAM_CONNECTION'
  | 'UPSTREAM_TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

/** Default HTTP status and wire `type` for each code; a thrower may override both. */
const CODE_DEFAULTS: Record<CcproxyErrorCode, { status: number; type: string }> = {
  CONFIG_INVALID: { status: 500, type: 'configuration_error' },
  PLUGIN_MANIFEST_INVALID: { status: 500, type: 'plugin_error' },
  PLUGIN_API_UNSUPPORTED: { status: 500, type: 'plugin_error' },
  PLUGIN_DUPLICATE: { status: 500, type: 'plugin_error' },
  PLUGIN_DEPENDENCY_MISSING: { status: 500, type: 'plugin_error' },
  PLUGIN_DEPENDENCY_CYCLE: { status: 500, type: 'plugin_error' },
  PLUGIN_LOAD_FAILED: { status: 500, type: 'plugin_error' },
  PLUGIN_NOT_ACTIVE: { status: 503, type: 'service_unavailable_error' },
  CAPABILITY_ALREADY_PROVIDED: { status: 500, type: 'plugin_error' },
  CAPABILITY_MISSING: { status: 503, type: 'service_unavailable_error' },
  TASK_DUPLICATE: { status: 500, type: 'plugin_error' },
  INVALID_REQUEST: { status: 400, type: 'invalid_request_error' },
  AUTHENTICATION_REQUIRED: { status: 401, type: 'authentication_error' },
  AUTHENTICATION_FAILED: { status: 401, type: 'authentication_error' },
  CREDENTIALS_MISSING: { status: 401, type: 'authentication_error' },
  CREDENTIALS_INVALID: { status: 401, type: 'authentication_error' },
  PERMISSION_DENIED: { status: 403, type: 'permission_error' },
  NOT_FOUND: { status: 404, type: 'not_found_error' },
  CONFLICT: { status: 409, type: 'conflict_error' },
  GONE: { status: 410, type: 'gone_error' },
  REQUEST_TOO_LARGE: { status: 413, type: 'request_too_large' },
  RATE_LIMITED: { status: 429, type: 'rate_limit_error' },
  UPSTREAM_HTTP: { status: 502, type: 'upstream_error' },
  UPSTREAM_CONNECTION: { status: 502, type: 'proxy_connection_error' },
  UPSTREAM_TIMEOUT: { status: 504, type: 'proxy_timeout_error' },
  SERVICE_UNAVAILABLE: { status: 503, type: 'service_unavailable_error' },
  INTERNAL: { status: 500, type: 'internal_server_error' },
};

export interface CcproxyErrorOptions {
  status?: number;
  /** Wire `type` in error bodies; defaults per code. */
  type?: string;
  plugin?: string;
  cause?: unknown;
  /** Extra structured information, rendered separately from the message. */
  details?: Record<string, unknown>;
  /** Response headers to send with the error (e.g. retry-after, www-authenticate). */
  headers?: Record<string, string>;
  /** Already-formatted body in the caller's API format (e.g. a converted upstream error). */
  body?: unknown;
}

/** The one error base class. Stable `code`, HTTP `status`, wire `type`, and `cause` chaining. */
export class CcproxyError extends Error {
  readonly [CCPROXY_ERROR] = true;
  readonly code: CcproxyErrorCode;
  readonly status: number;
  readonly type: string;
  readonly plugin: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly body: unknown;

  constructor(code: CcproxyErrorCode, message: string, options: CcproxyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CcproxyError';
    this.code = code;
    this.status = options.status ?? CODE_DEFAULTS[code].status;
    this.type = options.type ?? CODE_DEFAULTS[code].type;
    this.plugin = options.plugin;
    this.details = options.details;
    this.headers = options.headers;
    this.body = options.body;
  }

  static is(value: unknown): value is CcproxyError {
    return typeof value === 'object' && value !== null && CCPROXY_ERROR in value;
  }
}

/** Thrown when settings or a plugin's config section are invalid; `issues` name each key. */
export class ConfigError extends CcproxyError {
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[] = [], options: CcproxyErrorOptions = {}) {
    super('CONFIG_INVALID', message, options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export interface ConfigIssue {
  /** Dotted key, e.g. `server.port` or `plugins.codex.base_url`. */
  readonly path: string;
  readonly message: string;
  readonly value?: unknown;
}
