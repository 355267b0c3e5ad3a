// Tool arguments: object ⇄ JSON text (formats.md §4.5). The lenient parse is used everywhere [Rec].

/** `JSON.stringify(input ?? {})`; a value that cannot be serialised becomes `{"arguments":"<text>"}`. */
export function stringifyArguments(input: unknown): string {
  try {
    return JSON.stringify(input ?? {}) ?? '{}';
  } catch {
    return JSON.stringify({ arguments: String(input) });
  }
}

/**
 * Lenient parse: empty or whitespace → `{}`; a JSON object → itself; invalid JSON or a non-object
 * → `{"arguments": "<raw text>"}`. Already-parsed objects are returned as they are.
 */
export function parseArgumentsLenient(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (text.trim().length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the raw-text wrapper
  }
  return { arguments: text };
}

/** OpenAI `arguments` from anything: strings are kept, objects encoded, missing → "{}". */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value.length > 0 ? value : '{}';
  if (value === undefined || value === null) return '{}';
  return stringifyArguments(value);
}
