import { createServer as createHttp } from 'node:http';
import { settingsSchema, createProxy, emptySummaryDraft } from '@ccproxy/core';
import { benchPassthrough } from '/work/main/bench/lib/bench-plugin.mjs';
import { announce } from '/work/main/bench/lib/children.mjs';
const settings = settingsSchema.parse({ logging: { level: 'ERROR' }, plugins: { bench_passthrough: { base_url: process.argv[2] } } });
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return quiet; } };
const host = await createProxy({ settings, plugins: [benchPassthrough], logger: quiet, env: {} });
await host.start();
const route = host.plugins.routes()[0];
const server = createHttp({ keepAliveTimeout: 65000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const rawBody = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const request = { id: 'abcd1234', method: req.method, path: req.url, routePath: '/v1/messages', headers: req.headers, rawBody, remoteAddress: '127.0.0.1', summary: emptySummaryDraft(), signal: undefined, params: {}, query: new URLSearchParams() };
    const response = await route.handle(request);
    res.statusCode = response.status;
    for (const k in response.headers) res.setHeader(k, response.headers[k]);
    if (typeof response.body === 'string' || response.body instanceof Uint8Array) { res.end(response.body); return; }
    for await (const c of response.body) res.write(c);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
