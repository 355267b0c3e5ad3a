import type Router from '@koa/router';
import type { Middleware as KoaMiddleware } from 'koa';
import type { Middleware, MountedRoute, ProxyHost, ProxyRequest, ProxyResponse } from '@ccproxy/core';
import type { AppState } from './app-state.js';
import { requireAccessToken, requireLoopback } from './middleware/access-token.js';
import { readBody } from './middleware/read-body.js';
import { toProxyRequest } from './proxy-request.js';
import { writeResponse } from './write-response.js';

function compose(middleware: readonly Middleware[], handler: (request: ProxyRequest) => Promise<ProxyResponse>): (request: ProxyRequest) => Promise<ProxyResponse> {
  return middleware.reduceRight<(request: ProxyRequest) => Promise<ProxyResponse>>((next, layer) => (request) => layer(request, () => next(request)), handler);
}

/**
 * Mounts every plugin route under its prefix. Per route, in order: the owner and client format
 * are recorded (so every error of the route is in the caller's format), the access token and
 * loopback checks, the body (after auth: unauthenticated clients cannot make us buffer), the
 * plugin middleware, then the handler — which answers 503 while its plugin is not active.
 */
export function mountPluginRoutes(router: Router<AppState>, host: ProxyHost): void {
  const guard = requireAccessToken(host.settings.security.auth_token);
  const loopback = requireLoopback();
  const body = readBody(host.settings.server.max_body_bytes);

  for (const route of host.plugins.routes()) {
    const mark: KoaMiddleware<AppState> = async (ctx, next) => {
      const rc = ctx.state.rc;
      rc.owner = route.plugin;
      rc.ownerKind = route.kind;
      if (route.format) rc.clientFormat = route.format;
      if (route.kind === 'provider') rc.draft.provider = route.plugin;
      await next();
    };
    const handle = handler(route, host);
    const chain: KoaMiddleware<AppState>[] = [mark];
    if (route.auth === 'required') chain.push(guard);
    if (route.loopbackOnly) chain.push(loopback);
    chain.push(body, handle);
    const path = `${route.prefix}${route.path === '/' ? '' : route.path}` || '/';
    for (const method of route.methods) {
      router.register(path, [method], chain);
    }
  }
}

function handler(route: MountedRoute, host: ProxyHost): KoaMiddleware<AppState> {
  let composed: ((request: ProxyRequest) => Promise<ProxyResponse>) | undefined;
  return async (ctx) => {
    // Plugin middleware is known once plugins are active; compose lazily, once.
    composed ??= compose(
      host.plugins.middleware().map((entry) => entry.handler),
      (request) => route.handle(request),
    );
    const request = toProxyRequest(ctx, route.prefix);
    const response = await composed(request);
    await writeResponse(ctx, response, host.logger);
  };
}
