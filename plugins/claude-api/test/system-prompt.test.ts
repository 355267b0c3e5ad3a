import { describe, expect, it } from 'vitest';
import type { ClientFingerprint } from '../src/fingerprint/claude-code-fingerprint.js';
import { CLAUDE_CODE_FINGERPRINT } from '../src/fingerprint/claude-code-fingerprint.js';
import { injectedSystemBlocks, prepareSystem, stripBillingLines } from '../src/system-prompt.js';

const IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
const threeBlocks: ClientFingerprint = {
  ...CLAUDE_CODE_FINGERPRINT,
  system: [
    { type: 'text', text: 'one', cache_control: { type: 'ephemeral' } },
    { type: 'text', text: 'two' },
    { type: 'text', text: 'three' },
  ],
};

describe('injectedSystemBlocks', () => {
  it('injects 0, 1 or all blocks for none, minimal and full', () => {
    expect(injectedSystemBlocks(threeBlocks, 'none')).toHaveLength(0);
    expect(injectedSystemBlocks(threeBlocks, 'minimal')).toEqual([{ type: 'text', text: 'one', cache_control: { type: 'ephemeral' } }]);
    expect(injectedSystemBlocks(threeBlocks, 'full').map((block) => block.text)).toEqual(['one', 'two', 'three']);
    expect(injectedSystemBlocks(CLAUDE_CODE_FINGERPRINT, 'minimal')[0]?.text).toBe(IDENTITY);
  });

  it('never replays a captured billing line as the identity block', () => {
    const fresh: ClientFingerprint = {
      ...CLAUDE_CODE_FINGERPRINT,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.0.14; cc_entrypoint=cli; cch=abc123;' },
        { type: 'text', text: `X-Anthropic-Billing-Header: cch=1;\n${IDENTITY}`, cache_control: { type: 'ephemeral' } },
      ],
    };
    expect(injectedSystemBlocks(fresh, 'minimal')).toEqual([{ type: 'text', text: IDENTITY, cache_control: { type: 'ephemeral' } }]);
  });
});

describe('prepareSystem', () => {
  const injected = injectedSystemBlocks(CLAUDE_CODE_FINGERPRINT, 'minimal');

  it('adds the identity block in front of no, string and list system prompts', () => {
    expect(prepareSystem(undefined, injected)).toEqual({ system: [{ ...injected[0] }], changed: true, injectedCount: 1 });
    expect(prepareSystem('Be terse.', injected).system).toEqual([{ ...injected[0] }, { type: 'text', text: 'Be terse.' }]);
    const list = [{ type: 'text', text: 'Mine', cache_control: { type: 'ephemeral' } }];
    expect(prepareSystem(list, injected).system).toEqual([{ ...injected[0] }, list[0]]);
  });

  it('leaves a client alone when there is nothing to inject or strip', () => {
    expect(prepareSystem('Be terse.', [])).toMatchObject({ changed: false });
    expect(prepareSystem([{ type: 'text', text: IDENTITY }, { type: 'text', text: 'more' }], injected)).toMatchObject({ changed: false, injectedCount: 0 });
  });

  it('strips billing lines, drops blocks they emptied, and does not inject twice', () => {
    const system = [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.0.1; cch=9f;' },
      { type: 'text', text: IDENTITY },
      { type: 'text', text: 'line 1\nx-anthropic-billing-header: cch=2;\nline 2' },
    ];
    expect(prepareSystem(system, injected)).toEqual({ system: [{ type: 'text', text: IDENTITY }, { type: 'text', text: 'line 1\nline 2' }], changed: true, injectedCount: 0 });
    expect(prepareSystem('  x-anthropic-billing-header: a\n', [])).toEqual({ system: undefined, changed: true, injectedCount: 0 });
    expect(stripBillingLines('no billing here')).toBeUndefined();
  });

  it('does not touch a system value that is neither string nor list', () => {
    expect(prepareSystem({ weird: true }, injected)).toEqual({ system: undefined, changed: false, injectedCount: 0 });
  });
});
