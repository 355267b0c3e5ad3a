import type { ModelMappingRule } from '@ccproxy/core';

/** One entry of `GET /claude/v1/models` (providers.md §2.8); extra keys pass through. */
export interface ModelCard {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  permission?: unknown[];
  root?: string | null;
  parent?: string | null;
  display_name?: string;
  [key: string]: unknown;
}

const card = (id: string, created: number): ModelCard => ({ id, object: 'model', created, owned_by: 'anthropic', permission: [], root: id, parent: null });

/** The model list served to pickers when `models_endpoint` is not configured. */
export const DEFAULT_MODELS: readonly ModelCard[] = [
  card('claude-sonnet-4-6', 1722816000),
  card('claude-haiku-4-5-20251001', 1722816000),
  card('claude-opus-4-6', 1722816000),
  card('claude-opus-4-20250514', 1716336000),
  card('claude-sonnet-4-20250514', 1716336000),
  card('claude-3-7-sonnet-20250219', 1708819200),
  card('claude-3-5-sonnet-20241022', 1696000000),
  card('claude-3-5-haiku-20241022', 1696000000),
  card('claude-3-opus-20240229', 1696000000),
  card('claude-3-sonnet-20240229', 1696000000),
  card('claude-3-haiku-20240307', 1696000000),
];

/**
 * Default model mapping (providers.md §2.8), first match wins and targets are not mapped again.
 * OpenAI names let OpenAI-only tools pick a Claude model; short names are Claude Code's aliases.
 */
export const DEFAULT_MODEL_MAPPINGS: readonly ModelMappingRule[] = [
  { match: 'gpt-4o-mini', kind: 'prefix', target: 'claude-3-5-haiku-latest' },
  { match: 'gpt-4o', kind: 'prefix', target: 'claude-sonnet-4-6' },
  { match: '^gpt-4(?!o)', kind: 'regex', target: 'claude-3-5-sonnet-20241022' },
  { match: 'gpt-3.5', kind: 'prefix', target: 'claude-3-5-haiku-20241022' },
  { match: 'text-davinci', kind: 'prefix', target: 'claude-3-5-sonnet-20241022' },
  { match: 'o1', kind: 'prefix', target: 'claude-opus-4-6' },
  { match: 'o3-mini', kind: 'exact', target: 'claude-opus-4-6' },
  { match: 'gpt-5', kind: 'prefix', target: 'claude-sonnet-4-6' },
  { match: 'sonnet', kind: 'exact', target: 'claude-sonnet-4-6' },
  { match: 'opus', kind: 'exact', target: 'claude-opus-4-6' },
  { match: 'haiku', kind: 'exact', target: 'claude-haiku-4-5-20251001' },
  { match: 'claude-3-5-sonnet-latest', kind: 'exact', target: 'claude-3-5-sonnet-20241022' },
  { match: 'claude-3-5-sonnet-20240620', kind: 'exact', target: 'claude-3-5-sonnet-20240620' },
  { match: 'claude-3-5-haiku-latest', kind: 'exact', target: 'claude-3-5-haiku-20241022' },
  { match: 'claude-3-opus', kind: 'exact', target: 'claude-3-opus-20240229' },
  { match: 'claude-3-sonnet', kind: 'exact', target: 'claude-3-sonnet-20240229' },
  { match: 'claude-3-haiku', kind: 'exact', target: 'claude-3-haiku-20240307' },
];
