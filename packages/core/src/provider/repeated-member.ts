import { topLevelValueRange } from './json-splice.js';

type JsonObject = Record<string, unknown>;

export interface RepeatedMemberOptions {
  /** Shorter values are parsed with the rest of the body (nothing worth keeping). Default 1024 bytes. */
  readonly minBytes?: number;
  /** Whether a value's bytes may be kept and shared (checked once per distinct value). */
  readonly accept?: (bytes: Buffer) => boolean;
}

const PLACEHOLDER = Buffer.from('null');

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * A parser for JSON request bodies whose one long top-level member comes back byte for byte on
 * every request — a Codex client's ~10 kB `instructions`, Claude Code's ~48 kB `tools`: the member's
 * bytes are compared with the last ones seen (memcmp) and their parsed value reused, and only the
 * rest of the body is decoded and parsed (the member replaced by `null` at the occurrence JSON.parse
 * keeps). The result is what `JSON.parse` gives, except that the reused value is shared between
 * requests and therefore deeply frozen: use `accept` to refuse values the caller might edit.
 * Returns undefined when the body does not have that shape or is not valid JSON: parse it the usual
 * way then, which also reports errors the usual way.
 */
export function createRepeatedMemberParser(key: string, options: RepeatedMemberOptions = {}): (raw: Buffer) => JsonObject | undefined {
  const minBytes = options.minBytes ?? 1024;
  let last: { bytes: Buffer; value: unknown } | undefined;
  return (raw) => {
    const range = topLevelValueRange(raw, key);
    if (range === undefined || range.end - range.start < minBytes) return undefined;
    const bytes = raw.subarray(range.start, range.end);
    let value: unknown;
    if (last !== undefined && last.bytes.equals(bytes)) {
      value = last.value;
    } else {
      if (options.accept !== undefined && !options.accept(bytes)) return undefined;
      try {
        value = deepFreeze(JSON.parse(bytes.toString('utf8')));
      } catch {
        return undefined;
      }
      last = { bytes: Buffer.from(bytes), value };
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat([raw.subarray(0, range.start), PLACEHOLDER, raw.subarray(range.end)]).toString('utf8'));
    } catch {
      return undefined;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || (body as JsonObject)[key] !== null) return undefined;
    (body as JsonObject)[key] = value;
    return body as JsonObject;
  };
}
