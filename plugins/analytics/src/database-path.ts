import { isAbsolute, join, resolve } from 'node:path';
import type { AppPaths } from '@ccproxy/core';

/** `database_path` with `~/` expanded, or `<XDG data dir>/analytics.duckdb` (never the Python `metrics.duckdb`). */
export function resolveDatabasePath(configured: string | null, paths: AppPaths): string {
  if (!configured) return join(paths.dataDir, 'analytics.duckdb');
  const expanded = configured === '~' ? paths.home : configured.startsWith('~/') ? join(paths.home, configured.slice(2)) : configured;
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}
