// Identifier rules (formats.md §4.1).
import { createHash } from 'node:crypto';

/** 32 lowercase hex characters from a random UUID. */
export function randomHex32(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

/**
 * Keeps `existing` when it already has `prefix_`; re-prefixes a `resp_` id; otherwise makes a random
 * id. Returns `[id, suffix]`, the suffix being everything after the first `_`.
 */
export function ensureIdentifier(prefix: string, existing: string | undefined | null): [string, string] {
  if (typeof existing === 'string') {
    if (existing.startsWith(`${prefix}_`) && existing.length > prefix.length + 1) {
      return [existing, existing.slice(existing.indexOf('_') + 1)];
    }
    if (existing.startsWith('resp_') && existing.length > 5) {
      const suffix = existing.slice(5);
      return [`${prefix}_${suffix}`, suffix];
    }
  }
  const suffix = randomHex32();
  return [`${prefix}_${suffix}`, suffix];
}

const KNOWN_PREFIXES = ['chatcmpl-', 'resp_', 'msg_', 'resp-'];

/** The part of an upstream id after its well-known prefix (`chatcmpl-`, `resp_`, `msg_`), or a random hex. */
export function idSuffix(id: unknown): string {
  if (typeof id === 'string' && id.length > 0) {
    for (const prefix of KNOWN_PREFIXES) {
      if (id.startsWith(prefix)) {
        const rest = id.slice(prefix.length);
        if (rest.length > 0) return rest;
      }
    }
    return id;
  }
  return randomHex32();
}

/** OpenAI accepts call ids of at most 64 characters: longer ids become `call_<sha1 hex>` (deterministic). */
export function clampCallId(id: string): string {
  if (id.length <= 64) return id;
  return `call_${createHash('sha1').update(id).digest('hex')}`;
}

const ANTHROPIC_ID_OK = /^[a-zA-Z0-9_-]+$/;

/** Anthropic tool ids must match `^[a-zA-Z0-9_-]+$`; other characters become `_` (deterministic). */
export function anthropicToolId(id: string): string {
  if (ANTHROPIC_ID_OK.test(id)) return id;
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return cleaned.length > 0 ? cleaned : 'toolu_empty';
}
