import type { IncomingMessage, ServerResponse } from 'node:http';
import { CcproxyError, type Middleware, type MountedRoute, type ProxyHost, type ProxyRequest, type ProxyResponse } from '@ccproxy/core';
import type { RequestContext } from '../request-context.js';
import { accessTokenCheck } from '../middleware/access-token.js';
import { isLoopbackAddress } from '../loopback.js';
import { errorReply, sendError } from '../error-reply.js';
import { readBody } from './read-body.js';
import { toProxyRequest, type RouteTarget } from './proxy-request.js';
import { writeResponse } from './write-response.js';

/** Serves one plugin route on the raw Node request, whichever lane matched it. */
export type RoutePipeline = (req: IncomingMessage, res: ServerResponse, rc: RequestContext, target: RouteTarget) => Promise<void>;

function compose(middleware: readonly Middleware[], handler: (request: ProxyRequest) => Promise<ProxyResponse>): (request: ProxyRequest) => Promise<ProxyResponse> {
  return middleware.reduceRight<(request: ProxyRequest) => Promise<ProxyResponse>>((next, layer) => (request) => layer(request, () => next(request)), handler);
}

/**
 * The steps of a plugin route, in order: the owner and client format are recorded (so every
 * error of the route is in the caller's format), the access token and loopback checks, the body
 * (after auth: unauthenticated clients cannot make us buffer), the plugin middleware, then the
 * handler — which answers 503 while its plugin is not active. Errors are answered here, in the
 * caller's format; nothing escapes.
 */
export function createRoutePipeline(route: MountedRoute, host: ProxyHost): RoutePipeline {
  const checkToken = route.auth === 'required' ? accessTokenCheck(host.settings.security.auth_token) : undefined;
  const limit = host.settings.server.max_body_bytes;
  const logger = host.logger;
  let composed: ((request: ProxyRequest) => Promise<ProxyResponse>) | undefined;

  return async (req, res, rc, target) => {
    rc.owner = route.plugin;
    rc.ownerKind = route.kind;
    if (route.format) rc.clientFormat = route.format;
    if (route.kind === 'provider') rc.draft.provider = route.plugin;
    const head = req.method === 'HEAD';
    try {
      checkToken?.(req.headers, req.method);
      if (route.loopbackOnly && !isLoopbackAddress(req.socket.remoteAddress)) {
        throw new CcproxyError('PERMISSION_DENIED', 'this route only answers clients on this machine (loopback)');
      }
      const body = await readBody(req, res, limit);
      // Plugin middleware is known once plugins are active; compose lazily, once.
      composed ??= compose(
        host.plugins.middleware().map((entry) => entry.handler),
        (request) => route.handle(request),
      );
      const response = await composed(toProxyRequest(req, rc, target, route.prefix, body));
      await writeResponse(res, rc, response, head, logger);
    } catch (error) {
      if (rc.clientGone) {
        // The client left first; what failed after (usually the aborted upstream call) is not a server error.
        logger.debug({ request_id: rc.id, error: (error as Error).message }, 'client_gone_before_response');
        if (!res.writableEnded) res.end();
        return;
      }
      if (res.headersSent) {
        // Nothing can be rendered any more; the stream writer already ended the response.
        logger.warn({ request_id: rc.id, err: error }, 'error_after_headers_sent');
        if (!res.writableEnded) res.end();
        return;
      }
      sendError(res, rc, errorReply(error, rc, logger), head);
    }
  };
}
