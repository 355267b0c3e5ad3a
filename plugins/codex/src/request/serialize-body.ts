import { randomUUID } from 'node:crypto';

/** A placeholder no client sends (random per process), swapped for the pre-encoded prompt. */
const SENTINEL = `\u0000ccproxy-instructions-${randomUUID()}\u0000`;
const ENCODED_SENTINEL = JSON.stringify(SENTINEL).slice(1, -1);
const encodedPrompts = new Map<string, string>();

function encoded(prompt: string): string {
  let value = encodedPrompts.get(prompt);
  if (value === undefined) {
    value = JSON.stringify(prompt).slice(1, -1);
    encodedPrompts.set(prompt, value);
  }
  return value;
}

/**
 * `JSON.stringify(body)` as bytes, without re-escaping the ~27 kB Codex CLI prompt on every
 * request: when `instructions` starts with `prompt`, the prompt is serialized once per process and
 * spliced in. The output is byte-identical to plain `JSON.stringify`.
 */
export function serializeBody(body: Record<string, unknown>, prompt: string): Buffer {
  const instructions = body['instructions'];
  if (typeof instructions !== 'string' || prompt.length < 1024 || !instructions.startsWith(prompt)) return Buffer.from(JSON.stringify(body));
  body['instructions'] = SENTINEL + instructions.slice(prompt.length);
  let text: string;
  try {
    text = JSON.stringify(body);
  } finally {
    body['instructions'] = instructions;
  }
  const at = text.indexOf(ENCODED_SENTINEL);
  return Buffer.from(text.slice(0, at) + encoded(prompt) + text.slice(at + ENCODED_SENTINEL.length));
}
