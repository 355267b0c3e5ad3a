import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { AppPaths } from '../declaration/services.js';
import { ConfigError } from '../errors/ccproxy-error.js';

export interface ConfigLookupOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  home: string;
}

/** How the config file was selected (core.md §9.2), for messages. */
export type ConfigFileSource = 'explicit' | 'CCPROXY_CONFIG' | 'CONFIG_FILE' | 'cwd' | 'git-root' | 'user-config';

export interface LocatedConfigFile {
  path: string;
  source: ConfigFileSource;
}

/** Env vars that name a config file, highest precedence first. */
export const CONFIG_FILE_ENV_VARS = ['CCPROXY_CONFIG', 'CONFIG_FILE'] as const;

const LOCAL_NAMES = ['.ccproxy.toml', 'ccproxy.toml'] as const;

/** An XDG base directory from the env when it is set and absolute (the XDG spec ignores relative values). */
function xdgDir(env: Record<string, string | undefined>, name: string, home: string, fallback: string[]): string {
  const value = env[name];
  if (value !== undefined && value !== '' && path.isAbsolute(value)) return value;
  return path.join(home, ...fallback);
}

/** Per-user folders: `$XDG_*_HOME/ccproxy`, defaulting to `~/.config`, `~/.local/share`, `~/.cache`. */
export function resolveAppPaths(env: Record<string, string | undefined>, home: string): AppPaths {
  return {
    home,
    configDir: path.join(xdgDir(env, 'XDG_CONFIG_HOME', home, ['.config']), 'ccproxy'),
    dataDir: path.join(xdgDir(env, 'XDG_DATA_HOME', home, ['.local', 'share']), 'ccproxy'),
    cacheDir: path.join(xdgDir(env, 'XDG_CACHE_HOME', home, ['.cache']), 'ccproxy'),
  };
}

/** Expands a leading `~` and resolves relative paths against `cwd`. */
export function resolveUserPath(value: string, cwd: string, home: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith(`~${path.sep}`)) return path.join(home, value.slice(2));
  return path.resolve(cwd, value);
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** Walks up from `start` to the first directory containing a `.git` entry (dir or file, for worktrees). */
export function findGitRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    try {
      statSync(path.join(dir, '.git'));
      return dir;
    } catch {
      // not here, go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The config file that applies, and why (core.md §9.2): `CCPROXY_CONFIG` > `CONFIG_FILE` > `./.ccproxy.toml` >
 * `./ccproxy.toml` > `<git root>/.ccproxy.toml` > `<git root>/ccproxy.toml` > `$XDG_CONFIG_HOME/ccproxy/config.toml`.
 * A path named by an env var is returned even when it does not exist (loading it then fails loudly);
 * the other candidates must be existing regular files.
 */
export function locateConfigFile(options: ConfigLookupOptions): LocatedConfigFile | null {
  const { cwd, env, home } = options;
  for (const name of CONFIG_FILE_ENV_VARS) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') {
      return { path: resolveUserPath(value.trim(), cwd, home), source: name };
    }
  }
  const dir = path.resolve(cwd);
  for (const name of LOCAL_NAMES) {
    const candidate = path.join(dir, name);
    if (isFile(candidate)) return { path: candidate, source: 'cwd' };
  }
  const gitRoot = findGitRoot(dir);
  if (gitRoot !== null && gitRoot !== dir) {
    for (const name of LOCAL_NAMES) {
      const candidate = path.join(gitRoot, name);
      if (isFile(candidate)) return { path: candidate, source: 'git-root' };
    }
  }
  const userConfig = path.join(resolveAppPaths(env, home).configDir, 'config.toml');
  if (isFile(userConfig)) return { path: userConfig, source: 'user-config' };
  return null;
}

/** Path of the config file that applies (see {@link locateConfigFile}), or `null` when there is none. */
export function findConfigFile(options: ConfigLookupOptions): string | null {
  return locateConfigFile(options)?.path ?? null;
}

function describeSource(source: ConfigFileSource): string {
  switch (source) {
    case 'explicit':
      return ' (given with --config)';
    case 'CCPROXY_CONFIG':
    case 'CONFIG_FILE':
      return ` (named by the ${source} environment variable)`;
    default:
      return '';
  }
}

function assertToml(file: string): void {
  const ext = path.extname(file);
  if (ext.toLowerCase() !== '.toml') {
    throw new ConfigError(
      `Unsupported config file format: ${ext === '' ? '(no extension)' : ext}. Only TOML (.toml) files are supported. File: ${file}`,
      [{ path: '', message: 'unsupported config file format', value: file }],
    );
  }
}

/** Converts smol-toml values into plain JSON-like data (dates become their TOML/ISO text). */
function plain(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = plain(item);
    return out;
  }
  return value;
}

/** Parses TOML text; syntax errors become `Invalid TOML syntax in <file>: <message> (line L, column C)`. */
export function parseConfigText(text: string, file: string): Record<string, unknown> {
  try {
    return plain(parseToml(text)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const [headline = error.message] = error.message.split('\n');
      const reason = headline.replace(/^Invalid TOML document:\s*/, '');
      const location = `line ${error.line}, column ${error.column}`;
      const codeblock = error.codeblock.trimEnd();
      throw new ConfigError(
        `Invalid TOML syntax in ${file}: ${reason} (${location})${codeblock === '' ? '' : `\n${codeblock}`}`,
        [{ path: '', message: `${reason} (${location})`, value: file }],
        { cause: error },
      );
    }
    throw error;
  }
}

/** Reads and parses a config file; every failure is a `ConfigError` naming the file. */
export async function readConfigFile(located: LocatedConfigFile): Promise<Record<string, unknown>> {
  const file = located.path;
  assertToml(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(`Config file not found: ${file}${describeSource(located.source)}`, [
        { path: '', message: 'config file not found', value: file },
      ]);
    }
    const reason = code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Cannot read TOML config file ${file}: ${reason}`, [{ path: '', message: reason, value: file }], {
      cause: error,
    });
  }
  return parseConfigText(text.replace(/^\uFEFF/, ''), file);
}
