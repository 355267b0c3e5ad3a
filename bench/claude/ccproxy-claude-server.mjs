// Child process: ccproxy with the real oauth_claude + claude_api plugins (built), a temp HOME holding
// a valid ~/.claude/.credentials.json, pointed at the fake Anthropic API given in argv.
import { rm } from 'node:fs/promises';
import { settingsSchema } from '@ccproxy/core';
import { bundledPlugins } from '@ccproxy/server';
import { createTempHome } from '@ccproxy/testkit';
import { benchClaudeCredentials, quietLogger, serveBenchServer } from '../lib/bench-server.mjs';

const upstreamUrl = process.argv[2];
const home = await createTempHome();
await home.write('.claude/.credentials.json', benchClaudeCredentials());
const settings = settingsSchema.parse({
  logging: { level: 'ERROR' },
  plugins: { claude_api: { base_url: upstreamUrl } },
});
const plugins = bundledPlugins().filter((plugin) => ['oauth_claude', 'claude_api'].includes((plugin.factory ?? plugin).manifest.name));
await serveBenchServer({ settings, plugins, logger: quietLogger(), env: { HOME: home.path } }, { onClosed: () => rm(home.path, { recursive: true, force: true }) });
