// A minimal pass-through provider built only on @ccproxy/core's public provider pipeline, so the
// core benchmark measures the proxy's own overhead (routing, hooks, got, relay) with no conversion.
import { callUpstream, definePlugin, eventStream, forwardableRequestHeaders, forwardableResponseHeaders, relayStream } from '@ccproxy/core';

export const benchPassthrough = definePlugin({
  name: 'bench_passthrough',
  version: '0.0.0',
  apiVersion: 1,
  kind: 'provider',
  routes: [
    {
      prefix: '/bench',
      routes: [
        {
          method: 'POST',
          path: '/v1/messages',
          format: 'anthropic.messages',
          async handler(request, runtime) {
            const streaming = request.rawBody.includes('"stream":true');
            const upstream = await callUpstream(runtime.call, request, {
              url: `${runtime.base}/v1/messages`,
              headers: forwardableRequestHeaders(request.headers),
              body: request.rawBody,
              streaming,
              endpoint: '/v1/messages',
            });
            const headers = forwardableResponseHeaders(upstream.headers);
            if (streaming) return eventStream(relayStream(runtime.call, request, upstream), upstream.status, headers);
            return { status: upstream.status, headers: { ...headers, 'content-type': upstream.headers['content-type'] ?? 'application/json' }, body: await upstream.buffer() };
          },
        },
      ],
    },
  ],
  setup({ config, http, events, name }) {
    return { base: String(config.base_url), call: { http, events, provider: name } };
  },
});
