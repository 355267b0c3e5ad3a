import type { AggregateGroup, AggregateResult, LogFilter } from '../store/types.js';

export const BUCKETS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type BucketName = keyof typeof BUCKETS;

/** `auto`: minutes up to 6 h, hours up to 14 days, days beyond (or with no start). */
export function pickBucket(name: BucketName | 'auto', startMs: number | undefined, endMs: number): BucketName {
  if (name !== 'auto') return name;
  if (startMs === undefined) return 'day';
  const span = endMs - startMs;
  if (span <= 6 * BUCKETS.hour) return 'minute';
  if (span <= 14 * BUCKETS.day) return 'hour';
  return 'day';
}

function breakdown(groups: Record<string, AggregateGroup>): Record<string, AggregateGroup> {
  return Object.fromEntries(Object.entries(groups).sort(([, a], [, b]) => b.request_count - a.request_count));
}

export interface AnalyticsBodyOptions {
  bucket: BucketName;
  filter: LogFilter;
  now: number;
  backend: string;
  pricingVersion: string;
  queryParams: Record<string, string>;
}

/**
 * The `/logs/analytics` body (the Python keys, plus model/provider/endpoint breakdowns, time
 * buckets, cache-hit rate and the window actually used). Also what `ccproxy stats --json` prints
 * when it reads the database file directly, so both sources look the same.
 */
export function analyticsBody(result: AggregateResult, options: AnalyticsBodyOptions): Record<string, unknown> {
  const totals = result.totals;
  return {
    summary: {
      total_requests: totals.request_count,
      total_successful_requests: totals.successful_requests,
      total_error_requests: totals.error_requests,
      avg_duration_ms: totals.avg_duration_ms,
      avg_ttfb_ms: totals.avg_ttfb_ms,
      total_cost_usd: totals.total_cost_usd,
      total_tokens_input: totals.total_tokens_input,
      total_tokens_output: totals.total_tokens_output,
      total_cache_read_tokens: totals.total_cache_read_tokens,
      total_cache_write_tokens: totals.total_cache_write_tokens,
      total_reasoning_tokens: totals.total_reasoning_tokens,
      total_tokens_all: totals.total_tokens_all,
      cache_hit_rate: totals.cache_hit_rate,
      unpriced_requests: totals.unpriced_requests,
      streaming_requests: totals.streaming_requests,
    },
    token_analytics: {
      input_tokens: totals.total_tokens_input,
      output_tokens: totals.total_tokens_output,
      cache_read_tokens: totals.total_cache_read_tokens,
      cache_write_tokens: totals.total_cache_write_tokens,
      reasoning_tokens: totals.total_reasoning_tokens,
      total_tokens: totals.total_tokens_all,
      cache_hit_rate: totals.cache_hit_rate,
    },
    request_analytics: {
      total_requests: totals.request_count,
      successful_requests: totals.successful_requests,
      error_requests: totals.error_requests,
      success_rate: totals.success_rate,
      error_rate: totals.error_rate,
    },
    service_type_breakdown: breakdown(result.byServiceType),
    model_breakdown: breakdown(result.byModel),
    provider_breakdown: breakdown(result.byProvider),
    endpoint_breakdown: breakdown(result.byEndpoint),
    time_series: {
      bucket: options.bucket,
      bucket_seconds: BUCKETS[options.bucket] / 1000,
      points: result.buckets.map(({ start_ms, ...group }) => ({ start: start_ms / 1000, start_iso: new Date(start_ms).toISOString(), ...group })),
    },
    cost_note: 'API-equivalent cost at list prices (USD); subscription plans are not billed per token',
    pricing_version: options.pricingVersion,
    query_time: options.now / 1000,
    backend: options.backend,
    query_params: options.queryParams,
    window: {
      start: options.filter.startMs === undefined ? null : options.filter.startMs / 1000,
      end: options.filter.endMs === undefined ? null : options.filter.endMs / 1000,
    },
  };
}
