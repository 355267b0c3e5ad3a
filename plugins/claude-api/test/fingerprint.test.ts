import { describe, expect, it } from 'vitest';
import { loadFingerprint } from '@ccproxy/testkit';
import { CLAUDE_CODE_FINGERPRINT, replayedHeaders } from '../src/fingerprint/claude-code-fingerprint.js';

describe('the bundled Claude Code fingerprint', () => {
  it('is versioned and matches the shared capture (headers and system blocks)', () => {
    const capture = loadFingerprint('claude_headers_fallback') as { claude_version: string; headers: Record<string, string>; body_json: { system: unknown[] } };
    expect(CLAUDE_CODE_FINGERPRINT.fingerprint_version).toBe(1);
    expect(CLAUDE_CODE_FINGERPRINT.claude_version).toBe(capture.claude_version);
    expect(CLAUDE_CODE_FINGERPRINT.system).toEqual(capture.body_json.system);
    for (const [name, value] of Object.entries(CLAUDE_CODE_FINGERPRINT.headers)) expect(capture.headers[name]).toBe(value);
  });

  it('carries no credential or framing header, and replays none of the computed ones', () => {
    for (const name of ['authorization', 'x-api-key', 'host', 'content-length', 'cookie']) expect(CLAUDE_CODE_FINGERPRINT.headers).not.toHaveProperty(name);
    const replayed = replayedHeaders(CLAUDE_CODE_FINGERPRINT);
    expect(replayed).not.toHaveProperty('anthropic-beta');
    expect(replayed).not.toHaveProperty('anthropic-version');
    expect(replayed['user-agent']).toMatch(/^claude-cli\/1\.0\.113 /);
  });

  it('starts its system prompt with the identity sentence Anthropic expects for OAuth tokens', () => {
    expect(CLAUDE_CODE_FINGERPRINT.system[0]).toEqual({ type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } });
    expect(CLAUDE_CODE_FINGERPRINT.system[1]?.text.length).toBeGreaterThan(10_000);
  });
});
