/** The parts of the `/logs/analytics` body the table needs (the CLI may talk to an older server). */
export interface StatsGroup {
  request_count?: number;
  successful_requests?: number;
  error_requests?: number;
  streaming_requests?: number;
  total_cost_usd?: number;
  unpriced_requests?: number;
  total_tokens_input?: number;
  total_tokens_output?: number;
  total_cache_read_tokens?: number;
  total_cache_write_tokens?: number;
  cache_hit_rate?: number;
}

export interface StatsBody {
  summary?: {
    total_requests?: number;
    total_successful_requests?: number;
    total_error_requests?: number;
    streaming_requests?: number;
    total_cost_usd?: number;
    unpriced_requests?: number;
    total_tokens_input?: number;
    total_tokens_output?: number;
    total_cache_read_tokens?: number;
    total_cache_write_tokens?: number;
    cache_hit_rate?: number;
    avg_duration_ms?: number;
  };
  model_breakdown?: Record<string, StatsGroup>;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 950, 12.3k, 4.5M: token counts at a glance. */
export function compact(value: number | undefined): string {
  const n = value ?? 0;
  if (n < 1000) return integer.format(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)}k`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
  return `${(n / 1_000_000_000).toFixed(2)}B`;
}

export function usd(value: number | undefined): string {
  const n = value ?? 0;
  if (n === 0) return '$0.00';
  if (n < 0.01) return `$${n.toFixed(4)}`;
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function pct(value: number | undefined): string {
  return `${(value ?? 0).toFixed(1)} %`;
}

/** Recomputed from the token totals (the API rounds the rate to 2 decimals; rounding twice misleads). */
function cacheHit(group: StatsGroup): string {
  const read = group.total_cache_read_tokens ?? 0;
  const prompt = (group.total_tokens_input ?? 0) + read + (group.total_cache_write_tokens ?? 0);
  return pct(prompt > 0 ? (read / prompt) * 100 : (group.cache_hit_rate ?? 0));
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (rightAligned.has(index) ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The readable summary: headline figures, then one row per model, busiest first. */
export function renderStats(body: StatsBody, heading: { window: string; source: string }): string[] {
  const summary = body.summary ?? {};
  const total = summary.total_requests ?? 0;
  const lines = [`ccproxy usage, ${heading.window} (${heading.source})`, ''];
  if (total === 0) {
    lines.push(`No proxied requests in this window. Send a request through the proxy, or widen it with --since 7d.`);
    return lines;
  }
  const errors = summary.total_error_requests ?? 0;
  const streamed = summary.streaming_requests ?? 0;
  const unpriced = summary.unpriced_requests ?? 0;
  lines.push(`  Requests    ${integer.format(total)}  (${integer.format(summary.total_successful_requests ?? 0)} ok, ${integer.format(errors)} error${errors === 1 ? '' : 's'}, ${integer.format(streamed)} streamed)`);
  lines.push(
    `  Tokens      input ${compact(summary.total_tokens_input)} · output ${compact(summary.total_tokens_output)} · cache read ${compact(summary.total_cache_read_tokens)} · cache write ${compact(summary.total_cache_write_tokens)}`,
  );
  lines.push(`  Cache hit   ${cacheHit(summary)}  (cache read ÷ all prompt tokens)`);
  lines.push(`  Cost        ${usd(summary.total_cost_usd)}  API-equivalent at list prices${unpriced > 0 ? `; ${integer.format(unpriced)} request${unpriced === 1 ? '' : 's'} with an unknown model price not included` : ''}`);
  lines.push('');
  // Busiest first; requests that never named a model last.
  const models = Object.entries(body.model_breakdown ?? {}).sort(([nameA, a], [nameB, b]) => Number(nameA === '(none)') - Number(nameB === '(none)') || (b.request_count ?? 0) - (a.request_count ?? 0));
  const rows = models.map(([model, group]) => [
    model === '(none)' ? '(no model)' : model,
    integer.format(group.request_count ?? 0),
    integer.format(group.error_requests ?? 0),
    compact(group.total_tokens_input),
    compact(group.total_tokens_output),
    compact(group.total_cache_read_tokens),
    compact(group.total_cache_write_tokens),
    cacheHit(group),
    (group.unpriced_requests ?? 0) > 0 && (group.total_cost_usd ?? 0) === 0 ? 'unknown' : usd(group.total_cost_usd),
  ]);
  lines.push(...table(['MODEL', 'REQUESTS', 'ERRORS', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'CACHE HIT', 'COST'], rows, new Set([1, 2, 3, 4, 5, 6, 7, 8])).map((line) => `  ${line}`));
  return lines;
}
