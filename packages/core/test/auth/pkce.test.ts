import { describe, expect, it } from 'vitest';
import { createOAuthState, createPkcePair, pkceChallenge } from '../../src/auth/pkce.js';
import { formatExpiresIn, previewToken } from '../../src/auth/token-preview.js';
import { decodeJwtClaims, jwtExpiresAt } from '../../src/auth/jwt-claims.js';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B vector', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character base64url verifiers and states, fresh every time', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.challenge).toBe(pkceChallenge(pair.verifier));
    expect(pair.method).toBe('S256');
    expect(createOAuthState()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createOAuthState()).not.toBe(createOAuthState());
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });
});

describe('token previews', () => {
  it('shows the first and last characters of long tokens and masks short ones', () => {
    expect(previewToken('abcdefghijklmnopqrstuvwxyz')).toBe('abcdefgh...stuvwxyz');
    expect(previewToken('abcdefghijklmnop')).toBe('****************');
    expect(previewToken('abcdefghijk', 4)).toBe('abcd...hijk');
    expect(previewToken(undefined)).toBe('(none)');
  });

  it('formats lifetimes', () => {
    expect(formatExpiresIn(-5)).toBe('Expired');
    expect(formatExpiresIn(500)).toBe('<1s');
    expect(formatExpiresIn(59_000)).toBe('59s');
    expect(formatExpiresIn(200_000)).toBe('3m 20s');
    expect(formatExpiresIn((7 * 3600 + 59 * 60 + 30) * 1000)).toBe('7h 59m');
    expect(formatExpiresIn(50 * 3600 * 1000)).toBe('2d 2h');
  });
});

describe('JWT claims', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('decodes claims without verifying and reads exp in ms', () => {
    expect(decodeJwtClaims(jwt({ sub: 'x', exp: 100 }))).toEqual({ sub: 'x', exp: 100 });
    expect(jwtExpiresAt(jwt({ exp: 100 }))).toBe(100_000);
  });
  it('returns null/undefined for anything else', () => {
    expect(decodeJwtClaims('not-a-jwt')).toBeNull();
    expect(decodeJwtClaims('a.!!!.c')).toBeNull();
    expect(jwtExpiresAt(jwt({ exp: 'soon' }))).toBeUndefined();
  });
});
