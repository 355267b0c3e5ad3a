// Child process: ccproxy with the bench pass-through provider (plus any plugins named in argv).
import { settingsSchema } from '@ccproxy/core';
import { createServer } from '@ccproxy/server';
import { benchPassthrough } from './bench-plugin.mjs';
import { announce } from './children.mjs';

const upstreamUrl = process.argv[2];
const settings = settingsSchema.parse({
  logging: { level: 'ERROR' },
  plugins: { bench_passthrough: { base_url: upstreamUrl } },
});
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return quiet; } };
const server = await createServer({ settings, plugins: [benchPassthrough], logger: quiet, env: {} });
const { url } = await server.listen(0, '127.0.0.1');
announce(url);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
