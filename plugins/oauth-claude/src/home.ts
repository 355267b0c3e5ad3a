import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The user's home for CLI commands, read when the command runs (never at import): `$HOME`, else
 * the OS answer. The server uses `context.paths.home` instead.
 */
export function cliHome(): string {
  const fromEnv = process.env.HOME;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : homedir();
}

/** `~/.claude/.credentials.json`, shared with Claude Code. */
export function claudeCredentialsFile(home: string): string {
  return path.join(home, '.claude', '.credentials.json');
}
