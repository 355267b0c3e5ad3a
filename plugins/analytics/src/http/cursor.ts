import { CcproxyError } from '@ccproxy/core';

export type SortOrder = 'asc' | 'desc';

export type DecodedCursor = { kind: 'seq'; seq: number } | { kind: 'legacy'; tsMs: number };

/** Opaque keyset cursor: base64url of `{"v":1,"s":<seq>,"o":"asc"|"desc"}`. */
export function encodeCursor(seq: number, order: SortOrder): string {
  return Buffer.from(JSON.stringify({ v: 1, s: seq, o: order })).toString('base64url');
}

function invalid(message: string): CcproxyError {
  return new CcproxyError('INVALID_REQUEST', `cursor: ${message}`);
}

/**
 * Decodes a cursor for `order`. A plain number is the Python cursor (epoch seconds) and still works.
 * A cursor that does not decode → 400 "invalid cursor"; one issued for the other order → 400.
 */
export function decodeCursor(raw: string, order: SortOrder): DecodedCursor {
  const value = raw.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return { kind: 'legacy', tsMs: Math.round(Number(value) * 1000) };
  if (!/^[A-Za-z0-9_-]+$/.test(value) || value.length > 200) throw invalid('invalid cursor (use the next_cursor of a previous page)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid('invalid cursor (use the next_cursor of a previous page)');
  }
  const candidate = parsed as { v?: unknown; s?: unknown; o?: unknown } | null;
  if (!candidate || candidate.v !== 1 || typeof candidate.s !== 'number' || !Number.isSafeInteger(candidate.s) || candidate.s < 0 || (candidate.o !== 'asc' && candidate.o !== 'desc')) {
    throw invalid('invalid cursor (use the next_cursor of a previous page)');
  }
  if (candidate.o !== order) throw invalid(`does not match order=${order} (it was issued for order=${candidate.o})`);
  return { kind: 'seq', seq: candidate.s };
}
