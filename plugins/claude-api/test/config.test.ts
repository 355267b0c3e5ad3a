import { describe, expect, it } from 'vitest';
import { claudeApiConfigSchema } from '../src/claude-api-config.js';
import { DEFAULT_MODEL_MAPPINGS, DEFAULT_MODELS } from '../src/model-defaults.js';

describe('claudeApiConfigSchema', () => {
  it('fills the defaults of providers.md §2.10 from an empty section', () => {
    const config = claudeApiConfigSchema.parse({});
    expect(config).toMatchObject({ enabled: true, name: 'claude-api', base_url: 'https://api.anthropic.com', default_max_tokens: 4096, system_prompt_injection_mode: 'minimal', auth_manager: null });
    expect(config.model_mappings).toHaveLength(DEFAULT_MODEL_MAPPINGS.length);
    expect(config.models_endpoint.map((card) => card.id)).toEqual(DEFAULT_MODELS.map((card) => card.id));
    expect(config.models_endpoint[0]).toEqual({ id: 'claude-sonnet-4-6', object: 'model', created: 1722816000, owned_by: 'anthropic', permission: [], root: 'claude-sonnet-4-6', parent: null });
  });

  it('trims a trailing slash, replaces (not merges) mappings and keeps extra card fields', () => {
    const config = claudeApiConfigSchema.parse({
      base_url: 'http://127.0.0.1:9999/',
      model_mappings: [{ match: 'fast', target: 'claude-haiku-4-5-20251001' }],
      models_endpoint: [{ id: 'my-model', context_window: 200000 }],
    });
    expect(config.base_url).toBe('http://127.0.0.1:9999');
    expect(config.model_mappings).toEqual([{ match: 'fast', target: 'claude-haiku-4-5-20251001', kind: 'exact', flags: [] }]);
    expect(config.models_endpoint[0]).toMatchObject({ id: 'my-model', root: 'my-model', context_window: 200000, owned_by: 'anthropic' });
  });

  it('refuses an unknown injection mode and a non-http base_url', () => {
    expect(claudeApiConfigSchema.safeParse({ system_prompt_injection_mode: 'everything' }).success).toBe(false);
    expect(claudeApiConfigSchema.safeParse({ base_url: 'ftp://x' }).success).toBe(false);
  });
});
