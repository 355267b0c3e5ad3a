/** Anthropic rejects a request with more than four `cache_control` breakpoints. */
export const MAX_CACHE_CONTROL_BLOCKS = 4;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Candidate {
  readonly block: JsonObject;
  readonly where: 'system' | 'messages' | 'tools';
}

function approximateSize(block: JsonObject): number {
  let size = 0;
  for (const key in block) {
    if (key === 'cache_control' || key === 'type') continue;
    const value = block[key];
    size += typeof value === 'string' ? value.length : JSON.stringify(value ?? null).length;
  }
  return size;
}

export interface CacheControlResult {
  readonly system: boolean;
  readonly messages: boolean;
  readonly tools: boolean;
}

/**
 * Keeps at most four `cache_control` markers (providers.md §2.5): the injected blocks keep theirs,
 * then the largest other blocks (system, message content blocks, tools; ties in that order).
 * Mutates the given arrays and reports which ones changed. Injected blocks alone above the limit
 * are left for the upstream to reject.
 */
export function limitCacheControl(system: readonly unknown[] | undefined, injectedCount: number, messages: unknown, tools: unknown): CacheControlResult {
  let injectedMarked = 0;
  const candidates: Candidate[] = [];
  system?.forEach((block, index) => {
    if (!isObject(block) || block['cache_control'] === undefined) return;
    if (index < injectedCount) injectedMarked++;
    else candidates.push({ block, where: 'system' });
  });
  if (Array.isArray(messages)) {
    for (const message of messages) {
      const content = isObject(message) ? message['content'] : undefined;
      if (!Array.isArray(content)) continue;
      for (const block of content) {
        if (isObject(block) && block['cache_control'] !== undefined) candidates.push({ block, where: 'messages' });
      }
    }
  }
  if (Array.isArray(tools)) {
    for (const tool of tools) {
      if (isObject(tool) && tool['cache_control'] !== undefined) candidates.push({ block: tool, where: 'tools' });
    }
  }
  const changed = { system: false, messages: false, tools: false };
  if (injectedMarked + candidates.length <= MAX_CACHE_CONTROL_BLOCKS) return changed;
  const keep = Math.max(0, MAX_CACHE_CONTROL_BLOCKS - injectedMarked);
  // Sizes only when over the limit (the common case never pays for them). Sorting is stable:
  // equal sizes keep discovery order.
  const ranked = candidates.map((candidate) => ({ ...candidate, size: approximateSize(candidate.block) })).sort((a, b) => b.size - a.size);
  for (const candidate of ranked.slice(keep)) {
    delete candidate.block['cache_control'];
    changed[candidate.where] = true;
  }
  return changed;
}
