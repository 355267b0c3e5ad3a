// Child process: ccproxy with the real oauth_codex + codex plugins (built), a temp HOME holding a
// valid ~/.codex/auth.json, pointed at the fake Codex backend given in argv.
import { rm } from 'node:fs/promises';
import { settingsSchema } from '@ccproxy/core';
import { bundledPlugins, createServer } from '@ccproxy/server';
import { codexAuthFile, createTempHome } from '@ccproxy/testkit';
import { announce } from '../lib/children.mjs';

const upstreamUrl = process.argv[2];
const home = await createTempHome();
await home.write('.codex/auth.json', codexAuthFile({ exp: Math.floor(Date.now() / 1000) + 24 * 3600 }));
const settings = settingsSchema.parse({
  logging: { level: 'ERROR' },
  plugins: { codex: { base_url: `${upstreamUrl}/backend-api/codex` } },
});
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return quiet; } };
const plugins = bundledPlugins().filter((plugin) => ['oauth_codex', 'codex'].includes((plugin.factory ?? plugin).manifest.name));
const server = await createServer({ settings, plugins, logger: quiet, env: { HOME: home.path } });
const { url } = await server.listen(0, '127.0.0.1');
announce(url);
process.on('SIGTERM', () =>
  server
    .close()
    .then(() => rm(home.path, { recursive: true, force: true }))
    .then(() => process.exit(0)),
);
