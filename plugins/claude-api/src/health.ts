import { anthropicCredentials, type HealthReport } from '@ccproxy/core';
import type { ClaudeApiRuntime } from './claude-api-runtime.js';
import { LOGIN_COMMAND } from './upstream-exchange.js';

/** `pass` when the credentials can be used; `warn` with the fix otherwise (providers.md §6.2). */
export async function claudeApiHealth(runtime: ClaudeApiRuntime): Promise<HealthReport> {
  const { config, fingerprint } = runtime;
  const models = `${config.models_endpoint.length} models available`;
  const base = {
    provider: 'claude_api',
    base_url: config.base_url,
    fingerprint: { client: fingerprint.client, version: fingerprint.claude_version },
    config: { model_count: config.models_endpoint.length, system_prompt_injection_mode: config.system_prompt_injection_mode, supports_openai_format: config.support_openai_format },
  };
  const credentials = runtime.capabilities.get(anthropicCredentials);
  if (!credentials) {
    return {
      status: 'warn',
      output: `Claude API: no credentials provider (enable the oauth_claude plugin, then run "${LOGIN_COMMAND}"), ${models}`,
      details: { ...base, auth: { configured: false, token_available: false, fix: LOGIN_COMMAND } },
    };
  }
  const described = await credentials.describe();
  const auth = {
    configured: described.configured,
    token_available: described.usable,
    source: described.source,
    plan: described.plan ?? null,
    account_id: described.accountId ?? null,
    expires_at: described.expiresAt ?? null,
    error: described.problem ?? null,
    fix: described.fix ?? null,
  };
  if (described.usable) {
    return { status: 'pass', output: `Claude API: Authenticated${described.plan ? ` (${described.plan})` : ''}, ${models}`, details: { ...base, auth } };
  }
  const problem = described.problem ?? 'credentials are not usable';
  return { status: 'warn', output: `Claude API: ${problem}; run "${described.fix ?? LOGIN_COMMAND}", ${models}`, details: { ...base, auth } };
}
