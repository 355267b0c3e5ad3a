import type { AnyPluginFactory, CliIO, PluginRegistration, Settings } from '@ccproxy/core';
import { CcproxyError } from '@ccproxy/core';
import { createServer } from '../server/create-server.js';
import { consoleLogger } from '../logging/console-logger.js';
import type { CliRuntime } from './run-cli.js';

/** `ccproxy serve`: build the app in-process from the resolved settings (flags really reach it), listen, stop gracefully. */
export async function serveCommand(settings: Settings, plugins: readonly (AnyPluginFactory | PluginRegistration)[], runtime: CliRuntime, io: CliIO): Promise<number> {
  const logger = consoleLogger(settings, { stream: runtime.stderr });
  logger.info({ host: settings.server.host, port: settings.server.port }, 'server_starting');
  const server = await createServer({ settings, plugins, logger, env: runtime.env, cwd: runtime.cwd });
  let url: string;
  try {
    ({ url } = await server.listen());
  } catch (error) {
    await server.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      io.err(`Server startup failed (port/permission issue): ${(error as Error).message}. Choose another port with --port or stop the other process.`);
      return 1;
    }
    if (CcproxyError.is(error)) {
      io.err(`Configuration error: ${error.message}`);
      return 1;
    }
    throw error;
  }

  const active = server.host.plugins.statuses().filter((status) => status.state === 'active').map((status) => status.name);
  io.out(`ccproxy listening on ${url}  (plugins: ${active.join(', ') || 'none'})`);
  const key = settings.security.auth_token ? 'YOUR_AUTH_TOKEN' : 'any-value';
  io.out(`  Claude Code / Anthropic SDK:  ANTHROPIC_BASE_URL=${url}/claude  ANTHROPIC_API_KEY=${key}`);
  io.out(`  OpenAI SDK / Codex:           OPENAI_BASE_URL=${url}/codex/v1  OPENAI_API_KEY=${key}`);
  io.out(`  Health: ${url}/health   Stop: Ctrl+C`);

  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        io.err(`received ${signal} again: exiting now`);
        process.exit(130);
      }
      io.out(`received ${signal}: finishing in-flight requests (up to ${settings.server.shutdown_grace_seconds}s)…`);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void runtime.stopSignal?.then(() => resolve());
  });
  await server.close();
  logger.flush();
  io.out('ccproxy stopped');
  return 0;
}
