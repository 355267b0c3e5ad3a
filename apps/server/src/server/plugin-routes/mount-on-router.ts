import type Router from '@koa/router';
import type { AppState } from '../app-state.js';
import type { PluginRouteTable } from './route-table.js';

/**
 * Registers every plugin route on the Koa router too, for what the direct lane leaves to Koa
 * (CORS requests, trailing slashes, HEAD on GET routes) and for embedders that mount the Koa app
 * itself. The same pipeline serves the route; Koa only hands over the raw request.
 */
export function mountPluginRoutes(router: Router<AppState>, table: PluginRouteTable): void {
  for (const { route, path, pipeline } of table.routes) {
    for (const method of route.methods) {
      router.register(path, [method], async (ctx) => {
        ctx.respond = false;
        await pipeline(ctx.req, ctx.res, ctx.state.rc, { path: ctx.path, query: ctx.querystring, params: ctx.params });
      });
    }
  }
}
