export { createServer } from './server/create-server.js';
export type { CreateServerOptions, CcproxyServer } from './server/create-server.js';
export { bundledPlugins } from './bundled-plugins.js';
export { consoleLogger } from './logging/console-logger.js';
export { runCli } from './cli/run-cli.js';
export type { CliRuntime } from './cli/run-cli.js';
export { APP_VERSION } from './version.js';
