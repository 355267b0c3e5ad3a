import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyHost } from '@ccproxy/core';
import type { RequestContext } from './request-context.js';
import type { PluginRouteTable } from './plugin-routes/route-table.js';
import { beginRequest, splitTarget } from './request-tracking.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The server's request listener. Plugin routes — the proxy's hot path — are served directly on
 * Node's request and response by their pipeline; everything else (core endpoints, CORS, 404s,
 * anything the table does not match exactly) goes to the Koa app. Koa costs ~100 µs of CPU per
 * request here, as much as a bare Node passthrough spends in total.
 */
export function createRequestListener(koa: Listener, table: PluginRouteTable, host: ProxyHost, inflight: Set<RequestContext>): Listener {
  return (req, res) => {
    // Browsers' cross-origin requests need the CORS middleware: Koa serves them.
    if (req.headers.origin === undefined) {
      const { path, query } = splitTarget(req.url);
      const match = table.match(req.method ?? 'GET', path);
      if (match) {
        const rc = beginRequest(host, inflight, req, res, path);
        void match.pipeline(req, res, rc, { path, query, params: match.params });
        return;
      }
    }
    koa(req, res);
  };
}
