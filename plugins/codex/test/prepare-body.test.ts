import { describe, expect, it } from 'vitest';
import { DEFAULT_DROPPED_PARAMETERS, DEFAULT_FINGERPRINT } from '../src/index.js';
import { normalizeInput, prepareResponsesBody, removePrivateKeys, resolveInstructions, type PrepareBodyOptions } from '../src/request/prepare-body.js';

const CLI = DEFAULT_FINGERPRINT.instructions;

function options(overrides: Partial<PrepareBodyOptions> = {}): PrepareBodyOptions {
  return {
    model: 'gpt-5-codex',
    fingerprint: DEFAULT_FINGERPRINT,
    injectDetectionPayload: true,
    instructionsMode: 'auto',
    injectCliTools: false,
    dropParameters: DEFAULT_DROPPED_PARAMETERS,
    codexClient: false,
    promptCacheKey: 'derived-key',
    ...overrides,
  };
}

describe('prepareResponsesBody', () => {
  it('forces stream and store, drops the parameters the backend refuses, sets the model and cache key', () => {
    const body = prepareResponsesBody(
      { model: 'x', input: [], stream: false, store: true, max_output_tokens: 5, max_completion_tokens: 5, max_tokens: 5, temperature: 0.1, top_p: 0.9, metadata: { user_id: 'u' }, service_tier: 'priority' },
      options(),
    );
    expect(body).toMatchObject({ model: 'gpt-5-codex', stream: true, store: false, service_tier: 'priority', prompt_cache_key: 'derived-key' });
    for (const key of DEFAULT_DROPPED_PARAMETERS) expect(body).not.toHaveProperty(key);
  });

  it('keeps the client’s prompt_cache_key', () => {
    expect(prepareResponsesBody({ input: [], prompt_cache_key: 'mine' }, options())['prompt_cache_key']).toBe('mine');
  });

  it('removes item references and private keys at any depth, but not inside JSON schemas', () => {
    const body = prepareResponsesBody(
      {
        _trace: 1,
        input: [{ type: 'item_reference', id: 'msg_1' }, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi', _cache: true }] }],
        tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { _id: { type: 'string' } } } }],
        text: { format: { type: 'json_schema', name: 's', schema: { properties: { _meta: { type: 'string' } } } } },
      },
      options(),
    );
    expect(body).not.toHaveProperty('_trace');
    expect(body['input']).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]);
    expect((body['tools'] as { parameters: { properties: object } }[])[0]!.parameters.properties).toHaveProperty('_id');
    expect(body['text']).toMatchObject({ format: { schema: { properties: { _meta: { type: 'string' } } } } });
  });

  it('fills template fields only when absent, and tool_choice only for requests with tools', () => {
    const bare = prepareResponsesBody({ input: [] }, options());
    expect(bare).toMatchObject({ reasoning: { effort: 'medium', summary: 'auto' }, include: ['reasoning.encrypted_content'], parallel_tool_calls: false });
    expect(bare).not.toHaveProperty('tools');
    expect(bare).not.toHaveProperty('tool_choice');
    const own = prepareResponsesBody({ input: [], reasoning: { effort: 'low' }, parallel_tool_calls: true, tools: [{ type: 'function', name: 'f' }] }, options());
    expect(own).toMatchObject({ reasoning: { effort: 'low' }, parallel_tool_calls: true, tool_choice: 'auto' });
  });

  it('injects the CLI tools into tool-less requests only when configured', () => {
    const body = prepareResponsesBody({ input: [] }, options({ injectCliTools: true }));
    expect((body['tools'] as { name: string }[]).map((tool) => tool.name)).toEqual(['shell', 'view_image']);
    expect(body['tool_choice']).toBe('auto');
  });

  it('with injection disabled sends no template fields and leaves instructions alone', () => {
    const body = prepareResponsesBody({ input: [], reasoning: { effort: 'high' }, instructions: 'mine' }, options({ injectDetectionPayload: false }));
    expect(body).not.toHaveProperty('include');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(body['reasoning']).toEqual({ effort: 'high' });
    expect(body['instructions']).toBe('mine');
    expect(prepareResponsesBody({ input: [] }, options({ injectDetectionPayload: false }))).not.toHaveProperty('instructions');
  });
});

describe('instructions', () => {
  const base = { fingerprint: DEFAULT_FINGERPRINT, injectDetectionPayload: true, codexClient: false };
  it('uses the CLI prompt alone when the client has none, in every mode but off', () => {
    for (const mode of ['auto', 'prepend', 'fallback'] as const) expect(resolveInstructions(undefined, { ...base, instructionsMode: mode })).toBe(CLI);
    expect(resolveInstructions(undefined, { ...base, instructionsMode: 'off' })).toBeUndefined();
  });
  it('prepends the CLI prompt with a newline in auto and prepend modes', () => {
    expect(resolveInstructions('mine', { ...base, instructionsMode: 'auto' })).toBe(`${CLI}\nmine`);
    expect(resolveInstructions('mine', { ...base, instructionsMode: 'prepend' })).toBe(`${CLI}\nmine`);
    expect(resolveInstructions('mine', { ...base, instructionsMode: 'fallback' })).toBe('mine');
  });
  it('auto keeps a Codex client’s prompt and never prepends twice', () => {
    expect(resolveInstructions('You are Codex.', { ...base, codexClient: true, instructionsMode: 'auto' })).toBe('You are Codex.');
    expect(resolveInstructions(`${CLI}\nmine`, { ...base, instructionsMode: 'auto' })).toBe(`${CLI}\nmine`);
    expect(resolveInstructions('You are Codex.', { ...base, codexClient: true, instructionsMode: 'prepend' })).toBe(`${CLI}\nYou are Codex.`);
  });
  it('moves system and developer messages after the existing instructions, joined by a blank line', () => {
    const body = prepareResponsesBody(
      {
        instructions: 'first',
        input: [
          { role: 'system', content: ' second ' },
          { role: 'developer', content: [{ type: 'input_text', text: 'third' }] },
          { role: 'user', content: 'hi' },
        ],
      },
      options({ instructionsMode: 'off' }),
    );
    expect(body['instructions']).toBe('first\n\nsecond\n\nthird');
    expect(body['input']).toEqual([{ type: 'message', role: 'user', content: 'hi' }]);
  });
});

describe('normalizeInput', () => {
  it('turns a string input into one user message and a missing input into []', () => {
    const body: Record<string, unknown> = { input: 'hello' };
    normalizeInput(body, false);
    expect(body['input']).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }]);
    const missing: Record<string, unknown> = {};
    normalizeInput(missing, false);
    expect(missing['input']).toEqual([]);
  });
  it('leaves a Codex client’s developer messages in place', () => {
    const body: Record<string, unknown> = { input: [{ type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'sandbox: read-only' }] }] };
    expect(normalizeInput(body, true)).toEqual([]);
    expect(body['input']).toHaveLength(1);
  });
  it('keeps non-object items untouched', () => {
    const body: Record<string, unknown> = { input: [1, 'x', null] };
    normalizeInput(body, false);
    expect(body['input']).toEqual([1, 'x', null]);
  });
});

describe('removePrivateKeys', () => {
  it('walks arrays and objects', () => {
    const value = { a: [{ _x: 1, b: { _y: 2, c: 3 } }] };
    removePrivateKeys(value);
    expect(value).toEqual({ a: [{ b: { c: 3 } }] });
  });
});
