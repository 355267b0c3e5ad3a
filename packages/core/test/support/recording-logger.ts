import type { LogFn, Logger } from '../../src/declaration/logger.js';

export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogRecord {
  level: Level;
  message: string | undefined;
  fields: Record<string, unknown>;
}

/** A `Logger` that records every call (bindings of children merged into the fields). */
export function createRecordingLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger & {
  records: LogRecord[];
  find(message: string): LogRecord[];
} {
  const make =
    (level: Level): LogFn =>
    (first: string | Record<string, unknown>, second?: string) => {
      if (typeof first === 'string') records.push({ level, message: first, fields: { ...bindings } });
      else records.push({ level, message: second, fields: { ...bindings, ...first } });
    };
  return {
    records,
    find: (message) => records.filter((record) => record.message === message),
    trace: make('trace'),
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    fatal: make('fatal'),
    child: (extra) => createRecordingLogger(records, { ...bindings, ...extra }),
  };
}
