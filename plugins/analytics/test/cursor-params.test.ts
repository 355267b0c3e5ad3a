import { describe, expect, it } from 'vitest';
import { CcproxyError } from '@ccproxy/core';
import { decodeCursor, encodeCursor, parseFilter, parseSince, QueryParams } from '../src/index.js';

function params(query: string) {
  return new QueryParams(new URLSearchParams(query));
}

function errorOf(work: () => unknown): CcproxyError {
  try {
    work();
  } catch (error) {
    if (CcproxyError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a CcproxyError');
}

describe('cursor encoding', () => {
  it('round-trips an opaque base64url cursor', () => {
    const cursor = encodeCursor(12345, 'desc');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'desc')).toEqual({ kind: 'seq', seq: 12345 });
  });

  it('refuses a cursor issued for the other order', () => {
    const error = errorOf(() => decodeCursor(encodeCursor(5, 'desc'), 'asc'));
    expect(error.status).toBe(400);
    expect(error.message).toBe('cursor: does not match order=asc (it was issued for order=desc)');
  });

  it('refuses malformed cursors with 400 naming the parameter', () => {
    for (const raw of ['not a cursor!', Buffer.from('{"v":2,"s":1,"o":"asc"}').toString('base64url'), Buffer.from('{"v":1,"s":-1,"o":"asc"}').toString('base64url'), 'abc']) {
      const error = errorOf(() => decodeCursor(raw, 'asc'));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^cursor: invalid cursor/);
    }
  });

  it('still accepts the Python numeric cursor (epoch seconds)', () => {
    expect(decodeCursor('1735867200.5', 'desc')).toEqual({ kind: 'legacy', tsMs: 1735867200500 });
  });
});

describe('query parameters', () => {
  it('names the parameter and the allowed range', () => {
    expect(errorOf(() => params('limit=x').int('limit', 1, 1000)).message).toBe('limit: must be an integer from 1 to 1000 (got "x")');
    expect(errorOf(() => params('limit=0').int('limit', 1, 1000)).message).toBe('limit: must be an integer from 1 to 1000 (got "0")');
    expect(errorOf(() => params('order=sideways').choice('order', ['asc', 'desc'])).message).toBe('order: must be one of asc, desc (got "sideways")');
    expect(errorOf(() => parseFilter(params('start_time=yesterday'))).message).toMatch(/^start_time: must be Unix epoch seconds/);
    expect(errorOf(() => parseFilter(params('streaming=maybe'))).message).toBe('streaming: must be true or false (got "maybe")');
    expect(errorOf(() => parseFilter(params('status=20x'))).message).toMatch(/^status: must be HTTP status codes/);
    expect(errorOf(() => parseFilter(params('start_time=10&end_time=5'))).message).toMatch(/^end_time: must not be before start_time/);
  });

  it('parses lists with negation, ignores blanks, and treats 0 as a real bound', () => {
    const filter = parseFilter(params('service_type=codex,!claude_api, ,&model=!gpt-5&start_time=0&status=200,404&streaming=true&path=/claude'));
    expect(filter).toEqual({
      serviceType: { include: ['codex'], exclude: ['claude_api'] },
      model: { include: [], exclude: ['gpt-5'] },
      startMs: 0,
      statusCodes: [200, 404],
      streaming: true,
      path: '/claude',
    });
    expect(parseFilter(params('service_type=, ,'))).toEqual({});
  });
});

describe('parseSince', () => {
  const now = Date.UTC(2025, 0, 31, 12);
  it('understands durations, dates and epoch seconds', () => {
    expect(parseSince('24h', now)).toEqual({ startMs: now - 86_400_000 });
    expect(parseSince('7d', now)).toEqual({ startMs: now - 7 * 86_400_000 });
    expect(parseSince('30m', now)).toEqual({ startMs: now - 1_800_000 });
    expect(parseSince('2025-01-30', now)).toEqual({ startMs: Date.UTC(2025, 0, 30) });
    expect(parseSince('1738000000', now)).toEqual({ startMs: 1_738_000_000_000 });
    expect(parseSince('soon', now)).toHaveProperty('error');
  });
});
