// Tolerant readers for untrusted JSON. Every converter reads its input through these, so unknown
// fields and odd types are skipped instead of crashing the conversion.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** The object elements of an array (anything else is skipped). */
export function objectsOf(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  const out: JsonObject[] = [];
  for (const item of value) if (isObject(item)) out.push(item);
  return out;
}

/** A non-negative integer-ish count; missing or invalid counts as 0 (formats.md §4.4). */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function isNonEmptyObject(value: unknown): value is JsonObject {
  return isObject(value) && Object.keys(value).length > 0;
}

/** Copies `key` from `source` to `target` when it is defined and not null. */
export function copyDefined(target: JsonObject, source: JsonObject, key: string, targetKey: string = key): void {
  const value = source[key];
  if (value !== undefined && value !== null) target[targetKey] = value;
}

/** JSON.stringify that never throws (cycles and BigInt become a string form). */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify(String(value));
  }
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
