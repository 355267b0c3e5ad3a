import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LineSink } from './line-sink.js';

export interface FileSinkOptions {
  /** Rotate before a write that would take the file past this size; 0 = never. */
  maxBytes: number;
  /** Rotated generations kept: `<file>.1` (newest) … `<file>.<keep>`. */
  keep: number;
  /** How often (ms) to look for an external rotation (a stat); default 1000. */
  rotationCheckMs?: number;
}

/**
 * One long-lived append-mode handle per file, created with mode 0600 (lines hold client IPs and
 * paths). Detects a file moved away by logrotate (inode change) and reopens; rotates by size itself
 * when asked to. After an I/O error the handle is dropped so the next write starts afresh.
 */
export function createFileSink(path: string, options: FileSinkOptions): LineSink {
  let handle: FileHandle | undefined;
  let inode = 0;
  let size = 0;
  let checkedAt = 0;

  async function openFile(): Promise<FileHandle> {
    await mkdir(dirname(path), { recursive: true });
    const opened = await open(path, 'a', 0o600);
    try {
      const info = await opened.stat();
      inode = info.ino;
      size = info.size;
    } catch (error) {
      await opened.close().catch(() => undefined);
      throw error;
    }
    handle = opened;
    checkedAt = Date.now();
    return opened;
  }

  async function closeFile(): Promise<void> {
    const current = handle;
    handle = undefined;
    await current?.close().catch(() => undefined);
  }

  /** True when the path no longer names the file we hold (moved or deleted by an external tool). */
  async function replacedOnDisk(): Promise<boolean> {
    try {
      return (await stat(path)).ino !== inode;
    } catch {
      return true;
    }
  }

  async function rotate(): Promise<void> {
    await closeFile();
    for (let generation = options.keep - 1; generation >= 1; generation--) {
      await rename(`${path}.${generation}`, `${path}.${generation + 1}`).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await rename(path, `${path}.1`).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async function append(text: string): Promise<void> {
    // Looking for an external rotation costs a stat: at most once a second.
    const now = Date.now();
    if (handle && now - checkedAt >= (options.rotationCheckMs ?? 1000)) {
      checkedAt = now;
      if (await replacedOnDisk()) await closeFile();
    }
    const current = handle ?? (await openFile());
    try {
      await current.appendFile(text);
      size += Buffer.byteLength(text);
    } catch (error) {
      await closeFile();
      throw error;
    }
  }

  /** Rotates first when `bytes` more would take a non-empty file past the limit. */
  async function makeRoom(bytes: number): Promise<void> {
    if (!handle) await openFile();
    if (options.maxBytes > 0 && size > 0 && size + bytes > options.maxBytes) {
      await rotate();
      await openFile();
    }
  }

  return {
    target: path,
    async write(data) {
      if (options.maxBytes <= 0) {
        await append(data);
        return;
      }
      // A batch may span a rotation: split it at line ends so every file stays under the limit
      // (a single line longer than the limit gets a file of its own).
      let piece = '';
      let pieceBytes = 0;
      for (const line of data.split(/(?<=\n)/)) {
        const lineBytes = Buffer.byteLength(line);
        if (pieceBytes > 0 && size + pieceBytes + lineBytes > options.maxBytes) {
          await makeRoom(pieceBytes);
          await append(piece);
          piece = '';
          pieceBytes = 0;
        }
        piece += line;
        pieceBytes += lineBytes;
      }
      if (pieceBytes > 0) {
        await makeRoom(pieceBytes);
        await append(piece);
      }
    },
    reopen: closeFile,
    close: closeFile,
  };
}
