import { describe, expect, it } from 'vitest';
import { useCodexHarness } from './codex-harness.js';

const start = useCodexHarness();

describe('codex models and health', () => {
  it('lists the configured models for the OpenAI SDK, with the Codex CLI catalogue shape beside them', async () => {
    const h = await start();
    const page = await h.openai().models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toEqual(['gpt-5.3-codex', 'gpt-5.2-codex']);
    const raw = (await (await fetch(`${h.url}/codex/v1/models`)).json()) as { object: string; data: { id: string; slug: string; display_name: string; owned_by: string }[]; models: unknown[] };
    expect(raw.object).toBe('list');
    expect(raw.data[0]).toMatchObject({ id: 'gpt-5.3-codex', slug: 'gpt-5.3-codex', display_name: 'gpt-5.3-codex', owned_by: 'openai' });
    expect(raw.models).toEqual(raw.data);
  });

  it('uses the Codex CLI’s models_cache.json entries for the configured models', async () => {
    const h = await start();
    await h.home.write('.codex/models_cache.json', {
      models: [
        { slug: 'gpt-5.3-codex', display_name: 'gpt-5.3-codex', supported_reasoning_levels: ['low', 'medium', 'high'] },
        { slug: 'gpt-9-secret', display_name: 'gpt-9-secret' },
      ],
    });
    const raw = (await (await fetch(`${h.url}/codex/v1/models`)).json()) as { models: { slug: string }[] };
    expect(raw.models).toEqual([{ slug: 'gpt-5.3-codex', display_name: 'gpt-5.3-codex', supported_reasoning_levels: ['low', 'medium', 'high'] }]);
  });

  it('passes health with usable credentials and warns with the fix without them', async () => {
    const h = await start();
    const healthy = (await (await fetch(`${h.url}/plugins/codex/health`)).json()) as { status: string; details: { health_check: { status: string; output: string } } };
    expect(healthy.status).toBe('healthy');
    expect(healthy.details.health_check).toMatchObject({ status: 'pass', output: expect.stringContaining('usable') as unknown });
    await h.close();

    const missing = await start({ auth: false });
    const warn = (await (await fetch(`${missing.url}/plugins/codex/health`)).json()) as { details: { health_check: { status: string; output: string } } };
    expect(warn.details.health_check.status).toBe('warn');
    expect(warn.details.health_check.output).toContain('ccproxy auth login codex');
  });

  it('serves the legacy /codex/responses route and nothing at the removed paths', async () => {
    const h = await start();
    const legacy = await fetch(`${h.url}/codex/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5', input: 'Hello' }) });
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toMatchObject({ object: 'response', status: 'completed' });
    for (const path of ['/codex/chat/completions', '/codex/models']) {
      expect((await fetch(`${h.url}${path}`, { method: path.endsWith('models') ? 'GET' : 'POST' })).status).toBe(404);
    }
  });
});
