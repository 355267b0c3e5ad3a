// Child process: ccproxy with the real oauth_claude + claude_api plugins (built), a temp HOME holding
// a valid ~/.claude/.credentials.json, pointed at the fake Anthropic API given in argv.
import { rm } from 'node:fs/promises';
import { settingsSchema } from '@ccproxy/core';
import { bundledPlugins, createServer } from '@ccproxy/server';
import { createTempHome } from '@ccproxy/testkit';
import { announce } from '../lib/children.mjs';

const upstreamUrl = process.argv[2];
const home = await createTempHome();
await home.write('.claude/.credentials.json', {
  claudeAiOauth: { accessToken: 'sk-ant-oat01-bench', refreshToken: 'sk-ant-ort01-bench', expiresAt: Date.now() + 24 * 3600 * 1000, scopes: ['user:inference'], subscriptionType: 'max' },
});
const settings = settingsSchema.parse({
  logging: { level: 'ERROR' },
  plugins: { claude_api: { base_url: upstreamUrl } },
});
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return quiet; } };
const plugins = bundledPlugins().filter((plugin) => ['oauth_claude', 'claude_api'].includes((plugin.factory ?? plugin).manifest.name));
const server = await createServer({ settings, plugins, logger: quiet, env: { HOME: home.path } });
const { url } = await server.listen(0, '127.0.0.1');
announce(url);
process.on('SIGTERM', () =>
  server
    .close()
    .then(() => rm(home.path, { recursive: true, force: true }))
    .then(() => process.exit(0)),
);
