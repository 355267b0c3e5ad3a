import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { StandardSchemaV1 } from '../declaration/standard-schema.js';
import { ConfigError, type ConfigIssue } from '../errors/ccproxy-error.js';
import {
  locateConfigFile,
  readConfigFile,
  resolveAppPaths,
  resolveUserPath,
  type LocatedConfigFile,
} from './config-file.js';
import { didYouMean } from './did-you-mean.js';
import { envToTree, readDotenv, type EnvTree, type LeafKind } from './env-settings.js';
import { SECRET_SETTING_PATHS, settingsSchema, type Settings, type SettingsInput } from './settings-schema.js';

export { findConfigFile, locateConfigFile, resolveAppPaths } from './config-file.js';

/** Every key optional, recursively; arrays are replaced as a whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

export interface LoadSettingsOptions {
  /** Explicit path (`--config`): must exist, else `ConfigError`. */
  configFile?: string;
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Defaults to `process.cwd()`. */
  cwd?: string;
  /** Defaults to `os.homedir()`. */
  home?: string;
  /** CLI flags / programmatic values: highest precedence, deep-merged (tables) or replacing (scalars, arrays). */
  overrides?: DeepPartial<SettingsInput>;
}

export interface LoadedSettings {
  settings: Settings;
  /** Absolute path of the TOML file that was read, `null` when none applied. */
  configFile: string | null;
  /** Non-fatal findings for the caller to log (missing config file, unknown keys, ignored settings). */
  warnings: string[];
}

export interface RemovedSetting {
  /** Dotted key; a trailing `*` matches every key with that prefix. */
  readonly key: string;
  readonly replacement: string;
}

/** Keys that once existed and now refuse to load (core.md §9.5). */
export const REMOVED_SETTINGS: readonly RemovedSetting[] = [
  { key: 'scheduler.pushgateway_enabled', replacement: 'plugins.metrics.pushgateway_enabled' },
  { key: 'scheduler.pushgateway_url', replacement: 'plugins.metrics.pushgateway_url' },
  { key: 'scheduler.pushgateway_job', replacement: 'plugins.metrics.pushgateway_job' },
  { key: 'scheduler.pushgateway_interval_seconds', replacement: 'plugins.metrics.pushgateway_push_interval' },
  { key: 'scheduler.pushgateway_*', replacement: 'plugins.metrics.pushgateway_*' },
  { key: 'observability', replacement: 'plugins.metrics.* (metrics) and plugins.analytics.* (request logs)' },
];

export const SECRET_MASK = '********';

// ---------------------------------------------------------------------------------------------------------------
// Small object helpers

type Tree = Record<string, unknown>;

function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getPath(root: unknown, segments: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** Deep-merges `source` into `target` (mutating): tables merge per key, everything else replaces; `undefined` skips. */
function deepMerge(target: Tree, source: unknown): Tree {
  if (!isPlainObject(source)) return target;
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const existing = target[key];
    if (isPlainObject(value)) {
      target[key] = deepMerge(isPlainObject(existing) ? existing : {}, value);
    } else {
      target[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
  }
  return target;
}

function cloneTree(value: Tree): Tree {
  return deepMerge({}, value);
}

// ---------------------------------------------------------------------------------------------------------------
// Schema introspection (zod 4 definitions): what type sits at a dotted path

interface SchemaNode {
  readonly _zod: { readonly def: SchemaDef };
}
interface SchemaDef {
  readonly type: string;
  readonly innerType?: SchemaNode;
  readonly in?: SchemaNode;
  readonly out?: SchemaNode;
  readonly shape?: Record<string, SchemaNode>;
  readonly valueType?: SchemaNode;
  readonly element?: SchemaNode;
  readonly entries?: Record<string, string | number>;
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);
const rootSchema = settingsSchema as unknown as SchemaNode;

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else return current;
  }
}

function schemaAt(segments: readonly PropertyKey[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = rootSchema;
  for (const segment of segments) {
    if (node === undefined) return undefined;
    const def: SchemaDef = unwrap(node)._zod.def;
    if (def.type === 'object') node = def.shape?.[String(segment)];
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'array' && typeof segment === 'number') node = def.element;
    else return undefined;
  }
  return node;
}

function leafKind(dotted: string): LeafKind {
  const node = schemaAt(dotted.split('.'));
  if (node === undefined) return 'other';
  const type = unwrap(node)._zod.def.type;
  if (type === 'string') return 'string';
  if (type === 'array') return 'list';
  return 'other';
}

/** Upper bound beyond which zod's integer formats add implicit (uninteresting) bounds. */
const HUGE = Number.MAX_SAFE_INTEGER;

function describeNumber(node: SchemaNode): string {
  let json: Record<string, unknown> = {};
  try {
    json = z.toJSONSchema(node as unknown as z.ZodType, { unrepresentable: 'any' });
  } catch {
    // fall through to a generic description
  }
  const noun = json.type === 'integer' ? 'an integer' : 'a number';
  const bound = (key: string): number | undefined => {
    const value = json[key];
    return typeof value === 'number' && Math.abs(value) < HUGE ? value : undefined;
  };
  const min = bound('minimum');
  const max = bound('maximum');
  const exclusiveMin = bound('exclusiveMinimum');
  const exclusiveMax = bound('exclusiveMaximum');
  if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`>= ${min}`);
  if (exclusiveMin !== undefined) parts.push(exclusiveMin === 0 ? 'greater than 0' : `> ${exclusiveMin}`);
  if (max !== undefined) parts.push(`<= ${max}`);
  if (exclusiveMax !== undefined) parts.push(`< ${exclusiveMax}`);
  return parts.length === 0 ? noun : `${noun} ${parts.join(' and ')}`;
}

/** A human description of what a schema accepts: "an integer from 1 to 65535", "true or false", … */
function describeExpected(node: SchemaNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  let current = node;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out !== undefined && def.in !== undefined) {
      const out = unwrap(def.out)._zod.def;
      if (out.type === 'enum' && out.entries !== undefined) {
        return `one of ${Object.values(out.entries).join(', ')}`;
      }
      current = def.in;
    } else {
      break;
    }
  }
  const def = current._zod.def;
  switch (def.type) {
    case 'number':
      return describeNumber(current);
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    case 'array': {
      const element = def.element === undefined ? undefined : describeExpected(def.element);
      return element === 'a string' ? 'a list of strings' : 'a list';
    }
    case 'object':
    case 'record':
      return 'a table';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets

/** Key names that hold secrets anywhere under `plugins.*` (`api_key`, `client_secret`, `accessToken`, …). */
const SECRET_KEY_PATTERN = /(^|_)(token|secret|password|passwd|api_?key|apikey|private_key|authorization|cookie)$/;

export function isSecretKey(key: string): boolean {
  const normalized = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/-/g, '_');
  return SECRET_KEY_PATTERN.test(normalized);
}

function pathMatches(pattern: readonly string[], segments: readonly string[]): boolean {
  return pattern.length === segments.length && pattern.every((part, index) => part === '*' || part === segments[index]);
}

function isSecretPath(segments: readonly string[], secretPaths: readonly string[]): boolean {
  if (secretPaths.some((secret) => pathMatches(secret.split('.'), segments))) return true;
  return segments.length >= 3 && segments[0] === 'plugins' && segments.slice(2).some(isSecretKey);
}

/**
 * A deep copy of `value` with secrets replaced by `********`: the dotted `secretPaths` (`*` matches one segment)
 * and, under `plugins.*`, any key named like a token, secret, password or API key. `null`/`undefined` stay as they
 * are (they show that nothing is set).
 */
export function maskSecrets(value: unknown, secretPaths: readonly string[] = SECRET_SETTING_PATHS): unknown {
  const walk = (node: unknown, segments: string[]): unknown => {
    if (segments.length > 0 && node !== null && node !== undefined && isSecretPath(segments, secretPaths)) {
      return SECRET_MASK;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...segments, String(index)]));
    if (isPlainObject(node)) {
      const out: Tree = {};
      for (const [key, item] of Object.entries(node)) out[key] = walk(item, [...segments, key]);
      return out;
    }
    return node;
  };
  return walk(value, []);
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

function formatValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // circular or bigint
  }
  text ??= typeof value === 'bigint' ? value.toString() : `<${typeof value}>`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function segmentsOf(issuePath: ReadonlyArray<PropertyKey | StandardSchemaV1.PathSegment> | undefined): PropertyKey[] {
  return (issuePath ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment));
}

function joinPath(prefix: string, segments: readonly PropertyKey[]): string {
  return [prefix, ...segments.map(String)].filter((part) => part !== '').join('.');
}

/**
 * Validates one settings section with any Standard Schema (zod, valibot, …). Issues become one `ConfigError` whose
 * `issues` carry dotted paths (`plugins.codex.base_url`). An absent section (`undefined`) validates as `{}`.
 * Asynchronous schemas are refused: configuration is validated synchronously at startup.
 */
export function validateSection<T>(schema: StandardSchemaV1<unknown, T>, input: unknown, keyPrefix: string): T {
  const value = input === undefined ? {} : input;
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    throw new ConfigError(`Invalid configuration for ${keyPrefix}: asynchronous schemas are not supported`, [
      { path: keyPrefix, message: 'asynchronous schemas are not supported' },
    ]);
  }
  if (result.issues === undefined) return result.value;
  const issues: ConfigIssue[] = result.issues.map((issue) => {
    const segments = segmentsOf(issue.path);
    const dotted = joinPath(keyPrefix, segments);
    const raw = getPath(value, segments);
    const secret = segments.some((segment) => isSecretKey(String(segment)));
    return { path: dotted, message: issue.message, value: secret && raw !== undefined ? SECRET_MASK : raw };
  });
  const lines = issues.map((issue) => {
    const got = issue.value === undefined ? '' : ` (got ${formatValue(issue.value)})`;
    return `  ${issue.path || keyPrefix}: ${issue.message}${got}`;
  });
  throw new ConfigError(`Invalid configuration for ${keyPrefix}:\n${lines.join('\n')}`, issues);
}

// ---------------------------------------------------------------------------------------------------------------
// Layers: where each value came from, for messages

interface Layer {
  readonly tree: Tree;
  /** Which source set `segments` (or one of its parent tables); `undefined` when this layer did not. */
  describe(segments: readonly string[]): string | undefined;
}

function treeLayer(tree: Tree, label: string): Layer {
  return {
    tree,
    describe: (segments) => {
      for (let length = segments.length; length > 0; length--) {
        if (getPath(tree, segments.slice(0, length)) !== undefined) return label;
      }
      return undefined;
    },
  };
}

function envLayer(env: EnvTree, label: (name: string) => string): Layer {
  return {
    tree: env.tree,
    describe: (segments) => {
      for (let length = segments.length; length > 0; length--) {
        const name = env.origins.get(segments.slice(0, length).join('.'));
        if (name !== undefined) return label(name);
      }
      // a table set through its children (`OBSERVABILITY__X` for `observability`)
      const prefix = `${segments.join('.')}.`;
      for (const [dotted, name] of env.origins) if (dotted.startsWith(prefix)) return label(name);
      return undefined;
    },
  };
}

/** Highest-precedence layer that set a path; layers are ordered lowest first. */
function originOf(layers: readonly Layer[], segments: readonly string[]): string | undefined {
  for (let index = layers.length - 1; index >= 0; index--) {
    const label = layers[index]?.describe(segments);
    if (label !== undefined) return label;
  }
  return undefined;
}

interface RemovedHit {
  readonly key: string;
  readonly origin: string;
  readonly replacement: string;
}

function findRemovedKeys(layers: readonly Layer[]): RemovedHit[] {
  const found: RemovedHit[] = [];
  const seen = new Set<string>();
  for (const layer of layers) {
    for (const removed of REMOVED_SETTINGS) {
      const segments = removed.key.split('.');
      const last = segments[segments.length - 1] ?? '';
      const hits: string[][] = [];
      if (last.endsWith('*')) {
        const parent = getPath(layer.tree, segments.slice(0, -1));
        const prefix = last.slice(0, -1);
        if (isPlainObject(parent)) {
          for (const key of Object.keys(parent)) {
            if (key.startsWith(prefix)) hits.push([...segments.slice(0, -1), key]);
          }
        }
      } else if (getPath(layer.tree, segments) !== undefined) {
        hits.push(segments);
      }
      for (const hit of hits) {
        const dotted = hit.join('.');
        const replacement = last.endsWith('*')
          ? removed.replacement.replace(/\*$/, (hit[hit.length - 1] ?? '').slice(last.length - 1))
          : removed.replacement;
        const origin = layer.describe(hit) ?? 'configuration';
        if (!seen.has(`${dotted}\0${origin}`)) {
          seen.add(`${dotted}\0${origin}`);
          found.push({ key: dotted, origin, replacement });
        }
      }
    }
  }
  return found;
}

interface UnknownKey {
  readonly segments: string[];
  readonly suggestion: string | undefined;
}

function findUnknownKeys(input: unknown, node: SchemaNode, segments: string[], out: UnknownKey[]): void {
  if (!isPlainObject(input)) return;
  const def = unwrap(node)._zod.def;
  if (def.type !== 'object' || def.shape === undefined) return; // records (plugins.*) are validated elsewhere
  const shape = def.shape;
  for (const [key, value] of Object.entries(input)) {
    const child = shape[key];
    if (child === undefined) {
      const match = didYouMean(key, Object.keys(shape));
      out.push({
        segments: [...segments, key],
        suggestion: match === undefined ? undefined : [...segments, match].join('.'),
      });
    } else {
      findUnknownKeys(value, child, [...segments, key], out);
    }
  }
}

function formatSettingsIssues(
  issues: readonly z.core.$ZodIssue[],
  merged: Tree,
  layers: readonly Layer[],
): { issues: ConfigIssue[]; lines: string[] } {
  const result: ConfigIssue[] = [];
  const lines: string[] = [];
  for (const issue of issues) {
    const segments = issue.path.map(String);
    const dotted = segments.join('.');
    const raw = getPath(merged, issue.path);
    const secret = raw !== undefined && raw !== null && isSecretPath(segments, SECRET_SETTING_PATHS);
    const shown = secret ? SECRET_MASK : formatValue(raw);
    let expected: string | undefined;
    if (issue.code === 'invalid_value' && issue.values.length > 0) {
      expected = `one of ${issue.values.map(String).join(', ')}`;
    } else {
      expected = describeExpected(schemaAt(issue.path));
    }
    const message =
      expected === undefined ? `${shown} is not allowed (${issue.message})` : `${shown} is not allowed (must be ${expected})`;
    result.push({ path: dotted, message, value: secret ? SECRET_MASK : raw });
    const origin = originOf(layers, segments);
    lines.push(`  ${dotted}: ${message}${origin === undefined ? '' : `; set by ${origin}`}`);
  }
  return { issues: result, lines };
}

// ---------------------------------------------------------------------------------------------------------------
// loadSettings

const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(settingsSchema.shape),
  // read so that the removed-keys check can name them
  ...REMOVED_SETTINGS.map((removed) => removed.key.split('.')[0] ?? '').filter((key) => !key.includes('*')),
]);

/** Env values that are empty strings count as unset (docker-compose and shells often pass `VAR=`). */
function nonEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

function missingFileWarning(cwd: string, home: string, env: Record<string, string | undefined>): string {
  const userConfig = path.join(resolveAppPaths(env, home).configDir, 'config.toml');
  return (
    `config_file_missing: no config file found (looked for .ccproxy.toml and ccproxy.toml in ${cwd} and the git root, ` +
    `and ${userConfig}); using defaults and the environment. Run \`ccproxy config init\` to create one.`
  );
}

/**
 * Resolves the settings (core.md §9): defaults < `.env` < TOML file < process env < overrides, merged per key.
 * Throws one `ConfigError` for an unreadable/invalid file, removed keys, or values the schema refuses (each with
 * its dotted key, the value, what is allowed and where it was set). Unknown keys only produce a warning.
 * `plugins.<id>` tables are merged but not validated here (the registry validates them with each plugin's schema).
 */
export async function loadSettings(options: LoadSettingsOptions = {}): Promise<LoadedSettings> {
  const processEnv = nonEmpty(options.env ?? process.env);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const home = options.home ?? os.homedir();
  const warnings: string[] = [];

  // .env (lowest env layer; the process env wins over it)
  const dotenv = await readDotenv(cwd);
  let dotenvVars: Record<string, string> = {};
  if (dotenv !== null) {
    if ('error' in dotenv) warnings.push(`Cannot read ${dotenv.file}: ${dotenv.error}`);
    else dotenvVars = nonEmpty(dotenv.vars);
  }
  const lookupEnv = { ...dotenvVars, ...processEnv };

  // config file
  let located: LocatedConfigFile | null;
  if (options.configFile !== undefined && options.configFile !== '') {
    located = { path: resolveUserPath(options.configFile, cwd, home), source: 'explicit' };
  } else {
    located = locateConfigFile({ cwd, env: lookupEnv, home });
  }
  const fileTree = located === null ? {} : await readConfigFile(located);
  if (located === null) warnings.push(missingFileWarning(cwd, home, lookupEnv));

  // layers, lowest precedence first
  const envOptions = { topLevelKeys: TOP_LEVEL_KEYS, kindAt: leafKind };
  const dotenvFile = dotenv?.file ?? path.join(cwd, '.env');
  const layers: Layer[] = [
    envLayer(envToTree(dotenvVars, envOptions), (name) => `${name} in ${dotenvFile}`),
    treeLayer(fileTree, `config file ${located?.path ?? ''}`),
    envLayer(envToTree(processEnv, envOptions), (name) => `environment variable ${name}`),
    treeLayer(isPlainObject(options.overrides) ? cloneTree(options.overrides) : {}, 'overrides'),
  ];

  const removed = findRemovedKeys(layers);
  if (removed.length > 0) {
    const lines = removed.map((hit) => `  ${hit.key} (${hit.origin}) → ${hit.replacement}`);
    throw new ConfigError(
      `Configuration uses removed keys; move them to their replacements:\n${lines.join('\n')}`,
      removed.map((hit) => ({ path: hit.key, message: `removed; use ${hit.replacement} instead (${hit.origin})` })),
    );
  }

  const merged: Tree = {};
  for (const layer of layers) deepMerge(merged, layer.tree);

  const unknown: UnknownKey[] = [];
  findUnknownKeys(merged, rootSchema, [], unknown);
  if (unknown.length > 0) {
    const lines = unknown.map(({ segments, suggestion }) => {
      const origin = originOf(layers, segments);
      const hint = suggestion === undefined ? '' : `; did you mean ${suggestion}?`;
      return `  ${segments.join('.')}${origin === undefined ? '' : ` (${origin})`}${hint}`;
    });
    warnings.push(`Unknown configuration keys (ignored):\n${lines.join('\n')}`);
  }

  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const { issues, lines } = formatSettingsIssues(parsed.error.issues, merged, layers);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, issues);
  }
  const settings = parsed.data;

  if (settings.server.workers > 1) {
    warnings.push(`server.workers = ${settings.server.workers} is ignored: ccproxy for Node runs in a single process.`);
  }
  if (settings.server.reload) {
    warnings.push('server.reload is ignored: run the server with `node --watch` for auto-reload.');
  }

  return { settings, configFile: located?.path ?? null, warnings };
}
