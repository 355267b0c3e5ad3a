import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { CcproxyError, createProxy, type AnyPluginFactory, type Logger, type PluginRegistration, type ProxyHost, type Settings } from '@ccproxy/core';
import type { AppState } from './app-state.js';
import type { RequestContext } from './request-context.js';
import { trackRequest } from './middleware/track-request.js';
import { errorHandler, writeError } from './middleware/error-handler.js';
import { cors } from './middleware/cors.js';
import { mountCoreRoutes } from './core-routes.js';
import { mountPluginRoutes } from './plugin-routes/mount-on-router.js';
import { PluginRouteTable } from './plugin-routes/route-table.js';
import { createRequestListener } from './request-listener.js';
import { isLoopbackHost } from './loopback.js';

export interface CreateServerOptions {
  settings: Settings;
  /** The plugin list; `bundledPlugins()` gives the default set. `plugin_packages` are added. */
  plugins?: readonly (AnyPluginFactory | PluginRegistration)[];
  logger?: Logger;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeouts?: { initMs?: number; healthMs?: number; shutdownMs?: number };
}

export interface CcproxyServer {
  readonly app: Koa<AppState>;
  readonly host: ProxyHost;
  /** Node request listener, for mounting into another HTTP server (embedding). */
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  /** Starts plugins (if not yet) and listens; resolves with the bound URL. */
  listen(port?: number, hostname?: string): Promise<{ server: Server; url: string }>;
  /** Graceful stop: refuse new connections, let in-flight requests and streams finish (bounded), then stop plugins. */
  close(): Promise<void>;
  readonly url: string | undefined;
}

/**
 * Builds the ccproxy app: core middleware in the order of core.md §10.1, core endpoints, and every
 * plugin's routes under its prefix. Usable from another Node program (see examples/embed-koa).
 */
export async function createServer(options: CreateServerOptions): Promise<CcproxyServer> {
  const { settings } = options;
  const host = await createProxy({
    settings,
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const logger = host.logger;
  await host.start();

  let ready = false;
  let server: Server | undefined;
  let url: string | undefined;
  const inflight = new Set<RequestContext>();

  const app = new Koa<AppState>({ proxy: false });
  app.silent = true;
  app.on('error', (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'EPIPE' || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    logger.warn({ err: error }, 'koa_error');
  });
  const router = new Router<AppState>();
  mountCoreRoutes(router, host, () => ready);
  const table = new PluginRouteTable(host);
  mountPluginRoutes(router, table);

  app.use(trackRequest(host, inflight));
  app.use(errorHandler(logger));
  app.use(cors(settings.cors));
  app.use(async (ctx, next) => {
    await next();
    if (!ctx.response.get('server')) ctx.set('server', 'ccproxy');
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true, notImplemented: () => new CcproxyError('NOT_FOUND', 'method not implemented'), methodNotAllowed: () => new CcproxyError('INVALID_REQUEST', 'method not allowed for this route', { status: 405, type: 'method_not_allowed' }) }));
  app.use(async (ctx) => {
    if (ctx.body === undefined && ctx.status === 404) writeError(ctx, { status: 404, type: 'not_found_error', message: `no route for ${ctx.method} ${ctx.path}` });
  });
  ready = true;
  const koaHandle = app.callback();
  const listener = createRequestListener((req, res) => void koaHandle(req, res), table, host, inflight);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ready = false;
      if (server) {
        const listening = server;
        const closed = new Promise<void>((resolve) => {
          listening.close(() => resolve());
        });
        listening.closeIdleConnections();
        await host.beginShutdown();
        const graceMs = settings.server.shutdown_grace_seconds * 1000;
        const deadline = Date.now() + graceMs;
        while (inflight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
        if (inflight.size > 0) logger.warn({ inflight: inflight.size }, 'shutdown_grace_expired_closing_connections');
        listening.closeAllConnections();
        await closed;
      }
      await host.stop();
      logger.info({}, 'server_stopped');
    })();
    return closing;
  };

  return {
    app,
    host,
    callback: () => listener,
    get url() {
      return url;
    },
    async listen(port = settings.server.port, hostname = settings.server.host) {
      if (!isLoopbackHost(hostname) && !settings.security.auth_token && !settings.server.allow_public_bind) {
        throw new CcproxyError('CONFIG_INVALID', `refusing to listen on ${hostname} without an access token: set security.auth_token (or --auth-token), or server.allow_public_bind = true to force it`);
      }
      server = createHttpServer({ keepAliveTimeout: 65_000 }, listener);
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, hostname, () => {
          listening.off('error', reject);
          resolve();
        });
      });
      const address = listening.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${shownHost}:${address.port}`;
      logger.info({ url }, 'server_ready');
      await host.events.emitAndWait('app.ready', { phase: 'ready', url });
      return { server: listening, url };
    },
    close,
  };
}
