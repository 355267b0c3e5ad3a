import path from 'node:path';

/** `~/.claude/.credentials.json`, shared with Claude Code. */
export function claudeCredentialsFile(home: string): string {
  return path.join(home, '.claude', '.credentials.json');
}
