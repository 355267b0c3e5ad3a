import type { CapabilityRegistry, Logger, ModelMapper, PluginLifecycle, ProviderCallContext } from '@ccproxy/core';
import type { ClaudeApiConfig } from './claude-api-config.js';
import type { ClientFingerprint, SystemTextBlock } from './fingerprint/claude-code-fingerprint.js';
import type { UpstreamHeaderOptions } from './upstream-headers.js';

export const PLUGIN_NAME = 'claude_api';

/** What `setup` builds once and every route handler reads. */
export interface ClaudeApiRuntime extends PluginLifecycle {
  readonly config: ClaudeApiConfig;
  /** For core's callUpstream/relayStream: the shared HTTP client, the hook bus, our name. */
  readonly call: ProviderCallContext;
  readonly capabilities: CapabilityRegistry;
  readonly logger: Logger;
  readonly mapper: ModelMapper;
  readonly fingerprint: ClientFingerprint;
  /** Claude Code system blocks prepended per `system_prompt_injection_mode`. */
  readonly injected: readonly SystemTextBlock[];
  readonly headers: UpstreamHeaderOptions;
  /** `llm.openai_thinking_xml`: reasoning as `<thinking>` text for Chat clients. */
  readonly thinkingXml: boolean;
}
