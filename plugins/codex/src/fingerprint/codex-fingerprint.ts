import { CODEX_CLI_0_34_0 } from './codex-cli-0.34.0.js';

/**
 * What the official Codex CLI sends to the ChatGPT backend, captured from one CLI release: the
 * identity headers we imitate, its request template, and its agent instructions.
 */
export interface CodexFingerprint {
  /** The Codex CLI release the data was captured from (`codex --version`). */
  readonly version: string;
  readonly capturedAt: string;
  /** Identity headers: `version`, `openai-beta`, `accept`, `originator`, `user-agent`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request fields the CLI always sends (tools, tool_choice, parallel_tool_calls, reasoning, include). */
  readonly template: Readonly<Record<string, unknown>>;
  /** The CLI's agent prompt (`instructions`). */
  readonly instructions: string;
}

/** The fingerprint the plugin uses unless a newer capture is configured. */
export const DEFAULT_FINGERPRINT: CodexFingerprint = CODEX_CLI_0_34_0;

/** The headers a request needs to look like the CLI's; a fingerprint missing one is incomplete. */
export const REQUIRED_FINGERPRINT_HEADERS = ['version', 'openai-beta', 'accept', 'originator', 'user-agent'] as const;
