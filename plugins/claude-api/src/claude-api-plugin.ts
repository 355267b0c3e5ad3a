import { anthropicCredentials, createModelMapper, definePlugin } from '@ccproxy/core';
import { claudeApiConfigSchema, type ClaudeApiConfig } from './claude-api-config.js';
import { PLUGIN_NAME, type ClaudeApiRuntime } from './claude-api-runtime.js';
import { CLAUDE_CODE_FINGERPRINT, fingerprintBetas, replayedHeaders } from './fingerprint/claude-code-fingerprint.js';
import { claudeApiHealth } from './health.js';
import { handleConverted } from './routes/converted.js';
import { handleCountTokens, handleMessages } from './routes/messages.js';
import { handleModels } from './routes/models.js';
import { injectedSystemBlocks } from './system-prompt.js';
import { VERSION } from './version.js';

/**
 * The `claude_api` provider: Anthropic Messages, OpenAI Chat Completions and OpenAI Responses
 * clients served from a Claude Pro/Max subscription, under `/claude`. Credentials come from the
 * `anthropicCredentials` capability (the oauth_claude plugin); without it every call answers 401
 * naming `ccproxy auth login claude`, so the server still starts.
 */
export const claudeApi = definePlugin<ClaudeApiConfig, ClaudeApiRuntime>({
  name: PLUGIN_NAME,
  version: VERSION,
  apiVersion: 1,
  kind: 'provider',
  description: 'Claude (Pro/Max OAuth) behind the Anthropic Messages, OpenAI Chat Completions and Responses APIs at /claude',
  configSchema: claudeApiConfigSchema,
  optionalRequires: [anthropicCredentials],
  routes: [
    {
      prefix: '/claude',
      routes: [
        { method: 'POST', path: '/v1/messages', format: 'anthropic.messages', handler: handleMessages },
        { method: 'POST', path: '/v1/messages/count_tokens', format: 'anthropic.messages', handler: handleCountTokens },
        { method: 'POST', path: '/v1/chat/completions', format: 'openai.chat_completions', handler: (request, runtime) => handleConverted(request, runtime, 'openai.chat_completions') },
        { method: 'POST', path: '/v1/responses', format: 'openai.responses', handler: (request, runtime) => handleConverted(request, runtime, 'openai.responses') },
        { method: 'GET', path: '/v1/models', format: 'openai.chat_completions', handler: (_request, runtime) => handleModels(runtime) },
      ],
    },
  ],
  setup({ config, settings, http, events, capabilities, logger }) {
    const fingerprint = CLAUDE_CODE_FINGERPRINT;
    const runtime: ClaudeApiRuntime = {
      config,
      call: { http, events, provider: PLUGIN_NAME },
      capabilities,
      logger,
      mapper: createModelMapper(config.model_mappings),
      fingerprint,
      injected: injectedSystemBlocks(fingerprint, config.system_prompt_injection_mode),
      headers: {
        replayed: replayedHeaders(fingerprint),
        fingerprintBetas: fingerprintBetas(fingerprint),
        acceptEncoding: settings.http.compression_enabled ? settings.http.accept_encoding : 'identity',
      },
      thinkingXml: settings.llm.openai_thinking_xml,
      health: () => claudeApiHealth(runtime),
    };
    if (!capabilities.has(anthropicCredentials)) {
      logger.warn({ fix: 'enable the oauth_claude plugin' }, 'claude_api_without_credentials_provider');
    }
    logger.debug({ base_url: config.base_url, injection: config.system_prompt_injection_mode, fingerprint: fingerprint.claude_version }, 'claude_api_ready');
    return runtime;
  },
});
