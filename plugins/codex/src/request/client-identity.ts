import { createHash } from 'node:crypto';

type Headers = Readonly<Record<string, string | undefined>>;

/**
 * A Codex client (the Codex CLI, Codex Desktop, the IDE extension) names itself with `originator`
 * and a `codex…` user agent; its own prompt, headers and cache key are kept as sent.
 */
export function isCodexClient(headers: Headers): boolean {
  if (headers['originator']) return true;
  const agent = headers['user-agent']?.toLowerCase() ?? '';
  return agent.startsWith('codex');
}

/**
 * Who is calling, as a digest: the credential the client presented to the proxy (even when the
 * proxy does not check it, each SDK user sets their own) and its user agent. Never the token itself.
 */
export function clientIdentity(headers: Headers): string {
  const credential = headers['authorization'] ?? headers['x-api-key'] ?? '';
  const agent = headers['user-agent'] ?? '';
  // A client sends the same two headers on every request: hash them once (a digest per request
  // was ~3 µs). Only the latest pair is kept, in memory.
  if (last?.credential === credential && last.agent === agent) return last.digest;
  const digest = createHash('sha256').update(credential).update('\0').update(agent).digest('hex');
  last = { credential, agent, digest };
  return digest;
}

let last: { credential: string; agent: string; digest: string } | undefined;
