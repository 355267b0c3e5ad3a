// Targeted edits of a JSON object's top-level keys directly in its bytes (decision 8): everything
// we do not touch — messages, thinking blocks and their signatures — reaches the upstream exactly
// as the client sent it. The input must be valid JSON (it was parsed before).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** A top-level change: `value` (set, inserted when absent) or `remove`. */
export type TopLevelEdit = { readonly key: string; readonly value: unknown } | { readonly key: string; readonly remove: true };

interface Entry {
  /** Index of the comma before this entry, -1 for the first one. */
  readonly previousComma: number;
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipWhitespace(bytes: Buffer, index: number): number {
  while (isWhitespace(bytes[index])) index++;
  return index;
}

/** Index just after the string that starts at `start` (a quote). */
function stringEnd(bytes: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote === -1) throw new SyntaxError('unterminated JSON string');
    let backslashes = 0;
    for (let index = quote - 1; bytes[index] === BACKSLASH; index--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Index just after the value that starts at `start`. */
function valueEnd(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return stringEnd(bytes, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let index = start;
    while (index < bytes.length) {
      const byte = bytes[index];
      if (byte === QUOTE) {
        index = stringEnd(bytes, index);
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return index + 1;
      }
      index++;
    }
    throw new SyntaxError('unterminated JSON value');
  }
  let index = start;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
    index++;
  }
  return index;
}

interface Scan {
  readonly open: number;
  readonly entries: number;
  readonly found: Map<string, Entry>;
}

/** Finds the wanted top-level keys; stops early once all of them were seen. */
function scanTopLevel(bytes: Buffer, wanted: ReadonlySet<string>): Scan {
  const open = skipWhitespace(bytes, 0);
  if (bytes[open] !== OPEN_BRACE) throw new SyntaxError('not a JSON object');
  const found = new Map<string, Entry>();
  let entries = 0;
  let index = open + 1;
  let previousComma = -1;
  for (;;) {
    index = skipWhitespace(bytes, index);
    const byte = bytes[index];
    if (byte === CLOSE_BRACE || byte === undefined) break;
    if (byte === COMMA) {
      previousComma = index;
      index++;
      continue;
    }
    if (byte !== QUOTE) throw new SyntaxError(`unexpected byte at ${index}`);
    const keyStart = index;
    const keyEnd = stringEnd(bytes, index);
    index = skipWhitespace(bytes, keyEnd);
    if (bytes[index] !== COLON) throw new SyntaxError(`expected ':' at ${index}`);
    const valueStart = skipWhitespace(bytes, index + 1);
    const end = valueEnd(bytes, valueStart);
    entries++;
    const key = bytes.toString('utf8', keyStart + 1, keyEnd - 1);
    // Duplicate keys: JSON.parse keeps the last one, so do we.
    if (wanted.has(key)) found.set(key, { previousComma, keyStart, valueStart, valueEnd: end });
    index = end;
    // Stop early only when no wanted key can follow: a later duplicate would win in JSON.parse.
    if (found.size === wanted.size && !hasMoreKeys(bytes, index, wanted)) break;
  }
  return { open, entries, found };
}

/** Cheap check used before stopping early: does any wanted key's text occur later at all? */
function hasMoreKeys(bytes: Buffer, from: number, wanted: ReadonlySet<string>): boolean {
  for (const key of wanted) if (bytes.indexOf(`"${key}"`, from, 'utf8') !== -1) return true;
  return false;
}

interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies top-level edits to a JSON object's bytes: replaced values, removed entries, and absent
 * keys inserted first. Bytes outside the edited entries are copied unchanged.
 */
export function editTopLevel(bytes: Buffer, edits: readonly TopLevelEdit[]): Buffer {
  if (edits.length === 0) return bytes;
  const scan = scanTopLevel(bytes, new Set(edits.map((edit) => edit.key)));
  const splices: Splice[] = [];
  const inserts: string[] = [];
  let removed = 0;
  for (const edit of edits) {
    const entry = scan.found.get(edit.key);
    if ('remove' in edit) {
      if (!entry) continue;
      removed++;
      if (entry.previousComma !== -1) {
        splices.push({ start: entry.previousComma, end: entry.valueEnd, text: '' });
      } else {
        const after = skipWhitespace(bytes, entry.valueEnd);
        splices.push({ start: entry.keyStart, end: bytes[after] === COMMA ? after + 1 : entry.valueEnd, text: '' });
      }
      continue;
    }
    const text = JSON.stringify(edit.value);
    if (entry) splices.push({ start: entry.valueStart, end: entry.valueEnd, text });
    else inserts.push(`${JSON.stringify(edit.key)}:${text}`);
  }
  if (inserts.length > 0) {
    const more = scan.entries - removed > 0 ? ',' : '';
    splices.push({ start: scan.open + 1, end: scan.open + 1, text: inserts.join(',') + more });
  }
  if (splices.length === 0) return bytes;
  splices.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: Buffer[] = [];
  let cursor = 0;
  for (const splice of splices) {
    if (splice.start > cursor) parts.push(bytes.subarray(cursor, splice.start));
    if (splice.text) parts.push(Buffer.from(splice.text, 'utf8'));
    cursor = Math.max(cursor, splice.end);
  }
  if (cursor < bytes.length) parts.push(bytes.subarray(cursor));
  return Buffer.concat(parts);
}

/** The same edits on a parsed object (the converted routes serialize it afterwards). */
export function editObject(body: Record<string, unknown>, edits: readonly TopLevelEdit[]): Record<string, unknown> {
  for (const edit of edits) {
    if ('remove' in edit) delete body[edit.key];
    else body[edit.key] = edit.value;
  }
  return body;
}
