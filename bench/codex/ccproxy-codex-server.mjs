// Child process: ccproxy with the real oauth_codex + codex plugins (built), a temp HOME holding a
// valid ~/.codex/auth.json, pointed at the fake Codex backend given in argv.
import { rm } from 'node:fs/promises';
import { settingsSchema } from '@ccproxy/core';
import { bundledPlugins } from '@ccproxy/server';
import { codexAuthFile, createTempHome } from '@ccproxy/testkit';
import { quietLogger, serveBenchServer } from '../lib/bench-server.mjs';

const upstreamUrl = process.argv[2];
const home = await createTempHome();
await home.write('.codex/auth.json', codexAuthFile({ exp: Math.floor(Date.now() / 1000) + 24 * 3600 }));
const settings = settingsSchema.parse({
  logging: { level: 'ERROR' },
  plugins: { codex: { base_url: `${upstreamUrl}/backend-api/codex` } },
});
const plugins = bundledPlugins().filter((plugin) => ['oauth_codex', 'codex'].includes((plugin.factory ?? plugin).manifest.name));
await serveBenchServer({ settings, plugins, logger: quietLogger(), env: { HOME: home.path } }, { onClosed: () => rm(home.path, { recursive: true, force: true }) });
