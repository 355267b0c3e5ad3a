import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import {
  ConfigError,
  createHttpClient,
  loadSettings,
  maskSecrets,
  pluginEnablement,
  resolveAppPaths,
  SECRET_SETTING_PATHS,
  validateSection,
  type AnyPluginFactory,
  type AuthCommandSpec,
  type CliCommandContext,
  type CliIO,
  type DeepPartial,
  type PluginManifest,
  type PluginRegistration,
  type Settings,
  type SettingsInput,
} from '@ccproxy/core';
import { createCliIO, type CliStreams } from './cli-io.js';
import { loadRegistry } from './load-plugins.js';
import { configTemplate } from './config-template.js';
import { serveCommand } from './serve.js';
import { bundledPlugins } from '../bundled-plugins.js';
import { APP_VERSION } from '../version.js';
import { consoleLogger } from '../logging/console-logger.js';

export interface CliRuntime extends CliStreams {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Default: the bundled plugins. */
  plugins?: readonly (AnyPluginFactory | PluginRegistration)[];
  /** Resolves when the process should stop serving (tests); default: SIGINT/SIGTERM. */
  stopSignal?: Promise<void>;
}

interface GlobalOptions {
  config?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses argv (without `node cli.js`) and runs the command; resolves with the exit code. */
export async function runCli(argv: readonly string[], runtime: CliRuntime): Promise<number> {
  const io = createCliIO(runtime, runtime.env);
  const plugins = runtime.plugins ?? bundledPlugins();
  let exitCode = 0;

  const settingsFor = async (overrides: DeepPartial<SettingsInput> = {}, options: { mentionMissingConfig?: boolean } = {}): Promise<{ settings: Settings; configFile: string | null }> => {
    const global = program.opts<GlobalOptions>();
    const loaded = await loadSettings({ ...(global.config ? { configFile: global.config } : {}), env: runtime.env, cwd: runtime.cwd, overrides });
    for (const warning of loaded.warnings) {
      // Running on the defaults is normal; say so when starting the server, not on every command.
      if (warning.startsWith('config_file_missing') && !options.mentionMissingConfig) continue;
      io.err(`warning: ${warning}`);
    }
    return { settings: loaded.settings, configFile: loaded.configFile };
  };

  const program = new Command('ccproxy')
    .description('Use your Claude and Codex subscriptions through the standard LLM APIs')
    .version(`ccproxy ${APP_VERSION}`, '-V, --version')
    .option('-c, --config <file>', 'TOML config file (default: .ccproxy.toml, ccproxy.toml, ~/.config/ccproxy/config.toml)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => runtime.stdout.write(text), writeErr: (text) => runtime.stderr.write(text) })
    .showHelpAfterError('(run ccproxy --help for usage)');

  program
    .command('serve', { isDefault: true })
    .description('start the proxy server')
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .addOption(new Option('-p, --port <port>', 'port to listen on (default 8000)').argParser((value) => {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CommanderError(2, 'ccproxy.invalidPort', `error: --port must be an integer from 1 to 65535 (got "${value}")`);
      return port;
    }))
    .option('--log-level <level>', 'TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL')
    .option('--log-file <file>', 'also write JSON log lines to this file')
    .option('--auth-token <token>', 'require this token from clients (x-api-key or Authorization: Bearer)')
    .option('--enable-plugin <name>', 'run only these plugins (repeatable; replaces enabled_plugins)', collect)
    .option('--disable-plugin <name>', 'do not run this plugin (repeatable; replaces disabled_plugins)', collect)
    .option('--allow-public-bind', 'allow a non-loopback --host without an auth token')
    .action(async (options: { host?: string; port?: number; logLevel?: string; logFile?: string; authToken?: string; enablePlugin?: string[]; disablePlugin?: string[]; allowPublicBind?: boolean }) => {
      if (options.authToken !== undefined && options.authToken.trim() === '') {
        io.err('error: --auth-token must not be blank');
        exitCode = 2;
        return;
      }
      const { settings } = await settingsFor({
        server: { ...(options.host ? { host: options.host } : {}), ...(options.port ? { port: options.port } : {}), ...(options.allowPublicBind ? { allow_public_bind: true } : {}) },
        logging: { ...(options.logLevel ? { level: options.logLevel } : {}), ...(options.logFile ? { file: options.logFile } : {}) },
        ...(options.authToken ? { security: { auth_token: options.authToken } } : {}),
        ...(options.enablePlugin ? { enabled_plugins: options.enablePlugin } : {}),
        ...(options.disablePlugin ? { disabled_plugins: options.disablePlugin } : {}),
      }, { mentionMissingConfig: true });
      exitCode = await serveCommand(settings, plugins, runtime, io);
    });

  const pluginsCommand = program.command('plugins').description('inspect plugins');
  pluginsCommand
    .command('list')
    .description('list the plugins this installation can load, with their state')
    .action(async () => {
      const { settings } = await settingsFor();
      const { registry, errors } = await loadRegistry(settings, plugins, runtime.cwd);
      const rows = registry.list().map((plugin) => {
        const enablement = pluginEnablement(settings, plugin.manifest);
        return [plugin.name, String(plugin.manifest.version), plugin.manifest.kind, enablement.enabled ? 'enabled' : `disabled (${enablement.reason})`, plugin.manifest.description ?? ''];
      });
      if (rows.length === 0) io.out('No plugins found.');
      else printTable(io, ['NAME', 'VERSION', 'KIND', 'STATUS', 'DESCRIPTION'], rows);
      for (const error of errors) io.err(`✖ ${error.packageName}: ${error.message}`);
      if (errors.length > 0) exitCode = 1;
    });
  pluginsCommand
    .command('settings')
    .argument('[name]', 'plugin name (all plugins when omitted)')
    .description("show a plugin's configuration fields, defaults and effective values")
    .action(async (name: string | undefined) => {
      const { settings } = await settingsFor();
      const { registry } = await loadRegistry(settings, plugins, runtime.cwd);
      const selected = name ? registry.list().filter((plugin) => plugin.name === name) : registry.list();
      if (name && selected.length === 0) {
        io.err(`Plugin '${name}' not found. Available: ${registry.list().map((plugin) => plugin.name).join(', ') || 'none'}`);
        exitCode = 1;
        return;
      }
      for (const plugin of selected) {
        const enablement = pluginEnablement(settings, plugin.manifest);
        io.out(`${plugin.name} ${String(plugin.manifest.version)} (${enablement.enabled ? 'enabled' : `disabled: ${enablement.reason}`})`);
        io.out(`  config section: [plugins.${plugin.name}]  env prefix: PLUGINS__${plugin.name.toUpperCase()}__`);
        printPluginSettings(io, plugin.manifest, settings);
        io.out();
      }
    });

  const configCommand = program.command('config').description('show or create configuration');
  configCommand
    .command('show')
    .description('print the effective configuration (secrets masked) and where it came from')
    .option('--json', 'print JSON instead of TOML-like sections')
    .action(async (options: { json?: boolean }) => {
      const { settings, configFile } = await settingsFor();
      const { registry } = await loadRegistry(settings, plugins, runtime.cwd);
      const secretPaths = [...SECRET_SETTING_PATHS, ...registry.list().flatMap((plugin) => (plugin.manifest.secretConfigKeys ?? []).map((key) => `plugins.${plugin.name}.${key}`))];
      const masked = maskSecrets(settings, secretPaths);
      if (options.json) io.out(JSON.stringify({ config_file: configFile, settings: masked }, null, 2));
      else {
        io.out(`# config file: ${configFile ?? '(none found; using defaults and environment)'}`);
        io.out(JSON.stringify(masked, null, 2));
      }
    });
  configCommand
    .command('init')
    .description('write a commented .ccproxy.toml with the defaults')
    .option('-o, --output <file>', 'where to write it', '.ccproxy.toml')
    .option('--force', 'overwrite an existing file')
    .action(async (options: { output: string; force?: boolean }) => {
      const target = resolve(runtime.cwd, options.output);
      if (existsSync(target) && !options.force) {
        io.err(`✖ ${target} already exists; nothing written. Use --force to overwrite it.`);
        exitCode = 1;
        return;
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, configTemplate(), { mode: 0o600 });
      io.out(`✔ wrote ${target}`);
      io.out(`  start the server with it: ccproxy serve --config ${options.output}`);
    });

  mountAuthCommands(program, plugins, settingsFor, runtime, io, (code) => (exitCode = code));
  mountPluginCommands(program, plugins, settingsFor, runtime, io, (code) => (exitCode = code));

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (error.code === 'ccproxy.invalidPort') io.err(error.message);
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ConfigError) {
      io.err(`Configuration error: ${error.message}`);
      return 1;
    }
    io.err(`Error: ${(error as Error).message}`);
    return 1;
  }
  return exitCode;
}

function printTable(io: CliIO, header: string[], rows: string[][]): void {
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  ');
  io.out(line(header));
  for (const row of rows) io.out(line(row));
}

interface JsonSchemaProperty {
  type?: string | string[];
  default?: unknown;
  description?: string;
  enum?: unknown[];
  anyOf?: JsonSchemaProperty[];
}

function describeType(property: JsonSchemaProperty): string {
  if (property.enum) return property.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (property.anyOf) return property.anyOf.map(describeType).join(' | ');
  return Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'value');
}

function printPluginSettings(io: CliIO, manifest: PluginManifest<unknown, unknown>, settings: Settings): void {
  const schema = manifest.configSchema as unknown as { toJSONSchema?: () => unknown } | undefined;
  if (!schema) {
    io.out('  No configuration fields declared.');
    return;
  }
  let effective: Record<string, unknown> = {};
  try {
    effective = validateSection(manifest.configSchema as never, settings.plugins[manifest.name] ?? {}, `plugins.${manifest.name}`);
  } catch (error) {
    io.out(`  ! current configuration is invalid: ${(error as Error).message}`);
  }
  const masked = maskSecrets(effective, (manifest.secretConfigKeys ?? []).map((key) => key)) as Record<string, unknown>;
  let properties: Record<string, JsonSchemaProperty> = {};
  if (typeof schema.toJSONSchema === 'function') {
    try {
      properties = ((schema.toJSONSchema() as { properties?: Record<string, JsonSchemaProperty> }).properties ?? {});
    } catch {
      properties = {};
    }
  }
  const names = Object.keys(properties).length > 0 ? Object.keys(properties) : Object.keys(masked);
  const rows = names.map((name) => {
    const property = properties[name] ?? {};
    return [name, describeType(property), property.default === undefined ? '' : JSON.stringify(property.default), JSON.stringify(masked[name] ?? null), property.description ?? ''];
  });
  printTable(io, ['  FIELD', 'TYPE', 'DEFAULT', 'CURRENT', 'DESCRIPTION'], rows.map((row) => [`  ${row[0] ?? ''}`, ...row.slice(1)]));
}

type SettingsLoader = (overrides?: DeepPartial<SettingsInput>, options?: { mentionMissingConfig?: boolean }) => Promise<{ settings: Settings; configFile: string | null }>;

async function commandContext<TConfig>(manifest: PluginManifest<unknown, unknown>, settingsFor: SettingsLoader, runtime: CliRuntime, io: CliIO): Promise<CliCommandContext<TConfig>> {
  const { settings } = await settingsFor();
  const config = (manifest.configSchema ? validateSection(manifest.configSchema, settings.plugins[manifest.name] ?? {}, `plugins.${manifest.name}`) : (settings.plugins[manifest.name] ?? {})) as TConfig;
  const logger = consoleLogger({ ...settings, logging: { ...settings.logging, level: settings.logging.level === 'INFO' ? 'WARNING' : settings.logging.level } }, { stream: runtime.stderr });
  const http = createHttpClient({
    connectTimeoutMs: settings.http.timeouts.connect_seconds * 1000,
    requestTimeoutMs: settings.http.timeouts.request_seconds * 1000,
    streamIdleTimeoutMs: settings.http.timeouts.stream_idle_seconds * 1000,
    env: runtime.env,
  });
  const host = settings.server.host === '0.0.0.0' || settings.server.host === '::' ? '127.0.0.1' : settings.server.host;
  const paths = resolveAppPaths(runtime.env, runtime.env.HOME?.trim() ? runtime.env.HOME : homedir());
  return { config, settings, logger: logger.child({ plugin: manifest.name }), http, io, serverUrl: `http://${host}:${settings.server.port}`, paths, signal: new AbortController().signal };
}

function normalizeProvider(name: string): string {
  return name.trim().toLowerCase().replaceAll('_', '-');
}

function mountAuthCommands(program: Command, plugins: readonly (AnyPluginFactory | PluginRegistration)[], settingsFor: SettingsLoader, runtime: CliRuntime, io: CliIO, setExit: (code: number) => void): void {
  const specs: { manifest: PluginManifest<unknown, unknown>; spec: AuthCommandSpec<unknown> }[] = [];
  for (const plugin of plugins) {
    const manifest = ('manifest' in plugin ? plugin.manifest : plugin.factory.manifest) as PluginManifest<unknown, unknown>;
    for (const spec of manifest.authCommands ?? []) specs.push({ manifest, spec });
  }
  const names = specs.map(({ spec }) => spec.provider);
  const find = (provider: string) => {
    const wanted = normalizeProvider(provider);
    return specs.find(({ spec }) => normalizeProvider(spec.provider) === wanted || (spec.aliases ?? []).some((alias) => normalizeProvider(alias) === wanted));
  };
  const auth = program.command('auth').description(`log in to an upstream provider (${names.join(', ') || 'none installed'})`);
  const resolveProvider = (provider: string) => {
    const found = find(provider);
    if (!found) {
      io.err(`Provider '${provider}' not found. Available: ${names.join(', ') || 'none'}`);
      setExit(1);
    }
    return found;
  };
  auth.command('providers').description('list providers you can log in to').action(() => {
    if (specs.length === 0) io.out('No auth providers installed.');
    for (const { spec, manifest } of specs) io.out(`${spec.provider.padEnd(10)} oauth  ${spec.description} (plugin ${manifest.name}${spec.aliases?.length ? `; aliases: ${spec.aliases.join(', ')}` : ''})`);
  });
  auth
    .command('login')
    .argument('<provider>', `provider: ${names.join(', ')}`)
    .option('--no-browser', 'print the login URL instead of opening a browser')
    .option('-m, --manual', 'paste the authorization code by hand (machines without a browser)')
    .option('--file <path>', 'write the credentials to this file instead of the default location')
    .option('--force', 'with --file: overwrite an existing file')
    .description('log in with OAuth (PKCE) and store the credentials')
    .action(async (provider: string, options: { browser?: boolean; manual?: boolean; file?: string; force?: boolean }) => {
      const found = resolveProvider(provider);
      if (!found) return;
      if (options.force && !options.file) {
        io.err('error: --force only makes sense with --file');
        setExit(2);
        return;
      }
      const context = await commandContext(found.manifest, settingsFor, runtime, io);
      setExit(await found.spec.login(context, { noBrowser: options.browser === false, ...(options.manual ? { manual: true } : {}), ...(options.file ? { file: options.file } : {}), ...(options.force ? { force: true } : {}) }));
    });
  auth
    .command('status')
    .argument('<provider>')
    .option('-d, --detailed', 'show more detail (never the tokens)')
    .option('--file <path>', 'read credentials from this file')
    .description('show the account, plan and token expiry')
    .action(async (provider: string, options: { detailed?: boolean; file?: string }) => {
      const found = resolveProvider(provider);
      if (!found) return;
      setExit(await found.spec.status(await commandContext(found.manifest, settingsFor, runtime, io), options));
    });
  auth
    .command('refresh')
    .alias('renew')
    .argument('<provider>')
    .option('--file <path>', 'refresh the credentials in this file')
    .description('refresh the access token now')
    .action(async (provider: string, options: { file?: string }) => {
      const found = resolveProvider(provider);
      if (!found) return;
      setExit(await found.spec.refresh(await commandContext(found.manifest, settingsFor, runtime, io), options));
    });
  auth
    .command('logout')
    .argument('<provider>')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--force', "also delete a credentials file the official CLI owns")
    .option('--file <path>', 'remove credentials from this file')
    .description('remove stored credentials')
    .action(async (provider: string, options: { yes?: boolean; force?: boolean; file?: string }) => {
      const found = resolveProvider(provider);
      if (!found) return;
      setExit(await found.spec.logout(await commandContext(found.manifest, settingsFor, runtime, io), options));
    });
}

function mountPluginCommands(program: Command, plugins: readonly (AnyPluginFactory | PluginRegistration)[], settingsFor: SettingsLoader, runtime: CliRuntime, io: CliIO, setExit: (code: number) => void): void {
  for (const plugin of plugins) {
    const manifest = ('manifest' in plugin ? plugin.manifest : plugin.factory.manifest) as PluginManifest<unknown, unknown>;
    for (const spec of manifest.cliCommands ?? []) {
      const parent = spec.parent ? program.commands.find((command) => command.name() === spec.parent) : program;
      if (!parent) {
        io.err(`warning: plugin ${manifest.name} adds "${spec.name}" under unknown command "${spec.parent ?? ''}"; skipped`);
        continue;
      }
      const command = parent.command(spec.name).description(spec.description);
      for (const argument of spec.arguments ?? []) command.argument(argument.required ? `<${argument.name}>` : `[${argument.name}]`, argument.description);
      for (const option of spec.options ?? []) command.option(option.flags, option.description, option.defaultValue as string | boolean | undefined);
      command.action(async (...input: unknown[]) => {
        const options = (input[input.length - 2] ?? {}) as Record<string, unknown>;
        const args = input.slice(0, Math.max(0, input.length - 2)).filter((value): value is string => typeof value === 'string');
        const context = await commandContext(manifest, settingsFor, runtime, io);
        const code = await spec.run(context, { args, options });
        setExit(typeof code === 'number' ? code : 0);
      });
    }
  }
}
