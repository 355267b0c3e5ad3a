import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthFlowError } from './oauth-flow-error.js';

export interface CallbackServer {
  /** `http://localhost:<port><path>`: what the provider redirects the browser to. */
  readonly redirectUri: string;
  readonly port: number;
  /** The query of the first request to the callback path. */
  waitForCallback(timeoutMs: number, signal?: AbortSignal): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export interface CallbackServerOptions {
  readonly port: number;
  /** e.g. `/callback`. */
  readonly path: string;
  /** Host in the redirect URI; default `localhost` (what the OAuth clients have registered). */
  readonly host?: string;
  /** Decides the page the browser shows; the flow itself validates again. */
  readonly expectedState: string;
}

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * A one-shot loopback HTTP server for the OAuth redirect (providers.md §4.5). It listens on
 * 127.0.0.1 and, when available, ::1 on the same port, because `localhost` in the redirect URI
 * may resolve to either in the user's browser. Port in use → `OAuthFlowError('port_unavailable')`.
 */
export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  let deliver: ((query: URLSearchParams) => void) | undefined;
  let received: URLSearchParams | undefined;

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== options.path || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    const query = url.searchParams;
    const ok = !query.get('error') && Boolean(query.get('code')) && query.get('state') === options.expectedState;
    response
      .writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
      .end(ok ? page('Authentication Successful', 'You can close this window and return to the terminal.') : page('Authentication Failed', 'Return to the terminal for details.'));
    if (received) return;
    received = query;
    deliver?.(query);
  };

  const primary = createServer(handler);
  let port: number;
  try {
    port = await listen(primary, options.port, '127.0.0.1');
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new OAuthFlowError('port_unavailable', `Cannot listen on port ${options.port} for the OAuth callback (${code})`, error);
  }
  const secondary = createServer(handler);
  await listen(secondary, port, '::1').catch(() => undefined);

  return {
    port,
    redirectUri: `http://${options.host ?? 'localhost'}:${port}${options.path}`,
    waitForCallback(timeoutMs, signal) {
      if (received) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const onAbort = () => finish(() => reject(new OAuthFlowError('aborted', 'Login cancelled')));
        const timer = setTimeout(() => finish(() => reject(new OAuthFlowError('timeout', `No OAuth callback within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          deliver = undefined;
          settle();
        };
        deliver = (query) => finish(() => resolve(query));
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async close() {
      await Promise.all([closeServer(primary), closeServer(secondary)]);
    },
  };
}
