import { isJsonObject, type JsonObject } from './json-credential-file.js';

/**
 * The claims of a JWT, decoded WITHOUT verifying the signature: only for reading what our own
 * token endpoint issued (expiry, account ids), never for trusting a caller. `null` when the value is
 * not a decodable JWT.
 */
export function decodeJwtClaims(token: string | undefined | null): JsonObject | null {
  if (!token) return null;
  // The same few tokens are read on every request (account id, expiry): decode each once. A copy
  // goes out so a caller that edits its claims cannot change what the next caller reads.
  let claims = decoded.get(token);
  if (claims === undefined) {
    claims = decode(token);
    if (decoded.size >= 16) decoded.clear();
    decoded.set(token, claims);
  }
  return claims === null ? null : { ...claims };
}

const decoded = new Map<string, JsonObject | null>();

function decode(token: string): JsonObject | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return isJsonObject(claims) ? claims : null;
  } catch {
    return null;
  }
}

/** The `exp` claim in epoch milliseconds; `undefined` when absent or not a number. */
export function jwtExpiresAt(token: string | undefined | null): number | undefined {
  const exp = decodeJwtClaims(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
