// Claude thinking signatures carried through Responses clients (formats.md §6.2, §7.5 [Rec]: "keep
// the signature on the item, e.g. encrypted_content, for round trips"): a reasoning item made from a
// Claude thinking block keeps the signature in `encrypted_content`, tagged so that only items
// ccproxy made become thinking blocks again (an OpenAI encrypted_content blob would fail Claude's
// signature check).

const THINKING_PREFIX = 'ccproxy.anthropic.thinking:';

export function encodeThinkingSignature(signature: string): string {
  return THINKING_PREFIX + signature;
}

/** The Claude signature a reasoning item's `encrypted_content` carries, or undefined for foreign content. */
export function decodeThinkingSignature(encrypted: unknown): string | undefined {
  if (typeof encrypted !== 'string' || !encrypted.startsWith(THINKING_PREFIX) || encrypted.length === THINKING_PREFIX.length) return undefined;
  return encrypted.slice(THINKING_PREFIX.length);
}
