import { describe, expect, it } from 'vitest';
import { loadFingerprint } from '@ccproxy/testkit';
import { DEFAULT_FINGERPRINT, REQUIRED_FINGERPRINT_HEADERS } from '../src/index.js';

const fixture = loadFingerprint('codex_headers_fallback') as {
  codex_version: string;
  headers: Record<string, string>;
  body_json: Record<string, unknown>;
};

describe('Codex CLI fingerprint', () => {
  it('is the captured CLI release, with its version', () => {
    expect(DEFAULT_FINGERPRINT.version).toBe(fixture.codex_version);
    expect(DEFAULT_FINGERPRINT.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(DEFAULT_FINGERPRINT.headers['version']).toBe(DEFAULT_FINGERPRINT.version);
    expect(DEFAULT_FINGERPRINT.headers['user-agent']).toContain(`codex_cli_rs/${DEFAULT_FINGERPRINT.version}`);
  });

  it('carries every identity header, equal to the capture', () => {
    for (const name of REQUIRED_FINGERPRINT_HEADERS) {
      expect(DEFAULT_FINGERPRINT.headers[name], name).toBeTruthy();
      expect(DEFAULT_FINGERPRINT.headers[name], name).toBe(fixture.headers[name]);
    }
    expect(DEFAULT_FINGERPRINT.headers['originator']).toBe('codex_cli_rs');
  });

  it('never ships credentials or per-session values from the capture', () => {
    const names = Object.keys(DEFAULT_FINGERPRINT.headers);
    for (const secret of ['authorization', 'session_id', 'conversation_id', 'chatgpt-account-id', 'host', 'content-length']) expect(names).not.toContain(secret);
    expect(DEFAULT_FINGERPRINT.template).not.toHaveProperty('prompt_cache_key');
    expect(DEFAULT_FINGERPRINT.template).not.toHaveProperty('input');
  });

  it('has the CLI instructions and request template verbatim', () => {
    expect(DEFAULT_FINGERPRINT.instructions).toBe(fixture.body_json['instructions']);
    expect(DEFAULT_FINGERPRINT.instructions.length).toBeGreaterThan(20_000);
    for (const key of ['tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'include'] as const) {
      expect(DEFAULT_FINGERPRINT.template[key], key).toEqual(fixture.body_json[key]);
    }
  });
});
