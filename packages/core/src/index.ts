// The public API of @ccproxy/core. Explicit named exports only: anything not listed is private.

// Declaration layer
export { definePlugin, isPluginFactory, isPluginRegistration, PLUGIN_FACTORY, PLUGIN_API_VERSION } from './declaration/define-plugin.js';
export type { PluginFactory, PluginRegistration, AnyPluginFactory } from './declaration/define-plugin.js';
export type {
  PluginManifest,
  PluginDefinition,
  PluginContext,
  PluginKind,
  PluginLifecycle,
  HealthReport,
  HealthStatus,
} from './declaration/plugin-manifest.js';
export { validateManifest } from './declaration/validate-manifest.js';
export { MiddlewareLayer } from './declaration/specs.js';
export type {
  RouteSpec,
  RouteDefinition,
  MiddlewareSpec,
  TaskSpec,
  HookSpec,
  FormatAdapter,
  FormatAdapterSpec,
  AuthCommandSpec,
  AuthLoginOptions,
  CliCommandSpec,
  CliCommandContext,
  CliOptionSpec,
  CliIO,
} from './declaration/specs.js';
export { defineCapability } from './declaration/capability.js';
export type { CapabilityKey, CapabilityType } from './declaration/capability.js';
export { anthropicCredentials, openaiCredentials, costCalculator } from './declaration/core-capabilities.js';
export type { UpstreamCredentials, UpstreamAuth, CredentialsDescription, CostCalculator } from './declaration/core-capabilities.js';
export { defineStateKey } from './declaration/state-key.js';
export type { StateKey, RequestState } from './declaration/state-key.js';
export { FORMAT_IDS, formatFromPath } from './declaration/formats.js';
export type { FormatId } from './declaration/formats.js';
export { json, text, eventStream } from './declaration/http.js';
export type { ProxyRequest, ProxyResponse, ProxyResponseBody, RouteHandler, Middleware, HttpMethod } from './declaration/http.js';
export type { HttpClient, UpstreamRequest, UpstreamResponse } from './declaration/http-client.js';
export { cancellationOf, createCancellation, listenForAbort } from './declaration/cancellation.js';
export type { AbortSource, Cancellation } from './declaration/cancellation.js';
export { HookLayer, emptySummaryDraft } from './declaration/events.js';
export type {
  ProxyEventMap,
  ProxyEventName,
  InterceptableEventName,
  InterceptorOrder,
  EventBus,
  EventObserver,
  EventInterceptor,
  RequestSummary,
  RequestSummaryDraft,
  RequestStartedEvent,
  TokenUsage,
  UpstreamSummary,
  ProviderRequestPreparedEvent,
  ProviderResponseReceivedEvent,
  ProviderStreamStartEvent,
  ProviderStreamEndEvent,
  ProviderErrorEvent,
  PluginLifecycleEvent,
} from './declaration/events.js';
export type { CapabilityRegistry, Scheduler, ScheduledTaskOptions, ScheduledTaskStatus, BackgroundTasks, AppPaths } from './declaration/services.js';
export type { Logger, LogFn } from './declaration/logger.js';
export type { StandardSchemaV1 } from './declaration/standard-schema.js';

// Factory layer
export { PluginRegistry } from './factory/plugin-registry.js';
export type { RegisteredPlugin, PluginSource } from './factory/plugin-registry.js';
export { resolveOrder } from './factory/resolve-order.js';
export type { ResolvedOrder } from './factory/resolve-order.js';
export { pluginEnablement } from './factory/plugin-filter.js';
export type { Enablement } from './factory/plugin-filter.js';
export { loadPluginPackages } from './factory/load-plugin-packages.js';
export type { LoadedPluginPackage, PluginPackageError } from './factory/load-plugin-packages.js';

// Runtime layer
export { PluginHost } from './runtime/plugin-host.js';
export type { PluginRuntime, PluginState, PluginStatus, MountedRoute, MountedMiddleware, PluginHostOptions } from './runtime/plugin-host.js';
export { createHookBus } from './runtime/hook-bus.js';
export type { HookBus, HookBusStats } from './runtime/hook-bus.js';
export { createCapabilityRegistry } from './runtime/capability-registry.js';
export type { AppCapabilityRegistry } from './runtime/capability-registry.js';
export { createScheduler } from './runtime/scheduler.js';
export { createBackgroundTasks } from './runtime/background-tasks.js';
export { withTimeout, TimeoutError } from './runtime/with-timeout.js';
export { createProxy } from './create-proxy.js';
export type { CreateProxyOptions, ProxyHost } from './create-proxy.js';

// HTTP client
export { createHttpClient, toUpstreamError } from './http/http-client.js';
export type { ClosableHttpClient, HttpClientOptions } from './http/http-client.js';

// Provider pipeline (shared by provider plugins)
export { EXCLUDED_REQUEST_HEADERS, EXCLUDED_RESPONSE_HEADERS, forwardableRequestHeaders, forwardableResponseHeaders } from './provider/headers.js';
export { createModelMapper, restoreModel, modelMappingRuleSchema } from './provider/model-mapper.js';
export type { ModelMapper, ModelMapping, ModelMappingRule } from './provider/model-mapper.js';
export { callUpstream, redactUrl } from './provider/call-upstream.js';
export type { ProviderCallContext, UpstreamCall } from './provider/call-upstream.js';
export { relayStream, readErrorBody, retryHeaders } from './provider/relay-stream.js';
export { editObject, editTopLevel, topLevelValueRange } from './provider/json-splice.js';
export { createRepeatedMemberParser } from './provider/repeated-member.js';
export type { RepeatedMemberOptions } from './provider/repeated-member.js';
export type { TopLevelEdit } from './provider/json-splice.js';
export type { RelayOptions, StreamTransform } from './provider/relay-stream.js';

// Settings
export { settingsSchema, defaultSettings, SECRET_SETTING_PATHS } from './settings/settings-schema.js';
export type { Settings, SettingsInput } from './settings/settings-schema.js';
export { loadSettings, findConfigFile, validateSection, maskSecrets, resolveAppPaths } from './settings/load-settings.js';
export type { LoadSettingsOptions, LoadedSettings, DeepPartial } from './settings/load-settings.js';

// Errors
export { CcproxyError, ConfigError } from './errors/ccproxy-error.js';
export type { CcproxyErrorCode, CcproxyErrorOptions, ConfigIssue } from './errors/ccproxy-error.js';
export { errorResponseBody, anthropicErrorType } from './errors/error-body.js';

// SSE
export { createSseParser } from './sse/sse-parser.js';
export type { SseEvent } from './sse/sse-parser.js';
export { serializeSse, sseComment, createSseEventSplitter } from './sse/sse-writer.js';

// Logging
export { createLogger } from './logging/create-logger.js';

export { CORE_VERSION } from './version.js';

// Auth building blocks (credential files, PKCE, token manager, login flow, auth CLI commands)
export { JsonCredentialFile, mergeJson, isJsonObject } from './auth/json-credential-file.js';
export type { JsonObject } from './auth/json-credential-file.js';
export { createCredentialStore } from './auth/credential-store.js';
export type { CredentialFormat, CredentialStore } from './auth/credential-store.js';
export { createPkcePair, pkceChallenge, createOAuthState } from './auth/pkce.js';
export type { PkcePair } from './auth/pkce.js';
export { createSingleFlight } from './auth/single-flight.js';
export type { SingleFlight } from './auth/single-flight.js';
export { previewToken, formatExpiresIn } from './auth/token-preview.js';
export { decodeJwtClaims, jwtExpiresAt } from './auth/jwt-claims.js';
export { requestToken, OAuthTokenError } from './auth/oauth-token-request.js';
export type { TokenEndpointRequest, TokenRequestAction } from './auth/oauth-token-request.js';
export { createTokenManager } from './auth/token-manager.js';
export type { TokenManager, TokenManagerOptions, RefreshOptions, AuthStatus } from './auth/token-manager.js';
export { createUpstreamCredentials, credentialsHealth } from './auth/upstream-credentials.js';
export type { UpstreamCredentialsOptions } from './auth/upstream-credentials.js';
export { OAuthFlowError } from './auth/oauth-flow-error.js';
export type { OAuthFlowFailure } from './auth/oauth-flow-error.js';
export { startCallbackServer } from './auth/callback-server.js';
export type { CallbackServer, CallbackServerOptions } from './auth/callback-server.js';
export { runOAuthLoginFlow } from './auth/oauth-login-flow.js';
export type { OAuthLoginFlowOptions, AuthorizationUrlParams, CodeExchangeParams } from './auth/oauth-login-flow.js';
export { createOAuthAuthCommands } from './auth/auth-commands.js';
export type { OAuthCommandsOptions, OAuthCliProvider, InfoRow } from './auth/auth-commands.js';
