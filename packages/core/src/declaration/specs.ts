import type { FormatId } from './formats.js';
import type { HttpMethod, Middleware, ProxyRequest, ProxyResponse } from './http.js';
import type { EventObserver, InterceptableEventName, InterceptorOrder, ProxyEventMap, ProxyEventName } from './events.js';
import type { Logger } from './logger.js';
import type { Settings } from '../settings/settings-schema.js';
import type { HttpClient } from './http-client.js';
import type { AppPaths } from './services.js';

/** Numeric layers for plugin middleware; lower = outer (sees the request first, the response last). */
export const MiddlewareLayer = {
  SECURITY: 100,
  OBSERVABILITY: 200,
  TRANSFORMATION: 300,
  ROUTING: 400,
  APPLICATION: 500,
} as const;

export interface MiddlewareSpec<TRuntime = unknown> {
  readonly name: string;
  /** Default `MiddlewareLayer.APPLICATION`. */
  readonly priority?: number;
  /** Called once, after the plugin became active. */
  create(runtime: TRuntime): Middleware;
}

export interface RouteDefinition<TRuntime = unknown> {
  readonly method: HttpMethod | readonly HttpMethod[];
  /** Path inside the prefix, `@koa/router` syntax (`/v1/messages`, `/:session_id/v1/messages`). */
  readonly path: string;
  /** The caller's API format: errors on this route (auth, 503, bad body) are rendered in it. */
  readonly format?: FormatId;
  handler(request: ProxyRequest, runtime: TRuntime): Promise<ProxyResponse> | ProxyResponse;
}

export interface RouteSpec<TRuntime = unknown> {
  /** Mount point, e.g. `/claude`. Starts with `/`, no trailing `/`. */
  readonly prefix: string;
  /** Default `required`: the proxy access token guards the routes when one is configured. */
  readonly auth?: 'required' | 'none';
  /** Only answer clients on a loopback address (e.g. approval routes). */
  readonly loopbackOnly?: boolean;
  readonly routes: readonly RouteDefinition<TRuntime>[];
  readonly tags?: readonly string[];
}

export interface TaskSpec<TRuntime = unknown, TConfig = unknown> {
  /** Unique across the app. */
  readonly name: string;
  /** Seconds between runs (clamped to >= 1). */
  readonly intervalSeconds: number;
  /** Default true. */
  readonly enabled?: boolean;
  /** Reads interval and on/off from the plugin's validated config, overriding the static values. */
  configure?(config: TConfig): { intervalSeconds?: number; enabled?: boolean };
  /** First run after one interval instead of at start. */
  readonly skipInitialRun?: boolean;
  /** Default 300. */
  readonly maxBackoffSeconds?: number;
  /** Default 0.25, clamped to [0, 1]. */
  readonly jitterFactor?: number;
  /** Return false (or throw) to count a failure and back off. */
  run(runtime: TRuntime, signal: AbortSignal): Promise<boolean | void>;
}

export type HookSpec<TRuntime = unknown> =
  | {
      readonly [E in ProxyEventName]: {
        readonly kind?: 'observer';
        readonly event: E;
        readonly priority?: number;
        handler(payload: ProxyEventMap[E], runtime: TRuntime): ReturnType<EventObserver<E>>;
      };
    }[ProxyEventName]
  | {
      readonly [E in InterceptableEventName]: {
        readonly kind: 'interceptor';
        readonly event: E;
        readonly order?: InterceptorOrder;
        handler(payload: ProxyEventMap[E], runtime: TRuntime): void | Promise<void>;
      };
    }[InterceptableEventName];

/** A format converter a plugin contributes to the registry (most plugins call @ccproxy/formats directly). */
export interface FormatAdapter {
  convertRequest?(body: Record<string, unknown>): Record<string, unknown>;
  convertResponse?(body: Record<string, unknown>): Record<string, unknown>;
  convertError?(body: Record<string, unknown>): Record<string, unknown>;
}

export interface FormatAdapterSpec {
  readonly from: FormatId;
  readonly to: FormatId;
  /** Lower wins when two plugins register the same pair. Default 100. */
  readonly priority?: number;
  readonly description?: string;
  create(): FormatAdapter;
}

/** Terminal I/O handed to CLI commands, so they stay testable. */
export interface CliIO {
  out(line?: string): void;
  err(line?: string): void;
  /** Ask a question on the terminal; rejects when there is no interactive input. */
  prompt(question: string): Promise<string>;
  readonly interactive: boolean;
  /** Open a URL in the user's browser; resolves false when that is not possible. */
  openUrl(url: string): Promise<boolean>;
}

/** What a CLI command of a plugin may use: no server is running in-process. */
export interface CliCommandContext<TConfig = unknown> {
  readonly config: TConfig;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly http: HttpClient;
  readonly io: CliIO;
  /** `http://host:port` of the configured server, for commands that talk to a running proxy. */
  readonly serverUrl: string;
  /** The user's folders (home, XDG config/data/cache) as the CLI's environment defines them. */
  readonly paths: AppPaths;
  readonly signal: AbortSignal;
}

export interface CliOptionSpec {
  /** Commander flags, e.g. `--no-browser` or `-d, --detailed`. */
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string | boolean | number;
}

export interface CliCommandSpec<TConfig = unknown> {
  /** Command name, e.g. `stats`. */
  readonly name: string;
  /** Parent command: `auth`, `plugins`, `config`; omitted = top level. */
  readonly parent?: string;
  readonly description: string;
  readonly arguments?: readonly { name: string; description: string; required?: boolean }[];
  readonly options?: readonly CliOptionSpec[];
  run(context: CliCommandContext<TConfig>, input: { args: readonly string[]; options: Record<string, unknown> }): Promise<number | void>;
}

export interface AuthLoginOptions {
  noBrowser?: boolean;
  manual?: boolean;
  file?: string;
  force?: boolean;
}

/**
 * `ccproxy auth <login|status|refresh|logout> <provider>`: mounted from the manifest of the plugin
 * that claims the provider name (or one of its aliases). Each returns the process exit code.
 */
export interface AuthCommandSpec<TConfig = unknown> {
  readonly provider: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  login(context: CliCommandContext<TConfig>, options: AuthLoginOptions): Promise<number>;
  status(context: CliCommandContext<TConfig>, options: { detailed?: boolean; file?: string }): Promise<number>;
  refresh(context: CliCommandContext<TConfig>, options: { file?: string }): Promise<number>;
  logout(context: CliCommandContext<TConfig>, options: { yes?: boolean; force?: boolean; file?: string }): Promise<number>;
}
