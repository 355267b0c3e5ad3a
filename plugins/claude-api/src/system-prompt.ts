import type { ClientFingerprint, SystemTextBlock } from './fingerprint/claude-code-fingerprint.js';
import type { SystemPromptInjectionMode } from './claude-api-config.js';

const BILLING_PREFIX = 'x-anthropic-billing-header:';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Removes Claude Code's per-request `x-anthropic-billing-header: …` lines (decision 9): their hash
 * changes on every request and would defeat the upstream prompt cache. Other text is kept as is.
 * Returns undefined when nothing was removed.
 */
export function stripBillingLines(text: string): string | undefined {
  if (!text.toLowerCase().includes(BILLING_PREFIX)) return undefined;
  const lines = text.split('\n');
  const kept = lines.filter((line) => !line.trim().toLowerCase().startsWith(BILLING_PREFIX));
  return kept.length === lines.length ? undefined : kept.join('\n');
}

/**
 * The blocks prepended to every request's system prompt (providers.md §2.4): none, the identity
 * sentence (`minimal`) or all of Claude Code's blocks (`full`). Billing lines in a capture are
 * dropped first, so a fresh capture can never replay a stale billing line as the identity.
 */
export function injectedSystemBlocks(fingerprint: ClientFingerprint, mode: SystemPromptInjectionMode): readonly SystemTextBlock[] {
  if (mode === 'none') return [];
  const blocks: SystemTextBlock[] = [];
  for (const block of fingerprint.system) {
    const text = stripBillingLines(block.text) ?? block.text;
    if (text.trim().length === 0) continue;
    blocks.push(Object.freeze({ ...block, text }));
  }
  return Object.freeze(mode === 'minimal' ? blocks.slice(0, 1) : blocks);
}

export interface PreparedSystem {
  /** The new `system` value; undefined = remove it. Only meaningful when `changed`. */
  readonly system: unknown[] | undefined;
  readonly changed: boolean;
  /** How many leading blocks of `system` are ours (never lose their cache_control). */
  readonly injectedCount: number;
}

/**
 * The client's system prompt with billing lines stripped and Claude Code's blocks in front. A
 * client whose system already starts with those blocks (Claude Code itself) gets no second copy:
 * the duplicate would only cost tokens and one of the four cache_control slots.
 */
export function prepareSystem(clientSystem: unknown, injected: readonly SystemTextBlock[]): PreparedSystem {
  let blocks: unknown[];
  let changed = false;
  if (clientSystem === undefined || clientSystem === null) {
    blocks = [];
  } else if (typeof clientSystem === 'string') {
    const stripped = stripBillingLines(clientSystem);
    const text = stripped ?? clientSystem;
    changed = stripped !== undefined;
    blocks = text.trim().length > 0 ? [{ type: 'text', text }] : [];
    if (!changed && injected.length === 0) return { system: undefined, changed: false, injectedCount: 0 };
    if (blocks.length === 0) changed = true;
  } else if (Array.isArray(clientSystem)) {
    blocks = [];
    for (const block of clientSystem) {
      const text = isObject(block) && block['type'] === 'text' && typeof block['text'] === 'string' ? block['text'] : undefined;
      const stripped = text === undefined ? undefined : stripBillingLines(text);
      if (stripped === undefined) {
        blocks.push(block);
        continue;
      }
      changed = true;
      if (stripped.trim().length > 0) blocks.push({ ...(block as JsonObject), text: stripped });
    }
  } else {
    // Not a valid system prompt: leave it for the upstream to reject with its own message.
    return { system: undefined, changed: false, injectedCount: 0 };
  }
  const alreadyThere = injected.length > 0 && injected.every((block, index) => {
    const existing = blocks[index];
    return isObject(existing) && existing['type'] === 'text' && existing['text'] === block.text;
  });
  if (injected.length === 0 || alreadyThere) {
    return { system: blocks.length > 0 ? blocks : undefined, changed, injectedCount: 0 };
  }
  return { system: [...injected.map((block) => ({ ...block })), ...blocks], changed: true, injectedCount: injected.length };
}
