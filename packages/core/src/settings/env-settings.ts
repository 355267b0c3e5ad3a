import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What the schema expects at a dotted path; drives how an env string is turned into a value. */
export type LeafKind = 'string' | 'list' | 'other';

export interface EnvTree {
  /** Nested settings input built from the env vars (snake_case keys). */
  tree: Record<string, unknown>;
  /** Dotted settings path → the env var that set it. */
  origins: Map<string, string>;
}

export interface EnvTreeOptions {
  /** Lower-case top-level settings keys; env vars whose first segment is not one of them are ignored. */
  topLevelKeys: ReadonlySet<string>;
  /** Schema-aware coercion hint for a dotted path. */
  kindAt?: (dottedPath: string) => LeafKind;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Converts one env value (core.md §9.3): JSON when it is valid JSON, else the raw string. For string-typed
 * settings a JSON number/boolean stays the raw string (`SECURITY__AUTH_TOKEN=12345` is the token "12345");
 * for list-typed settings a non-JSON value is split on commas (`ENABLED_PLUGINS=a,b`).
 */
export function coerceEnvValue(raw: string, kind: LeafKind = 'other'): unknown {
  const parsed = tryJson(raw);
  switch (kind) {
    case 'string':
      return parsed.ok && (typeof parsed.value === 'string' || parsed.value === null) ? parsed.value : raw;
    case 'list':
      if (parsed.ok && (Array.isArray(parsed.value) || parsed.value === null)) return parsed.value;
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return parsed.ok ? parsed.value : raw;
  }
}

/**
 * Builds a nested settings input from env vars: `SERVER__PORT=9000` → `{server: {port: 9000}}`,
 * `PLUGINS__CLAUDE_API__BASE_URL=…` → `plugins.claude_api.base_url`. Names are case-insensitive, every segment is
 * lower-cased. Parents are applied before children so `SERVER='{"port":1}'` and `SERVER__HOST=x` combine.
 */
export function envToTree(env: Record<string, string | undefined>, options: EnvTreeOptions): EnvTree {
  const entries: { name: string; segments: string[]; raw: string }[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const segments = name.toLowerCase().split('__');
    if (segments.some((segment) => segment === '')) continue;
    if (!options.topLevelKeys.has(segments[0] ?? '')) continue;
    entries.push({ name, segments, raw });
  }
  entries.sort((a, b) => a.segments.length - b.segments.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const tree: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const { name, segments, raw } of entries) {
    const dotted = segments.join('.');
    const value = coerceEnvValue(raw, options.kindAt?.(dotted) ?? 'other');
    let node = tree;
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      if (isPlainObject(next)) {
        node = next;
      } else {
        const created: Record<string, unknown> = {};
        node[segment] = created;
        node = created;
      }
    }
    const leaf = segments[segments.length - 1] ?? '';
    const existing = node[leaf];
    node[leaf] = isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value;
    origins.set(dotted, name);
  }
  return { tree, origins };
}

function unescapeDoubleQuoted(value: string): string {
  return value.replace(/\\([nrt"\\$])/g, (_match, char: string) => {
    switch (char) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return char;
    }
  });
}

/**
 * Parses `.env` text: `KEY=value`, optional `export `, `#` comments (whole line, or after whitespace in an
 * unquoted value), single quotes (literal), double quotes (`\n`, `\t`, `\"`, `\\` escapes, may span lines),
 * backticks (literal). Lines without `=` are ignored.
 */
export function parseDotenv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const key = match[1] ?? '';
    let value = match[2] ?? '';
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = value.slice(1);
      let close = body.indexOf(quote);
      // double-quoted values may span lines; find an unescaped closing quote
      if (quote === '"') {
        close = findClosingDoubleQuote(body);
        while (close === -1 && index + 1 < lines.length) {
          index++;
          body += `\n${lines[index] ?? ''}`;
          close = findClosingDoubleQuote(body);
        }
      }
      if (close === -1) {
        value = body; // unterminated: keep what is there
      } else {
        value = body.slice(0, close);
      }
      result[key] = quote === '"' ? unescapeDoubleQuoted(value) : value;
    } else {
      const comment = value.search(/\s#/);
      result[key] = (comment === -1 ? value : value.slice(0, comment)).trim();
    }
  }
  return result;
}

function findClosingDoubleQuote(body: string): number {
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') i++;
    else if (char === '"') return i;
  }
  return -1;
}

/** Reads `<cwd>/.env` when present; `null` when there is none. Other read errors are reported, not thrown. */
export async function readDotenv(
  cwd: string,
): Promise<{ file: string; vars: Record<string, string> } | { file: string; error: string } | null> {
  const file = path.join(cwd, '.env');
  try {
    return { file, vars: parseDotenv(await readFile(file, 'utf8')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return { file, error: error instanceof Error ? error.message : String(error) };
  }
}
