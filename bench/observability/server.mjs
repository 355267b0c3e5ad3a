// Child process for bench/observability: ccproxy with a tiny upstream-less provider, with or without
// access_log (to a file) + analytics (DuckDB). Prints `{ "url": … }` when listening; SIGTERM stops it
// gracefully (both plugins flush), then it exits.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin, json, settingsSchema } from '../../packages/core/dist/index.js';
import { accessLog } from '../../plugins/access-log/dist/index.js';
import { claudeApi } from '../../plugins/claude-api/dist/index.js';
import { oauthClaude } from '../../plugins/oauth-claude/dist/index.js';
import { analytics } from '../../plugins/analytics/dist/index.js';
import { benchClaudeCredentials, quietLogger, serveBenchServer } from '../lib/bench-server.mjs';

const [mode, directory, upstreamUrl] = process.argv.slice(2);
// `on`: both plugins; `log` / `db`: one of them (to see which one costs what); `off`: neither;
// `noop`: an observer that does nothing (what producing the summary event costs the core).
const withLog = mode === 'on' || mode === 'log';
const withDb = mode === 'on' || mode === 'db';
const withNoop = mode === 'noop';

/** Answers a small Messages body itself and fills the request summary like a real provider. */
const benchLlm = definePlugin({
  name: 'bench_llm',
  version: '0.0.0',
  apiVersion: 1,
  kind: 'provider',
  routes: [
    {
      prefix: '/bench',
      routes: [
        {
          method: 'POST',
          path: '/v1/messages',
          format: 'anthropic.messages',
          handler(request) {
            const body = request.json();
            const summary = request.summary;
            summary.endpoint = '/v1/messages';
            summary.client_format = 'anthropic.messages';
            summary.upstream_format = 'anthropic.messages';
            summary.model_requested = body.model;
            summary.model_sent = body.model;
            summary.usage = { input_tokens: 24, output_tokens: 12, cache_read_tokens: 900, cache_creation_tokens: 100, reasoning_tokens: 0 };
            return json({
              id: 'msg_bench',
              type: 'message',
              role: 'assistant',
              model: body.model,
              content: [{ type: 'text', text: 'Hello! How can I help?' }],
              stop_reason: 'end_turn',
              stop_sequence: null,
              usage: { input_tokens: 24, output_tokens: 12, cache_read_input_tokens: 900, cache_creation_input_tokens: 100 },
            });
          },
        },
      ],
    },
  ],
  setup: () => ({}),
});

const noopObserver = definePlugin({
  name: 'noop_observer',
  version: '0.0.0',
  apiVersion: 1,
  kind: 'system',
  hooks: [
    { event: 'request.completed', handler: () => undefined },
    { event: 'request.failed', handler: () => undefined },
  ],
  setup: () => ({}),
});

// With an upstream URL: the real claude_api provider (and its OAuth credentials) in front of the
// fake Anthropic API, as users run it; without: the upstream-less provider above (the worst case:
// the observability work is compared with almost nothing).
if (upstreamUrl) {
  await mkdir(join(directory, '.claude'), { recursive: true });
  await writeFile(join(directory, '.claude', '.credentials.json'), JSON.stringify(benchClaudeCredentials()), { mode: 0o600 });
}
const plugins = [
  ...(upstreamUrl ? [oauthClaude, claudeApi] : [benchLlm]),
  ...(withNoop ? [noopObserver] : []),
  ...(withLog ? [accessLog({ client_log_file: join(directory, 'access.log') })] : []),
  ...(withDb ? [analytics({ database_path: join(directory, 'analytics.duckdb') })] : []),
];
const settings = settingsSchema.parse({ logging: { level: 'ERROR' }, server: { shutdown_grace_seconds: 2 }, plugins: upstreamUrl ? { claude_api: { base_url: upstreamUrl } } : {} });
await serveBenchServer({ settings, plugins, logger: quietLogger({ errors: true }), env: { HOME: directory } });
