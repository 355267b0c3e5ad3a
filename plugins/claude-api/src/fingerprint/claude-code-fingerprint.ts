// The Claude Code client we imitate, kept as versioned data (decision 9): Anthropic serves
// subscription OAuth tokens only to requests that look like Claude Code. A newer capture is a new
// JSON file plus one line here; the tests pin what reaches the upstream.
import capture from './claude-code-1.0.113.json' with { type: 'json' };

export interface SystemTextBlock {
  type: 'text';
  text: string;
  cache_control?: { type: string; ttl?: string };
}

export interface ClientFingerprint {
  /** Version of this file's shape. */
  readonly fingerprint_version: number;
  readonly client: string;
  /** The Claude Code version the capture came from. */
  readonly claude_version: string;
  readonly captured_at: string;
  readonly source: string;
  /** Lower-case names, capture order; no credentials, host or content-length. */
  readonly headers: Readonly<Record<string, string>>;
  /** The system blocks Claude Code sent: identity sentence first, then the full prompt. */
  readonly system: readonly SystemTextBlock[];
}

/** Headers that never come from a capture: credentials, framing, and the ones we compute. */
const NEVER_REPLAYED = new Set(['authorization', 'x-api-key', 'host', 'content-length', 'transfer-encoding', 'anthropic-beta', 'anthropic-version', 'cookie']);

function checked(data: ClientFingerprint): ClientFingerprint {
  if (data.fingerprint_version !== 1) throw new Error(`unsupported fingerprint_version ${data.fingerprint_version}`);
  if (!data.headers['user-agent']) throw new Error('the fingerprint has no user-agent');
  if (data.system.length === 0) throw new Error('the fingerprint has no system prompt');
  return Object.freeze(data);
}

export const CLAUDE_CODE_FINGERPRINT: ClientFingerprint = checked(capture as ClientFingerprint);

/** The capture's headers that override the client's (user agent, x-stainless-*, x-app, accept...). */
export function replayedHeaders(fingerprint: ClientFingerprint): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fingerprint.headers)) {
    const key = name.toLowerCase();
    if (value !== '' && !NEVER_REPLAYED.has(key)) headers[key] = value;
  }
  return headers;
}

/** The beta tags Claude Code sends; added for clients that send no `anthropic-beta` of their own. */
export function fingerprintBetas(fingerprint: ClientFingerprint): string {
  return fingerprint.headers['anthropic-beta'] ?? '';
}
