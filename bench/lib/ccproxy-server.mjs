// Child process: ccproxy with the bench pass-through provider.
import { settingsSchema } from '@ccproxy/core';
import { benchPassthrough } from './bench-plugin.mjs';
import { quietLogger, serveBenchServer } from './bench-server.mjs';

const upstreamUrl = process.argv[2];
const settings = settingsSchema.parse({
  logging: { level: 'ERROR' },
  plugins: { bench_passthrough: { base_url: upstreamUrl } },
});
await serveBenchServer({ settings, plugins: [benchPassthrough], logger: quietLogger(), env: {} });
