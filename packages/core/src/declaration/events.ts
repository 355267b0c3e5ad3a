import type { FormatId } from './formats.js';

/** Token usage counted by Anthropic's rules: `input_tokens` excludes cache reads and writes. */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  reasoning_tokens: number;
}

export interface UpstreamSummary {
  url: string;
  status: number | null;
  duration_ms: number | null;
}

/** What the serving plugin records about a request; the core completes it into a `RequestSummary`. */
export interface RequestSummaryDraft {
  provider: string | null;
  endpoint: string | null;
  client_format: FormatId | null;
  upstream_format: FormatId | null;
  model_requested: string | null;
  model_sent: string | null;
  usage: TokenUsage | null;
  cost_usd: number | null;
  upstream: UpstreamSummary | null;
  error: { type: string; message: string } | null;
}

/** A draft with nothing known yet: what the app hands a route before the provider fills it in. */
export function emptySummaryDraft(): RequestSummaryDraft {
  return {
    provider: null,
    endpoint: null,
    client_format: null,
    upstream_format: null,
    model_requested: null,
    model_sent: null,
    usage: null,
    cost_usd: null,
    upstream: null,
    error: null,
  };
}

/**
 * The one summary event per finished request (decision 7): `request.completed` when the response was
 * fully sent, `request.failed` when it ended in an error or the client went away. Wire names (snake_case).
 */
export interface RequestSummary extends RequestSummaryDraft {
  request_id: string;
  /** Wall clock at arrival, epoch milliseconds. */
  started_at: number;
  duration_ms: number;
  /** Time until the first response byte was written, when any was. */
  ttfb_ms: number | null;
  method: string;
  path: string;
  query: string;
  client_ip: string;
  user_agent: string;
  /** Provider plugin name for proxied calls, `system` for other plugin routes, `core` for core routes. */
  service_type: string;
  status: number;
  bytes_sent: number;
  streaming: boolean;
  closed_by: 'server' | 'client' | 'error';
}

export interface RequestStartedEvent {
  request_id: string;
  method: string;
  path: string;
  query: string;
  /** Lower-cased names; credentials redacted. */
  headers: Record<string, string>;
}

/** Interceptable: handlers may rewrite url, headers and body, or throw to reject the request. */
export interface ProviderRequestPreparedEvent {
  readonly request_id: string;
  readonly provider: string;
  readonly endpoint: string;
  readonly is_streaming: boolean;
  method: string;
  url: string;
  /** Lower-cased names. Contains upstream credentials: observers must never log it. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ProviderResponseReceivedEvent {
  request_id: string;
  provider: string;
  url: string;
  method: string;
  status_code: number;
  duration_ms: number;
}

export interface ProviderStreamStartEvent {
  request_id: string;
  provider: string;
  url: string;
  status_code: number;
}

export interface ProviderStreamEndEvent {
  request_id: string;
  provider: string;
  url: string;
  total_chunks: number;
  total_bytes: number;
  aborted: boolean;
  reason: string | null;
  usage: TokenUsage | null;
  model: string | null;
}

export interface ProviderErrorEvent {
  request_id: string;
  provider: string;
  url: string;
  phase: 'request' | 'stream' | 'buffer';
  error: string;
}

export interface PluginLifecycleEvent {
  name: string;
  kind?: string;
  version?: string;
  phase?: string;
  error?: string;
}

/** The typed event catalogue; keys keep the Python hook names. */
export interface ProxyEventMap {
  'app.startup': { phase: 'startup' };
  'app.ready': { phase: 'ready'; url: string | null };
  'app.shutdown': { phase: 'shutdown' };
  'request.started': RequestStartedEvent;
  'request.completed': RequestSummary;
  'request.failed': RequestSummary;
  'provider.request.prepared': ProviderRequestPreparedEvent;
  'provider.response.received': ProviderResponseReceivedEvent;
  'provider.stream.start': ProviderStreamStartEvent;
  'provider.stream.end': ProviderStreamEndEvent;
  'provider.error': ProviderErrorEvent;
  'plugin.loaded': PluginLifecycleEvent;
  'plugin.unloaded': PluginLifecycleEvent;
  'plugin.error': PluginLifecycleEvent;
  'custom.event': { name: string; data: Record<string, unknown> };
}

export type ProxyEventName = keyof ProxyEventMap;

/** Events whose handlers run serially before the core continues, and may mutate or reject. */
export type InterceptableEventName = 'provider.request.prepared' | 'request.started';

export type EventObserver<E extends ProxyEventName> = (payload: ProxyEventMap[E]) => void | Promise<void>;
export type EventInterceptor<E extends InterceptableEventName> = (payload: ProxyEventMap[E]) => void | Promise<void>;

export type InterceptorOrder = 'pre' | 'normal' | 'post';

/** Observer priorities of the Python HookLayer, kept so ordering intent reads the same. */
export const HookLayer = {
  CRITICAL: 0,
  VALIDATION: 100,
  AUTH: 200,
  ENRICHMENT: 300,
  PROCESSING: 500,
  OBSERVATION: 700,
  METRICS: 700,
  TRACING: 720,
  ACCESS_LOGGING: 750,
  CLEANUP: 900,
  FINALIZATION: 1000,
} as const;

export interface EventBus {
  /** Observers: run off the request path, isolated from each other's failures. Returns an unsubscribe function. */
  on<E extends ProxyEventName>(event: E, observer: EventObserver<E>, options?: { priority?: number }): () => void;
  /** Interceptors: run serially (pre, normal, post; registration order within a tier) and may mutate or throw. */
  intercept<E extends InterceptableEventName>(event: E, interceptor: EventInterceptor<E>, options?: { order?: InterceptorOrder }): () => void;
  /** Queue an event for observers; never throws, never waits. */
  emit<E extends ProxyEventName>(event: E, payload: ProxyEventMap[E]): void;
  /** Run interceptors inline, then queue for observers. Rejects if an interceptor throws. */
  dispatch<E extends InterceptableEventName>(event: E, payload: ProxyEventMap[E]): Promise<ProxyEventMap[E]>;
  /** True when anyone listens; lets emitters skip building costly payloads. */
  has(event: ProxyEventName): boolean;
}
