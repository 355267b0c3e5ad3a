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
  readonly key: string;
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
  /** Index of the object's `{`. */
  readonly open: number;
  readonly entries: Entry[];
}

/**
 * Lists the top-level entries. With `stopAfter`, stops once all those keys were seen and none of
 * them can occur again (a later duplicate would win in JSON.parse), so large message arrays after
 * the last edited key are not scanned.
 */
function scanTopLevel(bytes: Buffer, stopAfter?: ReadonlySet<string>): Scan {
  const open = skipWhitespace(bytes, 0);
  if (bytes[open] !== OPEN_BRACE) throw new SyntaxError('not a JSON object');
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let index = open + 1;
  for (;;) {
    index = skipWhitespace(bytes, index);
    const byte = bytes[index];
    if (byte === CLOSE_BRACE || byte === undefined) break;
    if (byte === COMMA) {
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
    const key = bytes.toString('utf8', keyStart + 1, keyEnd - 1);
    entries.push({ key, keyStart, valueStart, valueEnd: end });
    index = end;
    if (stopAfter?.has(key)) {
      seen.add(key);
      if (seen.size === stopAfter.size && !occursAfter(bytes, end, stopAfter)) break;
    }
  }
  return { open, entries };
}

/** Cheap check before stopping early: does any of the keys' text occur later at all? */
function occursAfter(bytes: Buffer, from: number, keys: ReadonlySet<string>): boolean {
  for (const key of keys) if (bytes.indexOf(`"${key}"`, from, 'utf8') !== -1) return true;
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
  const removedKeys = new Set(edits.filter((edit) => 'remove' in edit).map((edit) => edit.key));
  // Removals need every entry (to place the commas); replacements only need to reach their keys.
  const scan = scanTopLevel(bytes, removedKeys.size === 0 ? new Set(edits.map((edit) => edit.key)) : undefined);
  const { entries } = scan;
  const lastIndexOf = new Map<string, number>();
  entries.forEach((entry, index) => lastIndexOf.set(entry.key, index));

  const splices: Splice[] = [];
  const inserts: string[] = [];
  for (const edit of edits) {
    if ('remove' in edit) continue;
    const index = lastIndexOf.get(edit.key);
    const text = JSON.stringify(edit.value);
    if (index === undefined) inserts.push(`${JSON.stringify(edit.key)}:${text}`);
    else if (!removedKeys.has(edit.key)) splices.push({ start: entries[index]!.valueStart, end: entries[index]!.valueEnd, text });
  }

  let remaining = 0;
  const removed = entries.map((entry) => removedKeys.has(entry.key));
  for (const flag of removed) if (!flag) remaining++;
  let lastKept = -1;
  entries.forEach((entry, index) => {
    if (!removed[index]) {
      lastKept = index;
      return;
    }
    const next = entries[index + 1];
    const keptAfter = removed.indexOf(false, index + 1) !== -1;
    if (keptAfter && next) splices.push({ start: entry.keyStart, end: next.keyStart, text: '' });
    else if (lastKept !== -1) splices.push({ start: entries[lastKept]!.valueEnd, end: entry.valueEnd, text: '' });
    else splices.push({ start: entry.keyStart, end: next ? next.keyStart : entry.valueEnd, text: '' });
  });

  if (inserts.length > 0) splices.push({ start: scan.open + 1, end: scan.open + 1, text: inserts.join(',') + (remaining > 0 ? ',' : '') });
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

/**
 * Where the value of top-level `key` lies in a JSON object's bytes (the last occurrence, as
 * JSON.parse keeps it), or `undefined` when the key is absent or the bytes are not an object.
 */
export function topLevelValueRange(bytes: Buffer, key: string): { start: number; end: number } | undefined {
  let scan: Scan;
  try {
    scan = scanTopLevel(bytes, new Set([key]));
  } catch {
    return undefined;
  }
  for (let index = scan.entries.length - 1; index >= 0; index--) {
    const entry = scan.entries[index]!;
    if (entry.key === key) return { start: entry.valueStart, end: entry.valueEnd };
  }
  return undefined;
}

/** The same edits on a parsed object (the converted routes serialize it afterwards). */
export function editObject(body: Record<string, unknown>, edits: readonly TopLevelEdit[]): Record<string, unknown> {
  for (const edit of edits) {
    if ('remove' in edit) delete body[edit.key];
    else body[edit.key] = edit.value;
  }
  return body;
}
