import { describe, expect, it } from 'vitest';
import { CODEX_CLI_0_34_0 } from '../src/fingerprint/codex-cli-0.34.0.js';
import { parseWithRepeatedInstructions } from '../src/request/parse-responses-body.js';

const prompt = CODEX_CLI_0_34_0.instructions;
const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello "there" \\ ü 😀' }] }];
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseWithRepeatedInstructions', () => {
  it('gives what JSON.parse gives, and decodes repeated instructions only once', () => {
    const first = bytes(JSON.stringify({ model: 'gpt-5-codex', instructions: prompt, input, stream: true }));
    const parsed = parseWithRepeatedInstructions(first);
    expect(parsed).toEqual(JSON.parse(first.toString('utf8')));
    // The next turn sends the same prompt with another input: the same decoded string is reused.
    const second = bytes(JSON.stringify({ input: [...input, ...input], instructions: prompt, model: 'gpt-5' }));
    const again = parseWithRepeatedInstructions(second);
    expect(again).toEqual(JSON.parse(second.toString('utf8')));
    expect(again?.['instructions']).toBe(parsed?.['instructions']);
    // Other instructions (one character changed): decoded afresh.
    const other = `${prompt.slice(0, 500)}X${prompt.slice(501)}`;
    const third = bytes(JSON.stringify({ instructions: other, input }));
    expect(parseWithRepeatedInstructions(third)).toEqual(JSON.parse(third.toString('utf8')));
  });

  it('matches JSON.parse on spacing, escapes written differently and a repeated key', () => {
    const escaped = JSON.stringify(prompt).replace(/\//g, '\\/').replace(/é/g, '\\u00e9');
    const cases = [
      `{ "instructions" :  ${JSON.stringify(prompt)} , "input": [] }`,
      `{"instructions":${escaped},"input":[]}`,
      // JSON.parse keeps the last occurrence: so does this.
      `{"instructions":"short","input":[],"instructions":${JSON.stringify(`${prompt}!`)}}`,
    ];
    for (const text of cases) expect(parseWithRepeatedInstructions(bytes(text))).toEqual(JSON.parse(text));
  });

  it('leaves every other shape to the usual parse (undefined)', () => {
    const long = JSON.stringify(prompt);
    for (const text of [
      '{"instructions":"short","input":[]}',
      `{"input":[],"instructions":${long},"instructions":"short"}`,
      `{"instructions":[${long}]}`,
      `{"instructions":${long},"input":[}`,
      `[{"instructions":${long}}]`,
      '{"input":[]}',
      '',
      `{"instructions":${long.slice(0, -1)}\\x"}`,
    ]) {
      expect(parseWithRepeatedInstructions(bytes(text)), text.slice(0, 40)).toBeUndefined();
    }
  });
});
