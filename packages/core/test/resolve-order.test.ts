import { describe, expect, it } from 'vitest';
import { defineCapability } from '../src/declaration/capability.js';
import { resolveOrder } from '../src/factory/resolve-order.js';

const pricing = defineCapability<{ cost(): number }>('pricing');

describe('resolveOrder', () => {
  it('puts dependencies first and independent plugins alphabetically', () => {
    const { order, skipped } = resolveOrder([
      { name: 'd' },
      { name: 'c', dependencies: ['b'] },
      { name: 'b', dependencies: ['a'] },
      { name: 'a' },
    ]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(skipped.size).toBe(0);
  });

  it('cascades a missing dependency through repeated pruning, naming the cause', () => {
    const { order, skipped } = resolveOrder([{ name: 'c', dependencies: ['b'] }, { name: 'b', dependencies: ['x'] }, { name: 'z' }]);
    expect(order).toEqual(['z']);
    expect(skipped.get('b')).toBe('missing plugin dependencies: x');
    expect(skipped.get('c')).toMatch(/missing plugin dependencies: b \(missing plugin dependencies: x\)/);
  });

  it('orders a capability provider before its consumer even when alphabetically later', () => {
    const { order } = resolveOrder([
      { name: 'consumer', requires: [pricing] },
      { name: 'zz_pricing', provides: [pricing] },
    ]);
    expect(order).toEqual(['zz_pricing', 'consumer']);
  });

  it('skips a plugin whose required capability nobody provides', () => {
    const { order, skipped } = resolveOrder([{ name: 'consumer', requires: [pricing] }, { name: 'other' }]);
    expect(order).toEqual(['other']);
    expect(skipped.get('consumer')).toBe('missing required capabilities: pricing');
  });

  it('uses optional requirements only as ordering edges', () => {
    const { order, skipped } = resolveOrder([{ name: 'a_consumer', optionalRequires: [pricing] }, { name: 'b_pricing', provides: [pricing] }]);
    expect(order).toEqual(['b_pricing', 'a_consumer']);
    expect(resolveOrder([{ name: 'alone', optionalRequires: [pricing] }]).order).toEqual(['alone']);
    expect(skipped.size).toBe(0);
  });

  it('skips every plugin on or behind a cycle and keeps the rest', () => {
    const { order, skipped } = resolveOrder([
      { name: 'a', dependencies: ['b'] },
      { name: 'b', dependencies: ['a'] },
      { name: 'c', dependencies: ['a'] },
      { name: 'd' },
    ]);
    expect(order).toEqual(['d']);
    expect(skipped.get('a')).toBe('circular dependency');
    expect(skipped.get('b')).toBe('circular dependency');
    expect(skipped.get('c')).toBe('circular dependency');
  });
});
