import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** base64url (no padding) of 32 random bytes: 43 characters. Never printed or logged. */
  readonly verifier: string;
  /** base64url(SHA-256(verifier)). */
  readonly challenge: string;
  readonly method: 'S256';
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** OAuth `state`: base64url of 32 random bytes, checked on the callback against CSRF. */
export function createOAuthState(): string {
  return randomBytes(32).toString('base64url');
}
