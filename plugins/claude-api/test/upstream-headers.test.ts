import { describe, expect, it } from 'vitest';
import { CLAUDE_CODE_FINGERPRINT, fingerprintBetas, replayedHeaders } from '../src/fingerprint/claude-code-fingerprint.js';
import { buildUpstreamHeaders, mergeBetas, upstreamBetas } from '../src/upstream-headers.js';

const options = { replayed: replayedHeaders(CLAUDE_CODE_FINGERPRINT), fingerprintBetas: fingerprintBetas(CLAUDE_CODE_FINGERPRINT), acceptEncoding: 'gzip, deflate' };

describe('anthropic-beta merge', () => {
  it('gives a client without betas the required tags then Claude Code’s', () => {
    expect(upstreamBetas(undefined, options.fingerprintBetas)).toBe('claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14');
    expect(upstreamBetas(' , ', options.fingerprintBetas)).toBe('claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14');
  });

  it('keeps the client’s own betas, adds the required ones, never the CLI-only ones, no duplicates', () => {
    expect(upstreamBetas('context-1m-2025-08-07, claude-code-20250219', options.fingerprintBetas)).toBe('context-1m-2025-08-07,claude-code-20250219,oauth-2025-04-20');
    expect(upstreamBetas('custom-tag,custom-tag', options.fingerprintBetas)).toBe('custom-tag,claude-code-20250219,oauth-2025-04-20');
    expect(mergeBetas('a, b', ['b', 'c'], undefined, 'a')).toBe('a,b,c');
  });
});

describe('buildUpstreamHeaders', () => {
  it('produces the Claude Code header set of providers.md §2.6 for a client that sent nothing special', () => {
    const headers = buildUpstreamHeaders({ host: 'localhost:8000', 'content-length': '10', 'content-type': 'application/json' }, { authorization: 'Bearer tok' }, options);
    expect(headers).toEqual({
      authorization: 'Bearer tok',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
      'user-agent': 'claude-cli/1.0.113 (external, sdk-cli)',
      'x-app': 'cli',
      'anthropic-dangerous-direct-browser-access': 'true',
      'x-stainless-lang': 'js',
      'x-stainless-package-version': '0.60.0',
      'x-stainless-os': 'Linux',
      'x-stainless-arch': 'x64',
      'x-stainless-runtime': 'node',
      'x-stainless-runtime-version': 'v22.17.0',
      'x-stainless-retry-count': '0',
      'x-stainless-timeout': '600',
      accept: 'application/json',
      'accept-language': '*',
      'sec-fetch-mode': 'cors',
      'accept-encoding': 'gzip, deflate',
      'content-type': 'application/json',
      connection: 'keep-alive',
    });
  });

  it('drops the client’s credentials and cookies, keeps its other headers, lets the OAuth bearer win', () => {
    const headers = buildUpstreamHeaders(
      { authorization: 'Bearer proxy-token', 'x-api-key': 'sk-client', cookie: 'c=1', 'x-claude-code-session-id': 's-1', 'anthropic-version': '2099-01-01', 'user-agent': 'my-tool/1.0' },
      { Authorization: 'Bearer oauth' },
      { ...options, acceptEncoding: 'identity' },
    );
    expect(headers['authorization']).toBe('Bearer oauth');
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['cookie']).toBeUndefined();
    expect(headers['x-claude-code-session-id']).toBe('s-1');
    expect(headers['anthropic-version']).toBe('2023-06-01');
    expect(headers['user-agent']).toBe('claude-cli/1.0.113 (external, sdk-cli)');
    expect(headers['accept-encoding']).toBe('identity');
    expect(JSON.stringify(headers)).not.toContain('proxy-token');
  });
});
