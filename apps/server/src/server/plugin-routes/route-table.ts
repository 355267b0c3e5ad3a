import type { HttpMethod, MountedRoute, ProxyHost } from '@ccproxy/core';
import { createRoutePipeline, type RoutePipeline } from './route-pipeline.js';

export interface RouteMatch {
  readonly pipeline: RoutePipeline;
  readonly params: Readonly<Record<string, string>>;
}

interface PatternEntry {
  readonly method: HttpMethod;
  /** Path segments; `:name` captures one segment. */
  readonly segments: readonly string[];
  readonly pipeline: RoutePipeline;
}

export interface PluginRoute {
  readonly route: MountedRoute;
  /** The full path as mounted (`/claude/v1/messages`, `/codex/:session_id/v1/messages`). */
  readonly path: string;
  readonly pipeline: RoutePipeline;
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Every plugin route with its pipeline, and an exact matcher for the direct lane: a map lookup
 * for fixed paths, segment comparison for paths with parameters. Anything it does not match
 * exactly (trailing slashes, HEAD on GET routes, unknown paths) is left to the Koa router.
 */
export class PluginRouteTable {
  readonly routes: readonly PluginRoute[];
  private readonly fixed = new Map<string, RoutePipeline>();
  private readonly patterns: PatternEntry[] = [];

  constructor(host: ProxyHost) {
    this.routes = host.plugins.routes().map((route) => ({
      route,
      path: `${route.prefix}${route.path === '/' ? '' : route.path}` || '/',
      pipeline: createRoutePipeline(route, host),
    }));
    for (const { route, path, pipeline } of this.routes) {
      for (const method of route.methods) {
        if (path.includes('/:')) this.patterns.push({ method, segments: path.split('/'), pipeline });
        else if (!this.fixed.has(`${method} ${path}`)) this.fixed.set(`${method} ${path}`, pipeline);
      }
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    const pipeline = this.fixed.get(`${method} ${path}`);
    if (pipeline) return { pipeline, params: NO_PARAMS };
    if (this.patterns.length === 0) return undefined;
    const segments = path.split('/');
    for (const pattern of this.patterns) {
      if (pattern.method !== method || pattern.segments.length !== segments.length) continue;
      const params = matchSegments(pattern.segments, segments);
      if (params) return { pipeline: pattern.pipeline, params };
    }
    return undefined;
  }
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] as string;
    const actual = segments[index] as string;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) return undefined;
  }
  return params;
}
