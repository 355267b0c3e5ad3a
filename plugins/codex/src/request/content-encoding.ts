import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { CcproxyError } from '@ccproxy/core';

type Headers = Readonly<Record<string, string | undefined>>;

/** The client's body encoding when it is compressed (`identity` and none count as plain). */
export function compressedEncoding(headers: Headers): string | undefined {
  const value = headers['content-encoding']?.trim().toLowerCase();
  return value && value !== 'identity' ? value : undefined;
}

/**
 * Decodes a compressed body for the routes that must read it (conversions). The Responses route
 * forwards compressed bodies untouched instead (providers.md §3.4). `limit` bounds the output.
 */
export function decodeBody(body: Buffer, encoding: string, limit: number): Buffer {
  try {
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body, { maxOutputLength: limit });
      case 'deflate':
        return inflateSync(body, { maxOutputLength: limit });
      case 'br':
        return brotliDecompressSync(body, { maxOutputLength: limit });
      default:
        break;
    }
  } catch (error) {
    throw new CcproxyError('INVALID_REQUEST', `the request body could not be decoded as ${encoding}: ${(error as Error).message}`, { cause: error });
  }
  throw new CcproxyError('INVALID_REQUEST', `unsupported content-encoding "${encoding}" on a route that converts the request (use gzip, deflate, br or none)`, { status: 415 });
}
