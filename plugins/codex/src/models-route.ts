import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodexRuntime } from './codex-runtime.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Codex CLI's own model catalogue (`~/.codex/models_cache.json`), or [] when absent or invalid. */
async function cachedModels(home: string): Promise<Json[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(home, '.codex', 'models_cache.json'), 'utf8'));
    const models = isObject(parsed) ? parsed['models'] : undefined;
    return Array.isArray(models) ? models.filter(isObject) : [];
  } catch {
    return [];
  }
}

/**
 * `GET /codex/v1/models` (providers.md §3.8): the configured cards as an OpenAI model list, plus
 * `models` in the Codex CLI catalogue shape — its cached entries for our models when it has them.
 */
export async function listModels(runtime: CodexRuntime): Promise<Json> {
  const data = runtime.config.models_endpoint.map((card) => {
    const name = card.root ?? card.id;
    return { ...card, root: card.root ?? card.id, slug: (card['slug'] as string | undefined) ?? card.id, display_name: (card['display_name'] as string | undefined) ?? name };
  });
  const known = new Set(data.flatMap((card) => [card.id, card.root]));
  const cached = (await cachedModels(runtime.home)).filter((model) => known.has(model['slug'] as string) || known.has(model['display_name'] as string));
  return { object: 'list', data, models: cached.length > 0 ? cached : data };
}
