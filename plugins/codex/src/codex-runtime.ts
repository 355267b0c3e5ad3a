import { CcproxyError, createModelMapper, openaiCredentials, type HealthReport, type ModelMapper, type PluginContext, type ProviderCallContext, type UpstreamCredentials } from '@ccproxy/core';
import type { CodexConfig } from './codex-config.js';
import { DEFAULT_FINGERPRINT, type CodexFingerprint } from './fingerprint/codex-fingerprint.js';
import { LOGIN_HINT } from './response/upstream-error.js';

/** The state the Codex routes share: built once in `setup`. */
export interface CodexRuntime {
  readonly config: CodexConfig;
  readonly mapper: ModelMapper;
  readonly fingerprint: CodexFingerprint;
  /** What `callUpstream`/`relayStream` need. */
  readonly call: ProviderCallContext;
  readonly upstreamUrl: string;
  /** `accept-encoding` sent upstream. */
  readonly acceptEncoding: string;
  readonly thinkingXml: boolean;
  /** `$HOME`, for `~/.codex/models_cache.json`. */
  readonly home: string;
  readonly now: () => number;
  /** The ChatGPT credentials, or a 401 in the caller's format naming the fix. */
  credentials(): UpstreamCredentials;
  health(): Promise<HealthReport>;
}

export function createCodexRuntime(context: PluginContext<CodexConfig>): CodexRuntime {
  const { config, settings } = context;
  if (!config.buffer_non_streaming) {
    context.logger.warn({ key: 'plugins.codex.buffer_non_streaming' }, 'buffer_non_streaming=false is not supported (the backend only streams); non-streaming clients are still served from the collected stream');
  }
  const credentials = (): UpstreamCredentials => {
    const found = context.capabilities.get(openaiCredentials);
    if (!found) {
      throw new CcproxyError('CREDENTIALS_MISSING', `No ChatGPT credentials provider is active: enable the oauth_codex plugin and run \`${LOGIN_HINT}\``, { plugin: 'codex' });
    }
    return found;
  };
  return {
    config,
    mapper: createModelMapper(config.model_mappings),
    fingerprint: DEFAULT_FINGERPRINT,
    call: { http: context.http, events: context.events, provider: 'codex' },
    upstreamUrl: `${config.base_url}/responses`,
    acceptEncoding: settings.http.compression_enabled ? settings.http.accept_encoding : 'identity',
    thinkingXml: settings.llm.openai_thinking_xml,
    home: context.paths.home,
    now: () => Date.now(),
    credentials,
    async health() {
      const source = context.capabilities.get(openaiCredentials);
      if (!source) return { status: 'warn', output: `no ChatGPT credentials provider: enable the oauth_codex plugin, then run \`${LOGIN_HINT}\`` };
      const description = await source.describe();
      const details = {
        base_url: config.base_url,
        fingerprint_version: DEFAULT_FINGERPRINT.version,
        credentials: { configured: description.configured, usable: description.usable, source: description.source, plan: description.plan ?? null, expires_at: description.expiresAt ?? null },
      };
      if (description.usable) return { status: 'pass', output: `ChatGPT credentials usable${description.plan ? ` (${description.plan} plan)` : ''}`, details };
      const fix = description.fix ?? LOGIN_HINT;
      return { status: 'warn', output: `${description.problem ?? 'ChatGPT credentials are not usable'}; run \`${fix}\``, details };
    },
  };
}
