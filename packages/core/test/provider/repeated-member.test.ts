import { describe, expect, it } from 'vitest';
import { createRepeatedMemberParser } from '../../src/provider/repeated-member.js';

const prompt = `You are a coding agent. ${'Be precise, “quote” \\ “escape”. '.repeat(120)}Done.`;
const tools = Array.from({ length: 40 }, (_, index) => ({ name: `tool_${index}`, description: `Does thing ${index} — ü`, input_schema: { type: 'object', properties: { path: { type: 'string' } } } }));
const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello "there" \\ ü 😀' }] }];
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('createRepeatedMemberParser', () => {
  it('gives what JSON.parse gives, and parses a repeated member only once', () => {
    const parse = createRepeatedMemberParser('instructions');
    const first = bytes(JSON.stringify({ model: 'gpt-5-codex', instructions: prompt, input, stream: true }));
    const parsed = parse(first);
    expect(parsed).toEqual(JSON.parse(first.toString('utf8')));
    // The next turn repeats the member with another input: the same value is reused.
    const second = bytes(JSON.stringify({ input: [...input, ...input], instructions: prompt, model: 'gpt-5' }));
    const again = parse(second);
    expect(again).toEqual(JSON.parse(second.toString('utf8')));
    expect(again?.['instructions']).toBe(parsed?.['instructions']);
    // One character changed: parsed afresh.
    const other = `${prompt.slice(0, 500)}X${prompt.slice(501)}`;
    const third = bytes(JSON.stringify({ instructions: other, input }));
    expect(parse(third)).toEqual(JSON.parse(third.toString('utf8')));
  });

  it('shares a reused object value deeply frozen, and each parser keeps its own', () => {
    const toolsParser = createRepeatedMemberParser('tools');
    const body = bytes(JSON.stringify({ model: 'm', messages: [], tools }));
    const one = toolsParser(body);
    const two = toolsParser(body);
    expect(one).toEqual({ model: 'm', messages: [], tools });
    expect(two?.['tools']).toBe(one?.['tools']);
    expect(Object.isFrozen(one?.['tools']) && Object.isFrozen((one?.['tools'] as { input_schema: object }[])[3]?.input_schema)).toBe(true);
    // The rest of the body is the caller's own, fresh each time.
    expect(two).not.toBe(one);
    expect(Object.isFrozen(one)).toBe(false);
    expect(createRepeatedMemberParser('instructions')(body)).toBeUndefined();
  });

  it('matches JSON.parse on spacing, escapes written differently and a repeated key', () => {
    const parse = createRepeatedMemberParser('instructions');
    const escaped = JSON.stringify(prompt).replace(/“/g, '\\u201c');
    const cases = [
      `{ "instructions" :  ${JSON.stringify(prompt)} , "input": [] }`,
      `{"instructions":${escaped},"input":[]}`,
      // JSON.parse keeps the last occurrence: so does this.
      `{"instructions":"short","input":[],"instructions":${JSON.stringify(`${prompt}!`)}}`,
    ];
    for (const text of cases) expect(parse(bytes(text))).toEqual(JSON.parse(text));
  });

  it('leaves every other shape to the usual parse (undefined), and honours accept', () => {
    const onlyStrings = createRepeatedMemberParser('instructions', { accept: (value) => value[0] === 0x22 });
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
      expect(onlyStrings(bytes(text)), text.slice(0, 40)).toBeUndefined();
    }
  });
});
