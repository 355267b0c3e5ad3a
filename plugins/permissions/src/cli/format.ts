/** Text helpers for the terminal approver: readable tool input, countdowns, optional colour. */

export interface InputFormatOptions {
  /** Lines shown before the rest is summarised. */
  maxLines?: number;
  /** Characters per line before it is cut with `…`. */
  maxWidth?: number;
}

function cut(line: string, width: number): string {
  if (line.length <= width) return line;
  return `${line.slice(0, Math.max(1, width - 1))}…`;
}

/**
 * Pretty JSON of a tool input (any JSON value), each line cut to `maxWidth` and at most
 * `maxLines` lines, so a Write of a large file cannot flood the approver's screen.
 */
export function formatInput(input: unknown, options: InputFormatOptions = {}): string[] {
  const maxLines = Math.max(2, options.maxLines ?? 20);
  const maxWidth = Math.max(20, options.maxWidth ?? 100);
  const text = JSON.stringify(input, null, 2) ?? String(input);
  const lines = text.split('\n').map((line) => cut(line, maxWidth));
  if (lines.length <= maxLines) return lines;
  const hidden = lines.length - (maxLines - 1);
  return [...lines.slice(0, maxLines - 1), `… (${hidden} more lines)`];
}

/** One line per input key with values cut to 50 characters (the Python dialog's summary). */
export function summarizeInput(input: unknown, width = 50): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return cut(JSON.stringify(input) ?? String(input), width);
  return Object.entries(input as Record<string, unknown>)
    .map(([key, value]) => `${key}=${cut(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)), width)}`)
    .join(' ');
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** `12.3s` of what is left (never negative). */
export function formatRemaining(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

export interface Palette {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly orange: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const wrap = (open: string, close: string) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export function palette(enabled: boolean): Palette {
  if (!enabled) {
    const same = (text: string) => text;
    return { bold: same, dim: same, green: same, red: same, yellow: same, orange: same, cyan: same };
  }
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    green: wrap('32', '39'),
    red: wrap('31', '39'),
    yellow: wrap('33', '39'),
    orange: wrap('38;5;208', '39'),
    cyan: wrap('36', '39'),
  };
}

/** The countdown colour of §3.7: yellow above 10 s, orange above 5 s, red below. */
export function countdownColour(colours: Palette, ms: number): (text: string) => string {
  if (ms > 10_000) return colours.yellow;
  if (ms > 5_000) return colours.orange;
  return colours.red;
}
