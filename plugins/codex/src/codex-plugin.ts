import { definePlugin, json, openaiCredentials, type FormatId, type RouteDefinition } from '@ccproxy/core';
import { codexConfigSchema } from './codex-config.js';
import { createCodexRuntime, type CodexRuntime } from './codex-runtime.js';
import { listModels } from './models-route.js';
import { handleProxyRequest } from './proxy-handler.js';
import { PLUGIN_VERSION } from './version.js';

function proxyRoute(path: string, format: FormatId): RouteDefinition<CodexRuntime> {
  return { method: 'POST', path, format, handler: (request, runtime) => handleProxyRequest(request, runtime, format) };
}

/**
 * The `codex` provider: OpenAI Responses, Chat Completions and Anthropic Messages clients served by
 * a ChatGPT plan through the ChatGPT Codex backend, with the credentials `oauth_codex` provides.
 */
export const codex = definePlugin({
  name: 'codex',
  version: PLUGIN_VERSION,
  apiVersion: 1,
  kind: 'provider',
  description: 'OpenAI Codex (ChatGPT plan): Responses, Chat Completions and Anthropic Messages under /codex',
  dependencies: [],
  // Optional so the routes still answer (401 naming the fix) when no credentials plugin is active.
  optionalRequires: [openaiCredentials],
  optionalDependencies: ['oauth_codex'],
  configSchema: codexConfigSchema,
  routes: [
    {
      prefix: '/codex',
      routes: [
        proxyRoute('/v1/responses', 'openai.responses'),
        proxyRoute('/responses', 'openai.responses'),
        proxyRoute('/v1/chat/completions', 'openai.chat_completions'),
        proxyRoute('/v1/messages', 'anthropic.messages'),
        proxyRoute('/:session_id/v1/messages', 'anthropic.messages'),
        { method: 'GET', path: '/v1/models', format: 'openai.chat_completions', handler: async (_request, runtime) => json(await listModels(runtime)) },
      ],
    },
  ],
  setup: (context) => createCodexRuntime(context),
});
