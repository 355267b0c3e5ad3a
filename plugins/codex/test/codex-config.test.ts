import { describe, expect, it } from 'vitest';
import { codex, codexConfigSchema } from '../src/index.js';

describe('codex config', () => {
  it('has working defaults', () => {
    const config = codexConfigSchema.parse({});
    expect(config).toMatchObject({ base_url: 'https://chatgpt.com/backend-api/codex', model_mappings: [], default_model: 'gpt-5.3-codex', inject_cli_tools: false, instructions_mode: 'auto' });
  });
  it('trims a trailing slash and refuses non-http base URLs', () => {
    expect(codexConfigSchema.parse({ base_url: 'http://127.0.0.1:9/x/' }).base_url).toBe('http://127.0.0.1:9/x');
    expect(codexConfigSchema.safeParse({ base_url: 'ftp://example' }).success).toBe(false);
  });
  it('accepts the Python plugin’s dead keys', () => {
    expect(codexConfigSchema.safeParse({ name: 'codex', preferred_upstream_mode: 'streaming', oauth: { base_url: 'x' }, callback_port: 1455, verbose_logging: true }).success).toBe(true);
  });
  it('validates mapping rules', () => {
    expect(codexConfigSchema.safeParse({ model_mappings: [{ match: 'claude-', kind: 'prefix', target: 'gpt-5-codex' }] }).success).toBe(true);
    expect(codexConfigSchema.safeParse({ model_mappings: [{ match: 'x', kind: 'glob', target: 'y' }] }).success).toBe(false);
  });
  it('declares its routes, each with its client format', () => {
    const routes = codex.manifest.routes?.[0];
    expect(routes?.prefix).toBe('/codex');
    expect(routes?.routes.map((route) => `${String(route.method)} ${route.path} ${route.format}`)).toEqual([
      'POST /v1/responses openai.responses',
      'POST /responses openai.responses',
      'POST /v1/chat/completions openai.chat_completions',
      'POST /v1/messages anthropic.messages',
      'POST /:session_id/v1/messages anthropic.messages',
      'GET /v1/models openai.chat_completions',
    ]);
    expect(codex.manifest.name).toBe('codex');
    expect(codex.manifest.kind).toBe('provider');
  });
});
