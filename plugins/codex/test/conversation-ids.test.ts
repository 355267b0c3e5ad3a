import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientIdentity, isCodexClient } from '../src/request/client-identity.js';
import { conversationIds } from '../src/request/conversation-ids.js';

const input = (text: string) => [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }];
const alice = clientIdentity({ authorization: 'Bearer sk-alice', 'user-agent': 'OpenAI/JS 6' });
const bob = clientIdentity({ authorization: 'Bearer sk-bob', 'user-agent': 'OpenAI/JS 6' });

describe('conversationIds', () => {
  it('gives the exact digest whatever came before (the last pair is memoised)', () => {
    const digest = (credential: string, agent: string) => createHash('sha256').update(credential).update('\0').update(agent).digest('hex');
    const seen = [
      clientIdentity({ authorization: 'Bearer sk-alice', 'user-agent': 'OpenAI/JS 6' }),
      clientIdentity({ authorization: 'Bearer sk-bob', 'user-agent': 'OpenAI/JS 6' }),
      clientIdentity({ authorization: 'Bearer sk-bob', 'user-agent': 'OpenAI/JS 7' }),
      clientIdentity({ 'x-api-key': 'Bearer sk-bob', 'user-agent': 'OpenAI/JS 7' }),
      clientIdentity({ authorization: 'Bearer sk-alice', 'user-agent': 'OpenAI/JS 6' }),
    ];
    expect(seen).toEqual([digest('Bearer sk-alice', 'OpenAI/JS 6'), digest('Bearer sk-bob', 'OpenAI/JS 6'), digest('Bearer sk-bob', 'OpenAI/JS 7'), digest('Bearer sk-bob', 'OpenAI/JS 7'), alice]);
    // Conversations alternating: each keeps its own key.
    const keys = ['s1', 's2', 's1', 's2'].map((session) => conversationIds({ headers: {}, pathSessionId: session, input: [], clientIdentity: alice }).promptCacheKey);
    expect(keys[0]).toBe(keys[2]);
    expect(keys[1]).toBe(keys[3]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('is stable across the turns of one conversation (same first user message)', () => {
    const turn1 = conversationIds({ headers: {}, input: input('hello'), clientIdentity: alice, accountId: 'acct' });
    const turn2 = conversationIds({ headers: {}, input: [...input('hello'), { type: 'message', role: 'assistant', content: [] }, ...input('more')], clientIdentity: alice, accountId: 'acct' });
    expect(turn2.promptCacheKey).toBe(turn1.promptCacheKey);
    expect(turn1.source).toBe('first_message');
    expect(turn1.promptCacheKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(turn1.sessionId).toBe(turn1.promptCacheKey);
    expect(turn1.conversationId).toBe(turn1.sessionId);
  });

  it('differs between clients, accounts and conversations', () => {
    const keys = [
      conversationIds({ headers: {}, input: input('hello'), clientIdentity: alice, accountId: 'acct' }),
      conversationIds({ headers: {}, input: input('hello'), clientIdentity: bob, accountId: 'acct' }),
      conversationIds({ headers: {}, input: input('hello'), clientIdentity: alice, accountId: 'other' }),
      conversationIds({ headers: {}, input: input('bye'), clientIdentity: alice, accountId: 'acct' }),
    ].map((ids) => ids.promptCacheKey);
    expect(new Set(keys).size).toBe(4);
  });

  it('prefers a session: path, session_id header, Claude Code session, metadata user id', () => {
    const a = conversationIds({ headers: {}, pathSessionId: 's1', input: input('x'), clientIdentity: alice });
    const b = conversationIds({ headers: {}, pathSessionId: 's1', input: input('y'), clientIdentity: alice });
    expect(a.promptCacheKey).toBe(b.promptCacheKey);
    expect(a.source).toBe('session');
    const user = conversationIds({ headers: {}, anthropicUserId: 'user_1_session_abc', input: input('x'), clientIdentity: alice });
    expect(user.promptCacheKey).not.toBe(a.promptCacheKey);
  });

  it('keeps the client’s own key and headers', () => {
    const ids = conversationIds({ headers: { session_id: 'sess', conversation_id: 'conv' }, clientCacheKey: 'mine', input: [], clientIdentity: alice });
    expect(ids).toMatchObject({ promptCacheKey: 'mine', sessionId: 'sess', conversationId: 'conv', source: 'client_key' });
  });

  it('falls back to a random key when nothing identifies the conversation', () => {
    const one = conversationIds({ headers: {}, input: [], clientIdentity: alice });
    const two = conversationIds({ headers: {}, input: [], clientIdentity: alice });
    expect(one.source).toBe('none');
    expect(one.promptCacheKey).not.toBe(two.promptCacheKey);
  });
});

describe('client identity', () => {
  it('recognises Codex clients by originator or user agent', () => {
    expect(isCodexClient({ originator: 'codex_cli_rs' })).toBe(true);
    expect(isCodexClient({ 'user-agent': 'codex_exec/0.60.0' })).toBe(true);
    expect(isCodexClient({ 'user-agent': 'claude-cli/2.0.14' })).toBe(false);
  });
  it('is a digest, never the credential', () => {
    expect(alice).not.toContain('sk-alice');
    expect(alice).toMatch(/^[0-9a-f]{64}$/);
    expect(alice).not.toBe(bob);
  });
});
