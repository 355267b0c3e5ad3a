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

/** `~/.codex/auth.json`, shared with the Codex CLI. */
export function codexAuthFile(home: string): string {
  return path.join(home, '.codex', 'auth.json');
}
