/** Column name → DuckDB type for `access_logs`, in table order (also the JSON insert layout). */
export const COLUMNS = [
  ['request_id', 'VARCHAR'],
  ['seq', 'BIGINT'],
  ['ts_ms', 'BIGINT'],
  ['method', 'VARCHAR'],
  ['path', 'VARCHAR'],
  ['query', 'VARCHAR'],
  ['endpoint', 'VARCHAR'],
  ['client_ip', 'VARCHAR'],
  ['user_agent', 'VARCHAR'],
  ['service_type', 'VARCHAR'],
  ['provider', 'VARCHAR'],
  ['model', 'VARCHAR'],
  ['model_requested', 'VARCHAR'],
  ['client_format', 'VARCHAR'],
  ['upstream_format', 'VARCHAR'],
  ['streaming', 'BOOLEAN'],
  ['status_code', 'INTEGER'],
  ['bytes_sent', 'BIGINT'],
  ['duration_ms', 'DOUBLE'],
  ['ttfb_ms', 'DOUBLE'],
  ['tokens_input', 'BIGINT'],
  ['tokens_output', 'BIGINT'],
  ['cache_read_tokens', 'BIGINT'],
  ['cache_write_tokens', 'BIGINT'],
  ['reasoning_tokens', 'BIGINT'],
  ['cost_usd', 'DOUBLE'],
  ['closed_by', 'VARCHAR'],
  ['error_type', 'VARCHAR'],
  ['error_message', 'VARCHAR'],
  ['upstream_status', 'INTEGER'],
  ['upstream_duration_ms', 'DOUBLE'],
] as const;

export type ColumnName = (typeof COLUMNS)[number][0];

const NULLABLE = new Set<ColumnName>(['ttfb_ms', 'cost_usd', 'error_type', 'error_message', 'upstream_status', 'upstream_duration_ms']);
const COLUMN_DEFINITIONS = COLUMNS.map(([name, type]) => `${name} ${type}${NULLABLE.has(name) ? '' : ' NOT NULL'}`).join(', ');

/**
 * Numbered migrations, applied in order inside one transaction each; `schema_version` records the
 * ones done. Never edit a released migration: add the next number.
 */
export const MIGRATIONS: readonly { version: number; statements: readonly string[] }[] = [
  {
    version: 1,
    statements: [
      // One request = its id and its start time: a summary delivered twice is stored once, while two
      // requests that happen to share a (short, or client-chosen) id are both kept.
      `CREATE TABLE access_logs (${COLUMN_DEFINITIONS}, PRIMARY KEY (request_id, ts_ms))`,
    ],
  },
  {
    version: 2,
    statements: [
      // No primary key: DuckDB keeps the index whole in memory and writes it whole at every
      // checkpoint (~170 bytes a row: a 600k-row log was 119 MB with it, 17 MB without, and each
      // insert cost twice as much). The store skips requests already stored itself (one look-up
      // per batch over the batch's time span). DuckDB cannot drop a constraint: copy the table.
      `CREATE TABLE access_logs_v2 (${COLUMN_DEFINITIONS})`,
      `INSERT INTO access_logs_v2 SELECT ${COLUMNS.map(([name]) => name).join(', ')} FROM access_logs ORDER BY seq`,
      'DROP TABLE access_logs',
      'ALTER TABLE access_logs_v2 RENAME TO access_logs',
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
