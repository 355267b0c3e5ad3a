import { statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CcproxyError } from '../errors/ccproxy-error.js';

/** A plain JSON object as found in a credentials file. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `patch` into `base` without losing keys of `base` that `patch` does not name: the official
 * CLIs share these files and may store fields we do not know. Nested objects merge, everything else
 * (arrays included) is replaced; `undefined` in the patch leaves the base value alone.
 */
export function mergeJson(base: JsonObject, patch: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isJsonObject(current) && isJsonObject(value) ? mergeJson(current, value) : value;
  }
  return merged;
}

/** Where JSON.parse stopped, from the error message (never the message itself: newer Node quotes the input). */
function parsePosition(text: string, error: unknown): { line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
  }
  if (/end of JSON input/i.test(message)) {
    const lines = text.split('\n');
    return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
  }
  return undefined;
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * One JSON credentials file (e.g. `~/.claude/.credentials.json`): read, atomic merge-write, delete.
 * Errors name the file but never quote its content (it holds tokens).
 */
export class JsonCredentialFile {
  readonly path: string;

  constructor(file: string) {
    this.path = path.resolve(file);
  }

  /** The parsed object; `null` when the file is missing or blank. Invalid content throws `CREDENTIALS_INVALID`. */
  async read(): Promise<JsonObject | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      const reason = `cannot be read (${code ?? 'I/O error'})`;
      throw new CcproxyError('CREDENTIALS_INVALID', `Credentials file ${this.path} ${reason}`, { cause: error, details: { file: this.path, reason } });
    }
    if (text.trim() === '') return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const at = parsePosition(text, error);
      const reason = `is not valid JSON${at ? ` (line ${at.line}, column ${at.column})` : ''}`;
      throw new CcproxyError('CREDENTIALS_INVALID', `Credentials file ${this.path} ${reason}`, { details: { file: this.path, reason, ...(at ?? {}) } });
    }
    if (!isJsonObject(parsed)) {
      const reason = 'does not hold a JSON object';
      throw new CcproxyError('CREDENTIALS_INVALID', `Credentials file ${this.path} ${reason}`, { details: { file: this.path, reason } });
    }
    return parsed;
  }

  /**
   * Merges `patch` into the current content (unknown keys kept; an unreadable or corrupt file is
   * replaced) and writes the result atomically with mode 0600. Returns what was written.
   */
  async merge(patch: JsonObject): Promise<JsonObject> {
    let current: JsonObject | null = null;
    try {
      current = await this.read();
    } catch {
      current = null;
    }
    const next = mergeJson(current ?? {}, patch);
    await this.write(next);
    return next;
  }

  /**
   * Replaces the whole content atomically: a `<file>.<pid>.<random>.tmp` sibling created with mode
   * 0600, fsynced, then renamed over the target. On failure the temp file is removed and the old
   * file is untouched. No backup copies: they would be token-bearing files nobody cleans up.
   */
  async write(content: JsonObject): Promise<void> {
    const directory = path.dirname(this.path);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(temp, 'wx', 0o600);
      // The umask may only remove bits; set 0600 explicitly in case the mode was widened elsewhere.
      await handle.chmod(0o600);
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, this.path);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw new CcproxyError('INTERNAL', `Cannot write credentials file ${this.path} (${errnoCode(error) ?? (error as Error).message})`, { cause: error, details: { file: this.path } });
    }
    await fsyncDirectory(directory);
  }

  /** Removes the file; resolves false when there was nothing to remove. */
  async delete(): Promise<boolean> {
    try {
      await unlink(this.path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw new CcproxyError('INTERNAL', `Cannot delete credentials file ${this.path} (${errnoCode(error) ?? 'I/O error'})`, { cause: error });
    }
  }

  async exists(): Promise<boolean> {
    return (await this.fingerprint()) !== null;
  }

  /**
   * Changes whenever the file is replaced or rewritten (inode, size, mtime); `null` when missing.
   * Checked on every request so cached credentials never go stale: a synchronous stat of a local
   * file costs a few microseconds, the thread-pool round trip of an async one ~50 µs per request.
   */
  async fingerprint(): Promise<string | null> {
    // Number stats (mtime to the microsecond) are cheaper to build than bigint ones.
    const info = statSync(this.path, { throwIfNoEntry: false });
    return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : null;
  }
}

/** Makes the rename durable; some platforms cannot open directories, which is fine. */
async function fsyncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
