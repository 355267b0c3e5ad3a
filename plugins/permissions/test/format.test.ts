import { describe, expect, it } from 'vitest';
import { formatInput, formatRemaining, shortId, summarizeInput } from '../src/cli/format.js';
import { splitKeys } from '../src/cli/terminal.js';

describe('terminal formatting', () => {
  it('pretty-prints any JSON input, cutting long lines and long inputs', () => {
    expect(formatInput({ command: 'ls -la', flags: [1, true] })).toEqual(['{', '  "command": "ls -la",', '  "flags": [', '    1,', '    true', '  ]', '}']);
    const long = formatInput({ content: 'x'.repeat(500) }, { maxWidth: 40 });
    expect(long[1]).toHaveLength(40);
    expect(long[1]?.endsWith('…')).toBe(true);
    const many = formatInput(Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`k${index}`, index])), { maxLines: 10 });
    expect(many).toHaveLength(10);
    expect(many[9]).toBe('… (43 more lines)');
  });

  it('summarises, shortens ids and shows the remaining time', () => {
    expect(summarizeInput({ command: 'echo hi', n: 2, deep: { a: [1] } })).toBe('command=echo hi n=2 deep={"a":[1]}');
    expect(summarizeInput({ text: 'y'.repeat(80) }, 10)).toBe('text=yyyyyyyyy…');
    expect(shortId('0123456789abcdef')).toBe('01234567…');
    expect(formatRemaining(12_345)).toBe('12.3s');
    expect(formatRemaining(-5)).toBe('0.0s');
  });

  it('splits raw key input, dropping escape sequences but keeping a lone Escape', () => {
    expect(splitKeys('ay')).toEqual(['a', 'y']);
    expect(splitKeys('\x1b[A\x1b[1;5Cd')).toEqual(['d']);
    expect(splitKeys('\x1b')).toEqual(['\x1b']);
    expect(splitKeys('\x03')).toEqual(['\x03']);
  });
});
