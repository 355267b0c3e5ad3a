import type { AnalyticsStore } from '../types.js';
import type { DuckDbStoreOptions } from './duckdb-store.js';

/**
 * Opens the DuckDB store, loading the DuckDB engine (a ~100 MB native library) only now: a CLI
 * command or a server that never opens the database does not pay for it at import time.
 */
export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<AnalyticsStore> {
  const { openDuckDbStore: open } = await import('./duckdb-store.js');
  return open(options);
}
