import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SseEventRecord } from './fake-upstream.js';

/** One recorded exchange of ../shared/fixtures/endpoint-samples. */
export interface EndpointSample {
  name: string;
  endpoint: string;
  model: string;
  request: { payload: Record<string, unknown>; request_key?: string };
  response: {
    status_code: number;
    headers: Record<string, string>;
    mode: string;
    body?: Record<string, unknown>;
    events?: (SseEventRecord & { json?: unknown })[];
    summary?: unknown;
  };
}

/** The fixtures folder: `../shared/fixtures` beside the repository (also in CI). */
export function fixturesDir(): string {
  if (process.env.CCPROXY_FIXTURES_DIR) return process.env.CCPROXY_FIXTURES_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = resolve(dir, '..', 'shared', 'fixtures');
    try {
      readdirSync(candidate);
      return candidate;
    } catch {
      dir = resolve(dir, '..');
    }
  }
  throw new Error('cannot find ../shared/fixtures beside the repository; set CCPROXY_FIXTURES_DIR');
}

export function loadSample(name: string): EndpointSample {
  return JSON.parse(readFileSync(join(fixturesDir(), 'endpoint-samples', `${name}.json`), 'utf8')) as EndpointSample;
}

export function sampleNames(): string[] {
  return readdirSync(join(fixturesDir(), 'endpoint-samples'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -5))
    .sort();
}

export function loadFingerprint(name: 'claude_headers_fallback' | 'codex_headers_fallback'): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixturesDir(), 'client-fingerprints', `${name}.json`), 'utf8')) as Record<string, unknown>;
}
