import { createHash, randomUUID } from 'node:crypto';

type Headers = Readonly<Record<string, string | undefined>>;

export interface ConversationIds {
  /** Sent as the body's `prompt_cache_key` (unless the client sent its own). */
  readonly promptCacheKey: string;
  /** The `session_id` header. */
  readonly sessionId: string;
  /** The `conversation_id` header. */
  readonly conversationId: string;
  /** Where the conversation was recognised from (for logs and tests). */
  readonly source: 'client_key' | 'session' | 'first_message' | 'none';
}

export interface ConversationInput {
  readonly headers: Headers;
  /** `/codex/{session_id}/v1/messages` */
  readonly pathSessionId?: string | undefined;
  /** The client's own `prompt_cache_key`, if it sent one. */
  readonly clientCacheKey?: string | undefined;
  /** Anthropic `metadata.user_id`: Claude Code puts its session id in it. */
  readonly anthropicUserId?: string | undefined;
  /** The Responses `input` sent upstream (after conversion). */
  readonly input: unknown;
  /** Digest of the calling client (see `clientIdentity`). */
  readonly clientIdentity: string;
  /** The ChatGPT account the request is billed to. */
  readonly accountId?: string | undefined;
}

/** A UUID-shaped id from a digest, so our keys look like the CLI's. */
function uuidFrom(seed: string): string {
  // The turns of one conversation give the same seed: derive once.
  if (lastDerived?.seed === seed) return lastDerived.id;
  const hex = createHash('sha256').update(seed).digest('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  lastDerived = { seed, id };
  return id;
}

let lastDerived: { seed: string; id: string } | undefined;

/** The first user message of a Responses input: stable across the turns of one conversation. */
function firstUserMessage(input: unknown): string | undefined {
  if (!Array.isArray(input)) return typeof input === 'string' && input.length > 0 ? input : undefined;
  for (const item of input) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    if (record['role'] === 'user' && (record['type'] === undefined || record['type'] === 'message')) return JSON.stringify(record['content'] ?? null);
  }
  return undefined;
}

/**
 * The ids that tie one conversation together upstream (decision 9): the prompt cache key is stable
 * over the turns of a conversation — from the client's session id when it has one, else from its
 * first user message — and salted with the client's identity and account so two clients never share
 * one. A client's own `prompt_cache_key`, `session_id` and `conversation_id` always win.
 */
export function conversationIds(request: ConversationInput): ConversationIds {
  const session = request.pathSessionId ?? request.headers['session_id'] ?? request.headers['x-claude-code-session-id'] ?? request.anthropicUserId ?? request.headers['conversation_id'];
  const first = session === undefined ? firstUserMessage(request.input) : undefined;
  let derived: string;
  let source: ConversationIds['source'];
  if (request.clientCacheKey !== undefined) {
    derived = uuidFrom(`ccproxy-codex\0client-key\0${request.clientCacheKey}`);
    source = 'client_key';
  } else if (session !== undefined || first !== undefined) {
    const scope = session !== undefined ? `session\0${session}` : `first\0${first ?? ''}`;
    derived = uuidFrom(`ccproxy-codex\0${request.accountId ?? ''}\0${request.clientIdentity}\0${scope}`);
    source = session !== undefined ? 'session' : 'first_message';
  } else {
    derived = randomUUID();
    source = 'none';
  }
  const promptCacheKey = request.clientCacheKey ?? derived;
  const sessionId = request.headers['session_id'] ?? derived;
  return { promptCacheKey, sessionId, conversationId: request.headers['conversation_id'] ?? sessionId, source };
}
