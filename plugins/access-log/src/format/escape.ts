// Control characters are exactly what these patterns exist to find.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const ESCAPABLE = /["\\\u0000-\u001f\u007f]/g;

/**
 * Makes a value safe inside a double-quoted field of a Common/Combined line: `"` and `\` are
 * backslash-escaped and control characters become `\xHH`, so one request is always one line.
 */
export function escapeField(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPABLE, (char) => {
    if (char === '"' || char === '\\') return `\\${char}`;
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
