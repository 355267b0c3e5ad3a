import { createRepeatedMemberParser } from '@ccproxy/core';

/**
 * A Responses request body with its long `instructions` string parsed once for every request that
 * repeats them byte for byte: a Codex client sends its ~10 kB prompt on every turn, and decoding and
 * parsing it was ~30 µs and ~40 kB of garbage per request. Undefined: parse the usual way.
 */
export const parseWithRepeatedInstructions = createRepeatedMemberParser('instructions', { accept: (bytes) => bytes[0] === 0x22 });
