import { describe, expect, it } from 'vitest';
import { createModelMapper } from '@ccproxy/core';
import { CLAUDE_CODE_FINGERPRINT } from '../src/fingerprint/claude-code-fingerprint.js';
import { DEFAULT_MODEL_MAPPINGS } from '../src/model-defaults.js';
import { editObject, editTopLevel } from '@ccproxy/core';
import { prepareAnthropicBody } from '../src/prepare-body.js';
import { injectedSystemBlocks } from '../src/system-prompt.js';

const options = { mapper: createModelMapper(DEFAULT_MODEL_MAPPINGS), injected: injectedSystemBlocks(CLAUDE_CODE_FINGERPRINT, 'minimal') };

describe('prepareAnthropicBody', () => {
  it('maps model aliases with the default rules (first match wins, no chaining)', () => {
    const cases: [string, string][] = [
      ['gpt-4o-mini', 'claude-3-5-haiku-latest'],
      ['gpt-4o', 'claude-sonnet-4-6'],
      ['gpt-4-turbo', 'claude-3-5-sonnet-20241022'],
      ['o3-mini', 'claude-opus-4-6'],
      ['sonnet', 'claude-sonnet-4-6'],
      ['claude-3-5-haiku-latest', 'claude-3-5-haiku-20241022'],
      ['claude-sonnet-4-20250514', 'claude-sonnet-4-20250514'],
    ];
    for (const [requested, sent] of cases) {
      const prepared = prepareAnthropicBody({ model: requested, messages: [] }, options);
      expect([prepared.modelRequested, prepared.modelSent, prepared.mapped]).toEqual([requested, sent, requested !== sent]);
    }
  });

  it('applies the same edits to bytes and objects', () => {
    const body = { model: 'opus', temperature: 0.3, top_p: 0.5, system: 'Be terse.', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const prepared = prepareAnthropicBody(structuredClone(body), options);
    expect(prepared.stream).toBe(true);
    const viaBytes = JSON.parse(editTopLevel(Buffer.from(JSON.stringify(body)), prepared.edits).toString('utf8')) as Record<string, unknown>;
    const viaObject = editObject(structuredClone(body), prepared.edits);
    expect(viaBytes).toEqual(viaObject);
    expect(viaBytes).toMatchObject({ model: 'claude-opus-4-6', temperature: 0.3 });
    expect(viaBytes).not.toHaveProperty('top_p');
  });

  it('plans no edit at all for a Claude Code request that needs none', () => {
    const body = {
      model: 'claude-sonnet-4-20250514',
      system: [{ type: 'text', text: CLAUDE_CODE_FINGERPRINT.system[0]!.text, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }] }],
    };
    expect(prepareAnthropicBody(body, options).edits).toEqual([]);
  });
});
