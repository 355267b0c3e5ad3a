import { CcproxyError } from '@ccproxy/core';
import type { LogFilter, ValueFilter } from '../store/types.js';

function shown(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function bad(name: string, expectation: string, got: string): CcproxyError {
  return new CcproxyError('INVALID_REQUEST', `${name}: ${expectation} (got ${shown(got)})`);
}

/**
 * Typed access to query parameters. Every refusal is a 400 whose message names the parameter,
 * the allowed range and the value received. An empty value counts as absent.
 */
export class QueryParams {
  readonly #query: URLSearchParams;

  constructor(query: URLSearchParams) {
    this.#query = query;
  }

  raw(name: string): string | undefined {
    const value = this.#query.get(name);
    return value === null || value.trim() === '' ? undefined : value.trim();
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) throw bad(name, `must be an integer from ${min} to ${max}`, value);
    return parsed;
  }

  number(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw bad(name, max === Number.MAX_SAFE_INTEGER ? `must be a number ≥ ${min}` : `must be a number from ${min} to ${max}`, value);
    }
    return parsed;
  }

  /** Unix epoch seconds (fractions allowed, 0 is a real value) → epoch milliseconds. */
  epochMs(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(parsed) || parsed > 32_503_680_000) throw bad(name, 'must be Unix epoch seconds, e.g. 1735867200 or 1735867200.5', value);
    return Math.round(parsed * 1000);
  }

  bool(name: string): boolean | undefined {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return undefined;
    if (value === 'true' || value === '1' || value === 'yes') return true;
    if (value === 'false' || value === '0' || value === 'no') return false;
    throw bad(name, 'must be true or false', this.raw(name) ?? '');
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return undefined;
    const match = allowed.find((candidate) => candidate === value);
    if (!match) throw bad(name, `must be one of ${allowed.join(', ')}`, this.raw(name) ?? '');
    return match;
  }

  text(name: string, maxLength = 512): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && value.length > maxLength) throw bad(name, `must be at most ${maxLength} characters`, value);
    return value;
  }

  /** `a,b,!c`: keep a and b, drop c; blanks are ignored; only exclusions = everything else. */
  values(name: string): ValueFilter | undefined {
    const value = this.text(name, 4096);
    if (value === undefined) return undefined;
    const include: string[] = [];
    const exclude: string[] = [];
    for (const item of value.split(',').map((entry) => entry.trim())) {
      if (item === '' || item === '!') continue;
      if (item.startsWith('!')) exclude.push(item.slice(1).trim());
      else include.push(item);
    }
    return include.length + exclude.length > 0 ? { include, exclude } : undefined;
  }

  statusList(name: string): number[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const codes = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    return codes.map((code) => {
      const parsed = Number(code);
      if (!/^\d{3}$/.test(code) || parsed < 100 || parsed > 599) throw bad(name, 'must be HTTP status codes from 100 to 599, comma-separated', value);
      return parsed;
    });
  }
}

/** The row filters shared by `/logs/query`, `/logs/analytics` and `/logs/stream`. */
export function parseFilter(params: QueryParams): LogFilter {
  const startMs = params.epochMs('start_time');
  const endMs = params.epochMs('end_time');
  if (startMs !== undefined && endMs !== undefined && endMs < startMs) {
    throw new CcproxyError('INVALID_REQUEST', `end_time: must not be before start_time (got start_time=${startMs / 1000}, end_time=${endMs / 1000})`);
  }
  const statusMin = params.int('status_code_min', 100, 599);
  const statusMax = params.int('status_code_max', 100, 599);
  const path = params.text('path', 2048);
  if (path !== undefined && !path.startsWith('/')) throw bad('path', 'must be a path prefix starting with "/"', path);
  const filter: LogFilter = {
    ...(startMs === undefined ? {} : { startMs }),
    ...(endMs === undefined ? {} : { endMs }),
    ...optional('model', params.values('model')),
    ...optional('provider', params.values('provider')),
    ...optional('serviceType', params.values('service_type')),
    ...optional('endpoint', params.values('endpoint')),
    ...optional('clientFormat', params.values('client_format')),
    ...optional('statusCodes', params.statusList('status') ?? params.statusList('status_code')),
    ...optional('statusMin', statusMin),
    ...optional('statusMax', statusMax),
    ...optional('minDurationMs', params.number('min_duration_ms', 0)),
    ...optional('maxDurationMs', params.number('max_duration_ms', 0)),
    ...optional('streaming', params.bool('streaming')),
    ...optional('path', path),
    ...optional('requestId', params.text('request_id', 256)),
    ...optional('hasError', params.bool('error')),
  };
  return filter;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
