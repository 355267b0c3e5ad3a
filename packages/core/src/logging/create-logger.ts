import { pino, type DestinationStream, type Level, type LevelWithSilent } from 'pino';
import type { Logger } from '../declaration/logger.js';
import { ConfigError } from '../errors/ccproxy-error.js';

export interface CreateLoggerOptions {
  /** `TRACE`, `DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL` (case-insensitive; pino names also accepted). */
  level?: string;
  /** Where JSON lines go; default stdout. The app passes a pino-pretty stream here for humans. */
  destination?: NodeJS.WritableStream | DestinationStream;
  /** Also write JSON lines to this file (directories are created). */
  file?: string | null;
  /** Secret values (e.g. the proxy auth token) masked wherever they appear in a log line. */
  secrets?: readonly string[];
}

export type CoreLogger = Logger & {
  /** Flushes buffered output of the destinations that buffer. */
  flush(): void;
};

export const REDACTED = '********';

const LEVELS: Readonly<Record<string, LevelWithSilent>> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
  FATAL: 'fatal',
  SILENT: 'silent',
};

/** Maps a ccproxy (Python-style) level name to pino's; throws `ConfigError` for an unknown name. */
export function toPinoLevel(level: string): LevelWithSilent {
  const mapped = LEVELS[level.trim().toUpperCase()];
  if (mapped === undefined) {
    throw new ConfigError(
      `Invalid configuration:\n  logging.level: ${JSON.stringify(level)} is not allowed (must be one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL)`,
      [{ path: 'logging.level', message: 'must be one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL', value: level }],
    );
  }
  return mapped;
}

/** Keys whose values never reach a log line (header names and credential fields). */
const REDACTED_KEYS = [
  'authorization',
  'Authorization',
  'proxy-authorization',
  'x-api-key',
  'X-Api-Key',
  'x-auth-token',
  'cookie',
  'Cookie',
  'set-cookie',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'auth_token',
  'token',
  'client_secret',
  'password',
] as const;

/** How deep below the log object the keys are redacted (`a`, `*.a`, `*.*.a`, `*.*.*.a`). */
const REDACT_DEPTH = 3;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    const plain = /^[A-Za-z_$][\w$]*$/.test(key);
    const accessor = plain ? key : `["${key}"]`;
    for (let depth = 0; depth <= REDACT_DEPTH; depth++) {
      const prefix = Array.from({ length: depth }, () => '*').join('.');
      paths.push(depth === 0 ? accessor : plain ? `${prefix}.${accessor}` : `${prefix}${accessor}`);
    }
  }
  return paths;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function replacing every secret (raw and JSON-escaped) in a serialized line, or `undefined` when none. */
function secretMasker(secrets: readonly string[]): ((line: string) => string) | undefined {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
  }
  if (needles.size === 0) return undefined;
  const pattern = new RegExp(
    [...needles]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return (line) => line.replace(pattern, REDACTED);
}

interface Flushable {
  flushSync?: () => void;
}

/**
 * The core logger: pino with ccproxy level names, redaction of credential headers and fields at any reasonable
 * depth, configured secret values masked in every serialized line, and optional JSON lines to `file`.
 * No pretty printing here: the app passes a pretty stream as `destination` when it wants one.
 */
export function createLogger(options: CreateLoggerOptions = {}): CoreLogger {
  const level = toPinoLevel(options.level ?? 'INFO');
  const flushables: Flushable[] = [];

  const primary: DestinationStream = options.destination ?? pino.destination({ dest: 1, sync: true });
  flushables.push(primary as Flushable);
  let stream: DestinationStream = primary;
  if (options.file !== undefined && options.file !== null && options.file !== '') {
    const fileStream = pino.destination({ dest: options.file, mkdir: true, sync: true });
    flushables.push(fileStream);
    stream = pino.multistream([
      { level: 'trace' as Level, stream: primary },
      { level: 'trace' as Level, stream: fileStream },
    ]);
  }

  const mask = secretMasker(options.secrets ?? []);
  const logger = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: REDACTED },
      ...(mask === undefined ? {} : { hooks: { streamWrite: mask } }),
    },
    stream,
  );

  const flush = (): void => {
    for (const target of flushables) {
      try {
        target.flushSync?.();
      } catch {
        // a destination that is not ready or already closed has nothing to flush
      }
    }
  };
  const core: CoreLogger = Object.assign(logger, { flush });
  return core;
}
