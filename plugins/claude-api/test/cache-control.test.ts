import { describe, expect, it } from 'vitest';
import { limitCacheControl } from '../src/cache-control.js';

const marked = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
const count = (value: unknown) => (JSON.stringify(value).match(/cache_control/g) ?? []).length;

describe('limitCacheControl', () => {
  it('changes nothing at four markers or fewer', () => {
    const system = [marked('a'), marked('b')];
    const messages = [{ role: 'user', content: [marked('c'), marked('d')] }];
    expect(limitCacheControl(system, 0, messages, undefined)).toEqual({ system: false, messages: false, tools: false });
    expect(count([system, messages])).toBe(4);
  });

  it('keeps the injected markers, then the largest blocks; ties keep discovery order', () => {
    const system = [marked('injected'), marked('x'.repeat(40))];
    const messages = [{ role: 'user', content: [marked('y'), { type: 'tool_result', tool_use_id: 't', content: 'z'.repeat(500), cache_control: { type: 'ephemeral' } }] }];
    const tools = [{ name: 'a', input_schema: {}, cache_control: { type: 'ephemeral' } }, { name: 'b', input_schema: {}, cache_control: { type: 'ephemeral' } }];
    const changed = limitCacheControl(system, 1, messages, tools);
    expect(count([system, messages, tools])).toBe(4);
    expect(system[0]).toHaveProperty('cache_control');
    expect(system[1]).toHaveProperty('cache_control');
    expect(messages[0]!.content[1]).toHaveProperty('cache_control');
    expect(tools[0]).toHaveProperty('cache_control'); // tie with tools[1]: the first one seen wins
    expect(tools[1]).not.toHaveProperty('cache_control');
    expect(messages[0]!.content[0]).not.toHaveProperty('cache_control');
    expect(changed).toEqual({ system: false, messages: true, tools: true });
  });

  it('leaves injected markers above the limit for the upstream to reject', () => {
    const system = [marked('1'), marked('2'), marked('3'), marked('4'), marked('5'), marked('client')];
    limitCacheControl(system, 5, [], []);
    expect(count(system)).toBe(5);
  });

  it('does not look inside tool_result content', () => {
    const messages = [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [marked('a'), marked('b'), marked('c'), marked('d'), marked('e')] }] }];
    expect(limitCacheControl(undefined, 0, messages, undefined)).toEqual({ system: false, messages: false, tools: false });
  });
});
