import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../src/errors/ccproxy-error.js';
import { levenshtein, didYouMean } from '../src/settings/did-you-mean.js';
import { coerceEnvValue, parseDotenv } from '../src/settings/env-settings.js';
import {
  findConfigFile,
  loadSettings,
  maskSecrets,
  resolveAppPaths,
  validateSection,
} from '../src/settings/load-settings.js';
import { defaultSettings } from '../src/settings/settings-schema.js';

let root: string;
let home: string;
let repo: string;
let cwd: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'ccproxy-settings-'));
  home = path.join(root, 'home');
  repo = path.join(root, 'repo');
  cwd = path.join(repo, 'packages', 'app');
  mkdirSync(home, { recursive: true });
  mkdirSync(cwd, { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function load(env: Record<string, string> = {}, extra: Parameters<typeof loadSettings>[0] = {}) {
  return loadSettings({ cwd, home, env, ...extra });
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings: sources and precedence', () => {
  it('returns the defaults and a config_file_missing warning when nothing is configured', async () => {
    const loaded = await load();
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.configFile).toBeNull();
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toContain('config_file_missing');
    expect(loaded.warnings[0]).toContain('ccproxy config init');
  });

  it('env beats TOML per leaf; sibling keys from the file survive', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[server]\nport = 8001\nhost = "0.0.0.0"\n');
    const loaded = await load({ SERVER__PORT: '9000' });
    expect(loaded.settings.server.port).toBe(9000);
    expect(loaded.settings.server.host).toBe('0.0.0.0');
    expect(loaded.configFile).toBe(path.join(cwd, 'ccproxy.toml'));
    expect(loaded.warnings).toEqual([]);
  });

  it('overrides beat env and file; undefined override leaves are skipped', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[server]\nport = 8001\nhost = "0.0.0.0"\n');
    const loaded = await load(
      { SERVER__PORT: '9000' },
      { overrides: { server: { port: 9100, host: undefined }, security: { auth_token: 'cli-token' } } },
    );
    expect(loaded.settings.server.port).toBe(9100);
    expect(loaded.settings.server.host).toBe('0.0.0.0');
    expect(loaded.settings.security.auth_token).toBe('cli-token');
  });

  it('TOML beats .env, the process env beats .env, and .env fills what nobody else sets', async () => {
    write(path.join(cwd, '.env'), '# comment\nSERVER__PORT=7000\nexport SERVER__HOST="10.0.0.1"\nLOGGING__LEVEL=debug\n');
    write(path.join(cwd, 'ccproxy.toml'), '[server]\nport = 8001\n');
    const loaded = await load({ LOGGING__LEVEL: 'ERROR' });
    expect(loaded.settings.server.port).toBe(8001);
    expect(loaded.settings.server.host).toBe('10.0.0.1');
    expect(loaded.settings.logging.level).toBe('ERROR');
  });

  it('plugins.<name> tables deep-merge file and env', async () => {
    write(
      path.join(cwd, 'ccproxy.toml'),
      '[plugins.claude_api]\nbase_url = "https://file.example"\ntimeout = 5\n[plugins.codex]\nenabled = false\n',
    );
    const loaded = await load({
      PLUGINS__CLAUDE_API__BASE_URL: 'http://127.0.0.1:9999',
      PLUGINS__X__LIST: '["a"]',
      PLUGINS__X__FLAG: 'false',
      PLUGINS__X__NAME: 'hello world',
      PLUGINS__X__COUNT: '3',
      plugins__x__obj: '{"y":1}',
    });
    expect(loaded.settings.plugins).toEqual({
      claude_api: { base_url: 'http://127.0.0.1:9999', timeout: 5 },
      codex: { enabled: false },
      x: { list: ['a'], flag: false, name: 'hello world', count: 3, obj: { y: 1 } },
    });
  });

  it('reads top-level scalars by name, accepts comma lists for list fields, keeps string fields as strings', async () => {
    const loaded = await load({
      ENABLED_PLUGINS: 'claude_api, codex',
      DISABLED_PLUGINS: '["analytics"]',
      ENABLE_PLUGINS: 'false',
      PLUGIN_PACKAGES: '@acme/ccproxy-plugin-x',
      PLUGIN_INIT_TIMEOUT_SECONDS: '12.5',
      CORS__ORIGINS: 'https://a.example,https://b.example',
      SECURITY__AUTH_TOKEN: '12345',
      SERVER__HOST: '"::1"',
    });
    expect(loaded.settings.enabled_plugins).toEqual(['claude_api', 'codex']);
    expect(loaded.settings.disabled_plugins).toEqual(['analytics']);
    expect(loaded.settings.enable_plugins).toBe(false);
    expect(loaded.settings.plugin_packages).toEqual(['@acme/ccproxy-plugin-x']);
    expect(loaded.settings.plugin_init_timeout_seconds).toBe(12.5);
    expect(loaded.settings.cors.origins).toEqual(['https://a.example', 'https://b.example']);
    expect(loaded.settings.security.auth_token).toBe('12345');
    expect(loaded.settings.server.host).toBe('::1');
  });

  it('ignores env vars outside the settings (PATH, HOME, HTTP_PROXY) and empty values', async () => {
    const loaded = await load({ PATH: '/usr/bin', HOME: '/root', HTTP_PROXY: 'http://p', SERVER__PORT: '' });
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warnings.some((w) => w.includes('Unknown'))).toBe(false);
  });

  it('stores logging.level upper-case and logging.format lower-case', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[logging]\nlevel = "trace"\nformat = "JSON"\n');
    const loaded = await load();
    expect(loaded.settings.logging.level).toBe('TRACE');
    expect(loaded.settings.logging.format).toBe('json');
  });

  it('warns about server.workers > 1 and server.reload', async () => {
    const loaded = await load({ SERVER__WORKERS: '4', SERVER__RELOAD: 'true' });
    expect(loaded.warnings.join('\n')).toMatch(/server\.workers = 4 is ignored/);
    expect(loaded.warnings.join('\n')).toMatch(/server\.reload is ignored/);
  });
});

describe('config file lookup', () => {
  const lookup = (env: Record<string, string> = {}) => findConfigFile({ cwd, env, home });

  it('follows ./.ccproxy.toml > ./ccproxy.toml > git root > XDG config', () => {
    expect(lookup()).toBeNull();
    const xdgDefault = write(path.join(home, '.config', 'ccproxy', 'config.toml'), '');
    expect(lookup()).toBe(xdgDefault);
    const xdgCustom = write(path.join(root, 'xdg', 'ccproxy', 'config.toml'), '');
    expect(lookup({ XDG_CONFIG_HOME: path.join(root, 'xdg') })).toBe(xdgCustom);
    // a git root is only considered when there is a .git entry
    const gitPlain = write(path.join(repo, 'ccproxy.toml'), '');
    expect(lookup()).toBe(xdgDefault);
    mkdirSync(path.join(repo, '.git'));
    expect(lookup()).toBe(gitPlain);
    const gitDot = write(path.join(repo, '.ccproxy.toml'), '');
    expect(lookup()).toBe(gitDot);
    const cwdPlain = write(path.join(cwd, 'ccproxy.toml'), '');
    expect(lookup()).toBe(cwdPlain);
    const cwdDot = write(path.join(cwd, '.ccproxy.toml'), '');
    expect(lookup()).toBe(cwdDot);
    // a directory with the right name is not a config file
    rmSync(cwdDot);
    mkdirSync(cwdDot);
    expect(lookup()).toBe(cwdPlain);
  });

  it('CONFIG_FILE wins over the lookup, CCPROXY_CONFIG over CONFIG_FILE, the explicit path over both', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[server]\nport = 1001\n');
    const a = write(path.join(root, 'a.toml'), '[server]\nport = 1002\n');
    const b = write(path.join(root, 'b.toml'), '[server]\nport = 1003\n');
    const c = write(path.join(root, 'c.toml'), '[server]\nport = 1004\n');
    expect((await load()).settings.server.port).toBe(1001);
    expect((await load({ CONFIG_FILE: a })).settings.server.port).toBe(1002);
    expect((await load({ CONFIG_FILE: a, CCPROXY_CONFIG: b })).settings.server.port).toBe(1003);
    const explicit = await load({ CONFIG_FILE: a, CCPROXY_CONFIG: b }, { configFile: c });
    expect(explicit.settings.server.port).toBe(1004);
    expect(explicit.configFile).toBe(c);
  });

  it('resolves relative and ~ paths named by env vars, and reads CONFIG_FILE from .env', async () => {
    write(path.join(home, 'cfg', 'x.toml'), '[server]\nport = 2001\n');
    write(path.join(cwd, 'rel.toml'), '[server]\nport = 2002\n');
    expect((await load({ CONFIG_FILE: '~/cfg/x.toml' })).settings.server.port).toBe(2001);
    expect((await load({ CONFIG_FILE: 'rel.toml' })).settings.server.port).toBe(2002);
    write(path.join(cwd, '.env'), 'CONFIG_FILE=rel.toml\n');
    expect((await load()).settings.server.port).toBe(2002);
  });

  it('a missing explicit path or env-named path is an error', async () => {
    const missing = path.join(root, 'nope.toml');
    const explicit = await configError(load({}, { configFile: missing }));
    expect(explicit.message).toContain(`Config file not found: ${missing}`);
    const fromEnv = await configError(load({ CONFIG_FILE: missing }));
    expect(fromEnv.message).toContain(missing);
    expect(fromEnv.message).toContain('CONFIG_FILE');
    const fromCcproxyEnv = await configError(load({ CCPROXY_CONFIG: missing }));
    expect(fromCcproxyEnv.message).toContain('CCPROXY_CONFIG');
  });

  it('only .toml files are accepted', async () => {
    const json = write(path.join(root, 'config.json'), '{}');
    const error = await configError(load({}, { configFile: json }));
    expect(error.message).toContain('Unsupported config file format: .json. Only TOML (.toml) files are supported.');
  });

  it('invalid TOML names the file, line and column', async () => {
    const file = write(path.join(cwd, 'ccproxy.toml'), '[server]\nport = 8001\nhost = "oops\n');
    const error = await configError(load());
    expect(error.message).toMatch(/^Invalid TOML syntax in /);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/line 3, column \d+/);
  });

  it('an unreadable file is reported as such', async () => {
    mkdirSync(path.join(root, 'dir.toml'));
    const error = await configError(load({}, { configFile: path.join(root, 'dir.toml') }));
    expect(error.message).toContain(`Cannot read TOML config file ${path.join(root, 'dir.toml')}`);
  });
});

describe('validation errors and warnings', () => {
  it('reports every invalid key in one ConfigError with value, allowed range and source', async () => {
    const file = write(path.join(cwd, 'ccproxy.toml'), '[server]\nport = 70000\n[logging]\nlevel = "LOUD"\n');
    const error = await configError(load({ CORS__MAX_AGE: '-5', SCHEDULER__ENABLED: 'maybe' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^Invalid configuration:\n/);
    expect(error.message).toContain(
      `  server.port: 70000 is not allowed (must be an integer from 1 to 65535); set by config file ${file}`,
    );
    expect(error.message).toContain(
      '  logging.level: "LOUD" is not allowed (must be one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL)',
    );
    expect(error.message).toContain(
      '  cors.max_age: -5 is not allowed (must be an integer >= 0); set by environment variable CORS__MAX_AGE',
    );
    expect(error.message).toContain('  scheduler.enabled: "maybe" is not allowed (must be true or false)');
    const byPath = Object.fromEntries(error.issues.map((issue) => [issue.path, issue.value]));
    expect(byPath).toEqual({ 'server.port': 70000, 'logging.level': 'LOUD', 'cors.max_age': -5, 'scheduler.enabled': 'maybe' });
  });

  it('never prints a secret value in a validation error', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[security]\nauth_token = ["sk-very-secret-value"]\n');
    const error = await configError(load());
    expect(error.message).toContain('security.auth_token: ******** is not allowed (must be a string)');
    expect(error.message).not.toContain('sk-very-secret-value');
    expect(JSON.stringify(error.issues)).not.toContain('sk-very-secret-value');
  });

  it('removed keys in the file or env fail with old → new keys', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[scheduler]\npushgateway_url = "http://pg"\n[observability]\nmetrics = true\n');
    const error = await configError(load({ SCHEDULER__PUSHGATEWAY_JOB: 'x', SCHEDULER__PUSHGATEWAY_EXTRA: '1' }));
    expect(error.message).toMatch(/removed keys/);
    expect(error.message).toContain('scheduler.pushgateway_url');
    expect(error.message).toContain('→ plugins.metrics.pushgateway_url');
    expect(error.message).toContain('observability (config file');
    expect(error.message).toContain('scheduler.pushgateway_job (environment variable SCHEDULER__PUSHGATEWAY_JOB) → plugins.metrics.pushgateway_job');
    expect(error.message).toContain('scheduler.pushgateway_extra (environment variable SCHEDULER__PUSHGATEWAY_EXTRA) → plugins.metrics.pushgateway_extra');
    rmSync(path.join(cwd, 'ccproxy.toml'));
    const envOnly = await configError(load({ OBSERVABILITY__LOGS_ENABLED: 'true' }));
    expect(envOnly.message).toContain('observability (environment variable OBSERVABILITY__LOGS_ENABLED)');
  });

  it('unknown keys produce one warning with did-you-mean suggestions, never an error', async () => {
    write(path.join(cwd, 'ccproxy.toml'), '[server]\nprot = 9000\nlog_level = "DEBUG"\n[securty]\nauth_token = "x"\n[plugins.custom]\nanything = 1\n');
    const loaded = await load({ LOGGING__LEVLE: 'DEBUG' });
    expect(loaded.settings.server.port).toBe(8000);
    const unknownWarnings = loaded.warnings.filter((w) => w.startsWith('Unknown configuration keys'));
    expect(unknownWarnings).toHaveLength(1);
    const warning = unknownWarnings[0]!;
    expect(warning).toMatch(/server\.prot \(config file .*ccproxy\.toml\); did you mean server\.port\?/);
    expect(warning).toMatch(/server\.log_level \(config file [^)]*\)\n/);
    expect(warning).toContain('securty');
    expect(warning).toContain('did you mean security?');
    expect(warning).toContain('logging.levle (environment variable LOGGING__LEVLE); did you mean logging.level?');
    expect(warning).not.toContain('plugins');
  });
});

describe('validateSection', () => {
  const schema = z.object({
    base_url: z.url().default('https://chatgpt.com/backend-api/codex'),
    retries: z.number().int().min(0).default(2),
    api_key: z.string().optional(),
  });

  it('returns the parsed value with defaults, and validates an absent section as {}', () => {
    expect(validateSection(schema, { retries: 5 }, 'plugins.codex')).toEqual({
      base_url: 'https://chatgpt.com/backend-api/codex',
      retries: 5,
    });
    expect(validateSection(schema, undefined, 'plugins.codex').retries).toBe(2);
  });

  it('throws a ConfigError with dotted paths, messages and (masked) values', () => {
    let caught: unknown;
    try {
      validateSection(schema, { base_url: 'not a url', retries: -1, api_key: 42 }, 'plugins.codex');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'plugins.codex.api_key',
      'plugins.codex.base_url',
      'plugins.codex.retries',
    ]);
    expect(error.issues.find((issue) => issue.path === 'plugins.codex.base_url')?.value).toBe('not a url');
    expect(error.issues.find((issue) => issue.path === 'plugins.codex.api_key')?.value).toBe('********');
    expect(error.message).toMatch(/^Invalid configuration for plugins\.codex:\n {2}plugins\.codex\./);
    expect(error.message).toContain('(got "not a url")');
    expect(error.message).not.toContain('42');
  });

  it('refuses asynchronous schemas', () => {
    const asyncSchema = z.object({ a: z.string() }).refine(async () => true);
    expect(() => validateSection(asyncSchema, { a: 'x' }, 'plugins.a')).toThrow(/asynchronous/);
  });
});

describe('maskSecrets', () => {
  it('masks configured paths and secret-looking plugin keys, without mutating the input', () => {
    const input = {
      security: { auth_token: 'tok-1', confirmation_timeout_seconds: 30 },
      server: { port: 8000 },
      plugins: {
        oauth_claude: { token_url: 'https://x/token', client_secret: 's1', nested: { accessToken: 'a1', list: [{ api_key: 'k1' }] } },
        claude_api: { max_tokens: 100, 'x-api-key': 'k2', password: null },
      },
    };
    const snapshot = structuredClone(input);
    expect(maskSecrets(input, ['security.auth_token'])).toEqual({
      security: { auth_token: '********', confirmation_timeout_seconds: 30 },
      server: { port: 8000 },
      plugins: {
        oauth_claude: {
          token_url: 'https://x/token',
          client_secret: '********',
          nested: { accessToken: '********', list: [{ api_key: '********' }] },
        },
        claude_api: { max_tokens: 100, 'x-api-key': '********', password: null },
      },
    });
    expect(input).toEqual(snapshot);
  });

  it('supports * segments and leaves unset secrets visible as null', () => {
    expect(maskSecrets({ a: { x: { key: 'v' }, y: { key: 'w' } }, s: { auth_token: null } }, ['a.*.key', 's.auth_token'])).toEqual({
      a: { x: { key: '********' }, y: { key: '********' } },
      s: { auth_token: null },
    });
  });
});

describe('helpers', () => {
  it('resolveAppPaths follows XDG with ccproxy subfolders and ignores relative XDG values', () => {
    expect(resolveAppPaths({}, '/h')).toEqual({
      home: '/h',
      configDir: '/h/.config/ccproxy',
      dataDir: '/h/.local/share/ccproxy',
      cacheDir: '/h/.cache/ccproxy',
    });
    expect(resolveAppPaths({ XDG_CONFIG_HOME: '/c', XDG_DATA_HOME: '/d', XDG_CACHE_HOME: 'relative' }, '/h')).toEqual({
      home: '/h',
      configDir: '/c/ccproxy',
      dataDir: '/d/ccproxy',
      cacheDir: '/h/.cache/ccproxy',
    });
  });

  it('levenshtein and didYouMean', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(didYouMean('prot', ['host', 'port'])).toBe('port');
    expect(didYouMean('completely', ['host', 'port'])).toBeUndefined();
  });

  it('coerceEnvValue follows the schema kind', () => {
    expect(coerceEnvValue('1')).toBe(1);
    expect(coerceEnvValue('1', 'string')).toBe('1');
    expect(coerceEnvValue('null', 'string')).toBeNull();
    expect(coerceEnvValue('a, b,,c', 'list')).toEqual(['a', 'b', 'c']);
    expect(coerceEnvValue('["x,y"]', 'list')).toEqual(['x,y']);
    expect(coerceEnvValue('not json')).toBe('not json');
  });

  it('parseDotenv handles quotes, escapes, comments and multi-line values', () => {
    expect(
      parseDotenv('A=1\n# c\nexport B = "two words" \nC=\'lit $x \\n\'\nD="line1\\nline2"\nE=v # trailing\nF="multi\nline"\nnoequals\n'),
    ).toEqual({ A: '1', B: 'two words', C: 'lit $x \\n', D: 'line1\nline2', E: 'v', F: 'multi\nline' });
  });
});
