/** The only module that touches terminal modes: raw keys in, and always restored on the way out. */

/** What the approver reads keys from: `process.stdin`, or a fake TTY stream in tests. */
export interface TerminalInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TerminalOutput {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface RawTerminal {
  /** Stops key delivery and puts the terminal back as it was. Idempotent. */
  restore(): void;
}

/** Named keys the approver cares about; anything else is passed as the typed character. */
export const KEY = { ctrlC: '\x03', escape: '\x1b', enter: '\r', newline: '\n', ctrlD: '\x04' } as const;

/** Splits one read into keys: escape sequences (arrows, F-keys) are dropped, lone ESC kept. */
export function splitKeys(chunk: string): string[] {
  const keys: string[] = [];
  for (let index = 0; index < chunk.length; index++) {
    const char = chunk[index] as string;
    if (char === KEY.escape && index + 1 < chunk.length && (chunk[index + 1] === '[' || chunk[index + 1] === 'O')) {
      // CSI/SS3 sequence: skip to its final byte (a letter or ~).
      index += 2;
      while (index < chunk.length && !/[A-Za-z~]/.test(chunk[index] as string)) index++;
      continue;
    }
    keys.push(char);
  }
  return keys;
}

/**
 * Switches `input` to raw mode (keys without Enter; Ctrl+C arrives as a key) and hands each key to
 * `onKey`. The terminal is restored by `restore()`, on process exit, and on SIGTERM/SIGHUP (which
 * are then reported through `onSignal` so the caller can finish cleanly).
 */
export function openRawTerminal(input: TerminalInput, output: TerminalOutput, onKey: (key: string) => void, options: { onSignal?: (signal: NodeJS.Signals) => void; trapSignals?: boolean } = {}): RawTerminal {
  const raw = Boolean(input.isTTY) && typeof input.setRawMode === 'function';
  if (raw) input.setRawMode?.(true);
  const onData = (chunk: string | Buffer) => {
    for (const key of splitKeys(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))) onKey(key);
  };
  input.on('data', onData);
  input.resume();
  const signals: NodeJS.Signals[] = options.trapSignals === false ? [] : ['SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    options.onSignal?.(signal);
  };
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    input.off('data', onData);
    if (raw) input.setRawMode?.(false);
    input.pause();
    if (output.isTTY) output.write('\x1b[?25h'); // cursor visible again
    process.off('exit', restore);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.once('exit', restore);
  for (const signal of signals) process.once(signal, onSignal);
  return { restore };
}
