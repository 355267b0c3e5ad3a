import { randomUUID } from 'node:crypto';
import { topLevelValueRange } from '@ccproxy/core';
import { textAfterPrependedPrompt } from './prepare-body.js';
import { startsWithLong } from './starts-with.js';

/** A placeholder no client sends (random per process), swapped for the pre-encoded prompt. */
const SENTINEL = `\u0000ccproxy-instructions-${randomUUID()}\u0000`;
const ENCODED_SENTINEL = JSON.stringify(SENTINEL).slice(1, -1);
const encodedPrompts = new Map<string, Buffer>();

/** The prompt as JSON string content, UTF-8 encoded once per process. */
function encoded(prompt: string): Buffer {
  let value = encodedPrompts.get(prompt);
  if (value === undefined) {
    value = Buffer.from(JSON.stringify(prompt).slice(1, -1));
    encodedPrompts.set(prompt, value);
  }
  return value;
}

/** The client's own bytes, to reuse its already-escaped `instructions` when they are unchanged. */
export interface ClientSource {
  readonly rawBody: Buffer;
  readonly instructions: unknown;
}

/**
 * `JSON.stringify(body)` as bytes, without re-escaping the long instructions on every request:
 * when `instructions` starts with `prompt` (the Codex CLI prompt we send), the prompt is encoded
 * once per process and spliced in; when they are the client's own, unchanged, the client's bytes
 * for them are spliced in. The first case is byte-identical to `JSON.stringify`, the second equal
 * once parsed (the client may escape differently).
 */
export function serializeBody(body: Record<string, unknown>, prompt: string, client?: ClientSource): Buffer {
  const instructions = body['instructions'];
  if (typeof instructions !== 'string' || instructions.length < 1024) return Buffer.from(JSON.stringify(body));
  let replacement: Buffer | undefined;
  let rest = '';
  // What follows the prompt: known when prepareResponsesBody prepended it, else found by comparing.
  const afterPrompt = prompt.length < 1024 ? undefined : (textAfterPrependedPrompt(body, prompt) ?? (startsWithLong(instructions, prompt) ? instructions.slice(prompt.length) : undefined));
  if (afterPrompt !== undefined) {
    replacement = encoded(prompt);
    rest = afterPrompt;
  } else if (client !== undefined && client.instructions === instructions) {
    const range = topLevelValueRange(client.rawBody, 'instructions');
    // The range includes the quotes; a non-string there means the bytes are not what was parsed.
    if (range && client.rawBody[range.start] === 0x22) replacement = client.rawBody.subarray(range.start + 1, range.end - 1);
  }
  if (replacement === undefined) return Buffer.from(JSON.stringify(body));
  body['instructions'] = SENTINEL + rest;
  let text: string;
  try {
    text = JSON.stringify(body);
  } finally {
    body['instructions'] = instructions;
  }
  const at = text.indexOf(ENCODED_SENTINEL);
  // Three buffers joined: the long instructions are neither copied into a string nor encoded again.
  const head = Buffer.from(text.slice(0, at));
  const tail = Buffer.from(text.slice(at + ENCODED_SENTINEL.length));
  return Buffer.concat([head, replacement, tail], head.length + replacement.length + tail.length);
}
