import type { LogFilter, LogRow, ValueFilter } from './types.js';

function allowed(spec: ValueFilter | undefined, value: string): boolean {
  if (!spec) return true;
  if (spec.include.length > 0 && !spec.include.includes(value)) return false;
  return !spec.exclude.includes(value);
}

/** The in-memory twin of the SQL filter (live stream): same semantics, inclusive bounds. */
export function matchesFilter(filter: LogFilter, row: LogRow): boolean {
  if (filter.startMs !== undefined && row.ts_ms < filter.startMs) return false;
  if (filter.endMs !== undefined && row.ts_ms > filter.endMs) return false;
  if (!allowed(filter.model, row.model)) return false;
  if (!allowed(filter.provider, row.provider)) return false;
  if (!allowed(filter.serviceType, row.service_type)) return false;
  if (!allowed(filter.endpoint, row.endpoint)) return false;
  if (!allowed(filter.clientFormat, row.client_format)) return false;
  if (filter.statusCodes && filter.statusCodes.length > 0 && !filter.statusCodes.includes(row.status_code)) return false;
  if (filter.statusMin !== undefined && row.status_code < filter.statusMin) return false;
  if (filter.statusMax !== undefined && row.status_code > filter.statusMax) return false;
  if (filter.minDurationMs !== undefined && row.duration_ms < filter.minDurationMs) return false;
  if (filter.maxDurationMs !== undefined && row.duration_ms > filter.maxDurationMs) return false;
  if (filter.streaming !== undefined && row.streaming !== filter.streaming) return false;
  if (filter.path !== undefined && !row.path.startsWith(filter.path)) return false;
  if (filter.requestId !== undefined && row.request_id !== filter.requestId) return false;
  if (filter.hasError !== undefined && (row.error_type !== null) !== filter.hasError) return false;
  return true;
}
