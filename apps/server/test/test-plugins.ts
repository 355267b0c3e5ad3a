import { CcproxyError, definePlugin, eventStream, json } from '@ccproxy/core';

/** Holds `/echo/gated-stream` before its first event until a test opens it. */
export const streamGate = {
  open: () => undefined as void,
  reset(): Promise<void> {
    return new Promise<void>((resolve) => {
      streamGate.open = resolve;
    });
  },
};
let gate: Promise<void> = Promise.resolve();
export function closeStreamGate(): void {
  gate = streamGate.reset();
}

/** A small provider-like plugin exercising the server surface: JSON, SSE, errors, body access. */
export const echoPlugin = definePlugin({
  name: 'echo',
  version: '1.0.0',
  apiVersion: 1,
  kind: 'provider',
  routes: [
    {
      prefix: '/echo',
      routes: [
        {
          method: 'POST',
          path: '/v1/messages',
          format: 'anthropic.messages',
          handler: (request) => {
            const body = request.json<{ model?: unknown }>();
            if (typeof body.model !== 'string') throw new CcproxyError('INVALID_REQUEST', 'model: expected a string');
            request.summary.model_requested = body.model;
            return json({ echoed: body, request_id: request.id, headers: request.headers });
          },
        },
        {
          method: 'POST',
          path: '/v1/chat/completions',
          format: 'openai.chat_completions',
          handler: (request) => json({ size: request.rawBody.length }),
        },
        {
          method: 'GET',
          path: '/stream',
          handler: (request) => {
            const count = Number(request.query.get('count') ?? 5);
            const delay = Number(request.query.get('delay') ?? 20);
            let aborted = false;
            request.signal.addEventListener('abort', () => (aborted = true));
            async function* events() {
              for (let index = 0; index < count; index++) {
                if (aborted) return;
                yield `data: {"n":${index}}\n\n`;
                await new Promise((resolve) => setTimeout(resolve, delay));
              }
              yield 'data: [DONE]\n\n';
            }
            return eventStream(events());
          },
        },
        {
          method: 'GET',
          path: '/gated-stream',
          handler: () => {
            async function* events() {
              await gate;
              yield 'data: {"n":0}\n\n';
            }
            return eventStream(events());
          },
        },
        {
          method: 'GET',
          path: '/wait-upstream',
          // Like a provider whose upstream call is aborted when the client leaves.
          handler: (request) =>
            new Promise((_resolve, reject) => {
              request.signal.addEventListener('abort', () => reject(new CcproxyError('UPSTREAM_CONNECTION', 'the request to upstream was aborted')));
            }),
        },
        {
          method: 'GET',
          path: '/items/:id',
          handler: (request) => json({ params: request.params, query: request.query.get('q') }),
        },
        {
          method: 'GET',
          path: '/crash',
          handler: () => {
            throw new Error('secret internal detail');
          },
        },
      ],
    },
  ],
  setup: () => ({}),
});

export const brokenPlugin = definePlugin({
  name: 'broken',
  version: '1.0.0',
  apiVersion: 1,
  kind: 'provider',
  routes: [{ prefix: '/broken', routes: [{ method: 'POST', path: '/v1/chat/completions', format: 'openai.chat_completions', handler: () => json({ unreachable: true }) }] }],
  setup: () => {
    throw new Error('credentials file is corrupt');
  },
});

export const slowHealthPlugin = definePlugin({
  name: 'observer',
  version: '1.0.0',
  apiVersion: 1,
  kind: 'system',
  setup: () => ({ health: () => ({ status: 'warn' as const, output: 'running without a database' }) }),
});

interface FeedRuntime {
  stopping: Promise<void>;
  stop: () => void;
}

/** A plugin with a never-ending stream (like a live log feed) that it ends when the server stops. */
export const feedPlugin = definePlugin({
  name: 'feed',
  version: '1.0.0',
  apiVersion: 1,
  kind: 'system',
  routes: [
    {
      prefix: '/feed',
      routes: [
        {
          method: 'GET',
          path: '/',
          handler: (_request, runtime: FeedRuntime) => {
            async function* forever() {
              yield ': connected\n\n';
              await runtime.stopping;
              yield 'event: bye\ndata: {}\n\n';
            }
            return eventStream(forever());
          },
        },
      ],
    },
  ],
  hooks: [{ event: 'app.shutdown', handler: (_event, runtime: FeedRuntime) => runtime.stop() }],
  setup: (): FeedRuntime => {
    let stop!: () => void;
    const stopping = new Promise<void>((resolve) => (stop = resolve));
    return { stopping, stop };
  },
});
