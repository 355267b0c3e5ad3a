import type { LogFilter, ValueFilter } from '../types.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/** Builds a parameterised WHERE clause (`$n` placeholders) from a filter; `params` continues `start`. */
export function whereClause(filter: LogFilter, params: unknown[] = []): SqlFragment {
  const parts: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const values = (column: string, spec: ValueFilter | undefined) => {
    if (!spec) return;
    if (spec.include.length > 0) parts.push(`${column} IN (${spec.include.map(bind).join(', ')})`);
    if (spec.exclude.length > 0) parts.push(`${column} NOT IN (${spec.exclude.map(bind).join(', ')})`);
  };

  if (filter.startMs !== undefined) parts.push(`ts_ms >= ${bind(filter.startMs)}`);
  if (filter.endMs !== undefined) parts.push(`ts_ms <= ${bind(filter.endMs)}`);
  values('model', filter.model);
  values('provider', filter.provider);
  values('service_type', filter.serviceType);
  values('endpoint', filter.endpoint);
  values('client_format', filter.clientFormat);
  if (filter.statusCodes && filter.statusCodes.length > 0) parts.push(`status_code IN (${filter.statusCodes.map(bind).join(', ')})`);
  if (filter.statusMin !== undefined) parts.push(`status_code >= ${bind(filter.statusMin)}`);
  if (filter.statusMax !== undefined) parts.push(`status_code <= ${bind(filter.statusMax)}`);
  if (filter.minDurationMs !== undefined) parts.push(`duration_ms >= ${bind(filter.minDurationMs)}`);
  if (filter.maxDurationMs !== undefined) parts.push(`duration_ms <= ${bind(filter.maxDurationMs)}`);
  if (filter.streaming !== undefined) parts.push(filter.streaming ? 'streaming' : 'NOT streaming');
  if (filter.path !== undefined) parts.push(`starts_with(path, ${bind(filter.path)})`);
  if (filter.requestId !== undefined) parts.push(`request_id = ${bind(filter.requestId)}`);
  if (filter.hasError !== undefined) parts.push(filter.hasError ? 'error_type IS NOT NULL' : 'error_type IS NULL');
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}
