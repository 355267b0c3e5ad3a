import { describe, expect, it } from 'vitest';
import { CODEX_CLI_0_34_0 } from '../src/fingerprint/codex-cli-0.34.0.js';
import { startsWithLong } from '../src/request/starts-with.js';

describe('startsWithLong', () => {
  it('answers as String.prototype.startsWith for equal, longer, shorter, empty and near-miss texts', () => {
    const prompt = CODEX_CLI_0_34_0.instructions;
    const lastChanged = `${prompt.slice(0, -1)}${String.fromCharCode(prompt.charCodeAt(prompt.length - 1) + 1)}`;
    const firstChanged = `x${prompt.slice(1)}`;
    const cases: [string, string][] = [
      [prompt, prompt],
      [`${prompt}\nYou are terse.`, prompt],
      [JSON.parse(JSON.stringify(`${prompt}\n`)) as string, prompt],
      [prompt.slice(0, -1), prompt],
      [lastChanged, prompt],
      [`${lastChanged}\nmore`, prompt],
      [firstChanged, prompt],
      ['', prompt],
      ['anything', ''],
      ['', ''],
      ['héllo “wörld”', 'héllo “'],
      ['héllo “wörld”', 'héllo ”'],
    ];
    for (const [text, prefix] of cases) expect(startsWithLong(text, prefix), `${text.slice(0, 20)}… / ${prefix.slice(0, 20)}…`).toBe(text.startsWith(prefix));
    expect(cases.filter(([text, prefix]) => startsWithLong(text, prefix))).toHaveLength(6);
  });
});
