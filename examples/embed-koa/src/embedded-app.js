// Embeds ccproxy in an existing Koa application: your own routes stay yours, and every request
// under /llm is handed to ccproxy (with the prefix stripped), so an SDK pointed at
// http://host:port/llm/claude talks to the proxy.
import Koa from 'koa';
import { settingsSchema } from '@ccproxy/core';
import { bundledPlugins, createServer } from '@ccproxy/server';

export async function createEmbeddedApp({ settings = {}, plugins = bundledPlugins(), logger, env } = {}) {
  const ccproxy = await createServer({ settings: settingsSchema.parse(settings), plugins, logger, env });
  const handle = ccproxy.callback();

  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.path !== '/llm' && !ctx.path.startsWith('/llm/')) return next();
    // Hand the raw request to ccproxy; Koa must not touch the response afterwards.
    ctx.respond = false;
    ctx.req.url = ctx.req.url.slice('/llm'.length) || '/';
    handle(ctx.req, ctx.res);
  });
  app.use(async (ctx) => {
    if (ctx.path === '/') ctx.body = { app: 'my application', llm_proxy: '/llm' };
  });
  return { app, ccproxy, close: () => ccproxy.close() };
}
