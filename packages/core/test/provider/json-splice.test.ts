import { describe, expect, it } from 'vitest';
import { editObject, editTopLevel, topLevelValueRange, type TopLevelEdit } from '../../src/provider/json-splice.js';

const edit = (text: string, edits: TopLevelEdit[]) => editTopLevel(Buffer.from(text), edits).toString('utf8');

describe('editTopLevel', () => {
  it('returns the very same buffer when there is nothing to do', () => {
    const bytes = Buffer.from('{"a":1}');
    expect(editTopLevel(bytes, [])).toBe(bytes);
    expect(editTopLevel(bytes, [{ key: 'missing', remove: true }])).toBe(bytes);
  });

  it('replaces a value and leaves every other byte alone (whitespace, escapes, key order)', () => {
    const text = '{ "model" : "a",\n  "messages": [{"content":"caf\\u00e9 \\"x\\" }{]["}],  "n": 1.50e2 }';
    expect(edit(text, [{ key: 'model', value: 'b' }])).toBe('{ "model" : "b",\n  "messages": [{"content":"caf\\u00e9 \\"x\\" }{]["}],  "n": 1.50e2 }');
  });

  it('inserts absent keys first and removes entries with their comma', () => {
    expect(edit('{"a":1,"top_p":0.9,"b":[1,{"top_p":2}]}', [{ key: 'top_p', remove: true }])).toBe('{"a":1,"b":[1,{"top_p":2}]}');
    expect(edit('{"temperature":null, "a":1}', [{ key: 'temperature', remove: true }])).toBe('{"a":1}');
    expect(edit('{"a":1}', [{ key: 'system', value: [{ type: 'text', text: 'hi' }] }])).toBe('{"system":[{"type":"text","text":"hi"}],"a":1}');
    expect(edit('{}', [{ key: 'system', value: 's' }])).toBe('{"system":"s"}');
    expect(edit(' {"only":1} ', [{ key: 'only', remove: true }, { key: 'x', value: 2 }])).toBe(' {"x":2} ');
  });

  it('handles removing neighbours, values with nested quotes, and duplicate keys like JSON.parse', () => {
    expect(edit('{"a":1,"b":2}', [{ key: 'a', remove: true }, { key: 'b', remove: true }])).toBe('{}');
    expect(edit('{"s":"\\\\","model":"m"}', [{ key: 'model', value: 'n' }])).toBe('{"s":"\\\\","model":"n"}');
    const duplicated = edit('{"model":"first","model":"second"}', [{ key: 'model', value: 'mapped' }]);
    expect(JSON.parse(duplicated)).toEqual({ model: 'mapped' });
  });

  it('keeps multi-byte UTF-8 intact around the edits', () => {
    const text = '{"messages":[{"content":"日本語 🙂"}],"model":"m"}';
    const out = edit(text, [{ key: 'model', value: 'é' }]);
    expect(JSON.parse(out)).toEqual({ messages: [{ content: '日本語 🙂' }], model: 'é' });
  });

  it('agrees with the object path on random edit sets', () => {
    const base = { model: 'm', temperature: 0.2, top_p: 0.9, system: 'x', messages: [{ role: 'user', content: 'hi' }], stream: true };
    const keys = ['model', 'temperature', 'top_p', 'system', 'messages', 'stream', 'absent'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const edits: TopLevelEdit[] = keys.filter(() => random() < 0.4).map((key) => (random() < 0.5 ? { key, remove: true } : { key, value: { v: round } }));
      const spaced = JSON.stringify(base, null, random() < 0.5 ? 2 : undefined);
      expect(JSON.parse(edit(spaced, edits))).toEqual(editObject(structuredClone(base), edits));
    }
  });

  it('throws on input that is not a JSON object', () => {
    expect(() => editTopLevel(Buffer.from('[1]'), [{ key: 'a', value: 1 }])).toThrow(SyntaxError);
  });
});

describe('topLevelValueRange', () => {
  it('finds the last top-level value of a key, never a nested one, with any whitespace', () => {
    const text = '{ "input": {"instructions": "nested"}, "instructions" : "first", "instructions":"last \\"quoted\\" \\u00e9", "n": 1 }';
    const bytes = Buffer.from(text);
    const range = topLevelValueRange(bytes, 'instructions');
    expect(range && bytes.toString('utf8', range.start, range.end)).toBe('"last \\"quoted\\" \\u00e9"');
    expect(topLevelValueRange(bytes, 'missing')).toBeUndefined();
    expect(topLevelValueRange(Buffer.from('[1,2]'), 'instructions')).toBeUndefined();
  });
});
