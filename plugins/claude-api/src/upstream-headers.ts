import { forwardableRequestHeaders } from '@ccproxy/core';

/** Without these Anthropic refuses a subscription OAuth token (providers.md §2.6). */
export const REQUIRED_BETAS: readonly string[] = ['claude-code-20250219', 'oauth-2025-04-20'];

export const ANTHROPIC_VERSION = '2023-06-01';

function splitTags(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

/** De-duplicated union of comma-separated beta lists, first occurrence wins; joined without spaces. */
export function mergeBetas(...lists: readonly (string | readonly string[] | undefined)[]): string {
  const seen = new Set<string>();
  for (const list of lists) {
    for (const tag of typeof list === 'string' || list === undefined ? splitTags(list) : list) seen.add(tag);
  }
  return [...seen].join(',');
}

/** fingerprint betas → client `anthropic-beta` value → the merged list. */
const mergedBetas = new Map<string, Map<string, string>>();

/**
 * `anthropic-beta` for the upstream (decision 9): a client that chose betas keeps them, plus the
 * required ones; a client that sent none gets Claude Code's full set. Never overwritten.
 */
export function upstreamBetas(clientBeta: string | undefined, fingerprintBetas: string): string {
  // Clients send the same few beta lists again and again: merge each once.
  let known = mergedBetas.get(fingerprintBetas);
  if (!known) mergedBetas.set(fingerprintBetas, (known = new Map<string, string>()));
  const key = clientBeta ?? '';
  let merged = known.get(key);
  if (merged === undefined) {
    const client = splitTags(clientBeta);
    merged = client.length > 0 ? mergeBetas(client, REQUIRED_BETAS) : mergeBetas(REQUIRED_BETAS, fingerprintBetas);
    if (known.size >= 256) known.clear();
    known.set(key, merged);
  }
  return merged;
}

export interface UpstreamHeaderOptions {
  /** Claude Code's captured headers (user agent, x-stainless-*, x-app, accept...). */
  readonly replayed: Readonly<Record<string, string>>;
  readonly fingerprintBetas: string;
  /** `accept-encoding` sent upstream (`identity` when compression is off). */
  readonly acceptEncoding: string;
}

/**
 * The upstream headers, in the order of providers.md §2.6 (later steps win): the client's
 * forwardable headers (its own `authorization`/`x-api-key` are already gone), version, merged
 * betas, Claude Code's identity headers, and finally the OAuth credentials.
 */
export function buildUpstreamHeaders(
  client: Readonly<Record<string, string | undefined>>,
  auth: Readonly<Record<string, string>>,
  options: UpstreamHeaderOptions,
): Record<string, string> {
  const headers = forwardableRequestHeaders(client);
  headers['anthropic-version'] = ANTHROPIC_VERSION;
  headers['anthropic-beta'] = upstreamBetas(client['anthropic-beta'], options.fingerprintBetas);
  for (const name in options.replayed) headers[name] = options.replayed[name] as string;
  headers['accept-encoding'] = options.acceptEncoding;
  for (const name in auth) headers[name.toLowerCase()] = auth[name] as string;
  return headers;
}
