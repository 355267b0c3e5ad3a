export type StoreProblem = 'locked' | 'corrupt' | 'permission' | 'missing' | 'in_use' | 'newer_schema' | 'other';

/** A database that cannot be opened, with a message that says what to do about it. */
export class StoreOpenError extends Error {
  readonly problem: StoreProblem;

  constructor(problem: StoreProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
    this.problem = problem;
  }
}

/** Turns a DuckDB open failure into a `StoreOpenError` naming the file and the next step. */
export function explainOpenError(error: unknown, path: string): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/Could not set lock|Conflicting lock/i.test(text)) {
    const pid = /PID (\d+)/.exec(text)?.[1];
    return new StoreOpenError(
      'locked',
      `analytics database ${path} is locked by another process${pid ? ` (PID ${pid})` : ''}: stop the other ccproxy, or set plugins.analytics.database_path to a different file`,
      { cause: error },
    );
  }
  if (/not a valid DuckDB database|Corrupt|checksum|invalid (database|file)|Failed to read/i.test(text)) {
    return new StoreOpenError(
      'corrupt',
      `analytics database ${path} is not a valid DuckDB file (corrupt or not a database): move it aside (ccproxy never deletes it) or set plugins.analytics.database_path to a new file`,
      { cause: error },
    );
  }
  if (/permission denied|EACCES|read-only file system/i.test(text)) {
    return new StoreOpenError('permission', `analytics database ${path} cannot be opened (permission denied): fix the file's permissions or set plugins.analytics.database_path`, { cause: error });
  }
  return new StoreOpenError('other', `analytics database ${path} cannot be opened: ${text}`, { cause: error });
}
