/**
 * `text.startsWith(prefix)` for a long prefix (the ~10 kB Codex CLI prompt, held in a two-byte
 * string). V8's optimized `startsWith` compares character by character: ~18 µs for the prompt, and
 * on every request that sends it or gets it prepended. A slice and `===` compare memory (~0.6 µs;
 * ~1.9 µs when `text` is a concatenation that must be flattened first).
 */
export function startsWithLong(text: string, prefix: string): boolean {
  if (text.length < prefix.length) return false;
  return (text.length === prefix.length ? text : text.slice(0, prefix.length)) === prefix;
}
