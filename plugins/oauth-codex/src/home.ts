import path from 'node:path';

/** `~/.codex/auth.json`, shared with the Codex CLI. */
export function codexAuthFile(home: string): string {
  return path.join(home, '.codex', 'auth.json');
}
