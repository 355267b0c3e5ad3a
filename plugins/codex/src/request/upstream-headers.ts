import { forwardableRequestHeaders, type UpstreamAuth } from '@ccproxy/core';
import type { CodexFingerprint } from '../fingerprint/codex-fingerprint.js';
import type { ConversationIds } from './conversation-ids.js';

export interface UpstreamHeaderOptions {
  readonly clientHeaders: Readonly<Record<string, string | undefined>>;
  readonly auth: UpstreamAuth;
  readonly fingerprint: CodexFingerprint;
  readonly codexClient: boolean;
  readonly ids: ConversationIds;
  /** `accept-encoding` for the upstream (http.compression_enabled / http.accept_encoding). */
  readonly acceptEncoding: string;
  /** The client's `content-encoding` when its body is forwarded compressed, untouched. */
  readonly contentEncoding?: string | undefined;
}

/** Headers of other API families or SDK telemetry that mean nothing to the ChatGPT backend. */
function foreign(name: string): boolean {
  return (
    name.startsWith('anthropic-') ||
    name.startsWith('x-stainless-') ||
    name.startsWith('x-claude-code-') ||
    name === 'x-app' ||
    name === 'openai-organization' ||
    name === 'openai-project'
  );
}

/** Who-we-are headers copied from the Codex CLI fingerprint. */
const IDENTITY = ['version', 'openai-beta', 'originator', 'user-agent'] as const;

/**
 * The upstream request headers (providers.md §3.4): the client's forwardable headers, our
 * credentials and the ChatGPT account, the conversation ids, and the Codex CLI's identity headers
 * from the versioned fingerprint. A Codex client keeps its own identity headers (they are newer
 * than our capture); any other client is presented as the CLI, whose identity the backend expects.
 */
export function buildUpstreamHeaders(options: UpstreamHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const forwarded = forwardableRequestHeaders(options.clientHeaders);
  for (const name in forwarded) if (!foreign(name)) headers[name] = forwarded[name] as string;
  for (const name of IDENTITY) {
    const captured = options.fingerprint.headers[name];
    if (captured === undefined) continue;
    if (!options.codexClient || !headers[name]) headers[name] = captured;
  }
  for (const name in options.auth.headers) headers[name.toLowerCase()] = options.auth.headers[name] as string;
  if (options.auth.accountId) headers['chatgpt-account-id'] = options.auth.accountId;
  else delete headers['chatgpt-account-id'];
  headers['content-type'] = 'application/json';
  // The backend only streams; non-streaming clients are served from the collected stream.
  headers['accept'] = 'text/event-stream';
  headers['accept-encoding'] = options.acceptEncoding;
  headers['session_id'] = options.ids.sessionId;
  headers['conversation_id'] = options.ids.conversationId;
  if (options.contentEncoding) headers['content-encoding'] = options.contentEncoding;
  return headers;
}
