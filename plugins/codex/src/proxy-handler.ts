import {
  CcproxyError,
  callUpstream,
  eventStream,
  forwardableResponseHeaders,
  json,
  readErrorBody,
  relayStream,
  type FormatId,
  type ProxyRequest,
  type ProxyResponse,
  type TokenUsage,
  type UpstreamAuth,
  type UpstreamCredentials,
  type UpstreamResponse,
} from '@ccproxy/core';
import { FormatConversionError, convertRequest, convertResponse, usageFromResponses, type ConversionContext, type NormalizedUsage } from '@ccproxy/formats';
import type { CodexRuntime } from './codex-runtime.js';
import { clientIdentity, isCodexClient } from './request/client-identity.js';
import { compressedEncoding, decodeBody } from './request/content-encoding.js';
import { conversationIds, type ConversationIds } from './request/conversation-ids.js';
import { parseWithRepeatedInstructions } from './request/parse-responses-body.js';
import { prepareResponsesBody } from './request/prepare-body.js';
import { serializeBody } from './request/serialize-body.js';
import { buildUpstreamHeaders } from './request/upstream-headers.js';
import { createClientStream } from './response/client-stream.js';
import { collectResponse } from './response/collect-response.js';
import { streamFailureError, upstreamHttpError } from './response/upstream-error.js';

type Json = Record<string, unknown>;

/** The upstream endpoint tag of every Codex call (providers.md §0.2). */
const ENDPOINT = '/responses';

export function toTokenUsage(usage: NormalizedUsage | undefined): TokenUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.cacheReadTokens,
    cache_creation_tokens: usage.cacheCreationTokens,
    reasoning_tokens: usage.reasoningTokens,
  };
}

function parseObject(raw: Buffer): Json {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new CcproxyError('INVALID_REQUEST', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CcproxyError('INVALID_REQUEST', 'the request body must be a JSON object');
  return value as Json;
}

/** What one request sends upstream, with the bits needed to answer it. */
interface PreparedCall {
  readonly payload: Buffer;
  readonly streaming: boolean;
  readonly ids: ConversationIds;
  readonly codexClient: boolean;
  readonly contentEncoding: string | undefined;
  readonly context: ConversionContext | undefined;
  /** The client's model name to report back when a mapping rule renamed it. */
  readonly restoreModel: string | undefined;
  readonly modelSent: string;
}

/** A compressed Responses body is forwarded byte for byte (providers.md §3.4): no edits are possible. */
function prepareCompressed(request: ProxyRequest, encoding: string, auth: UpstreamAuth): PreparedCall {
  const ids = conversationIds({ headers: request.headers, clientIdentity: clientIdentity(request.headers), accountId: auth.accountId, input: undefined });
  return {
    payload: request.rawBody,
    streaming: request.headers['accept']?.includes('text/event-stream') ?? false,
    ids,
    codexClient: isCodexClient(request.headers),
    contentEncoding: encoding,
    context: undefined,
    restoreModel: undefined,
    modelSent: '',
  };
}

function prepareJson(request: ProxyRequest, runtime: CodexRuntime, clientFormat: FormatId, auth: UpstreamAuth): PreparedCall {
  const encoding = compressedEncoding(request.headers);
  const clientBody =
    encoding !== undefined
      ? parseObject(decodeBody(request.rawBody, encoding, 256 * 1024 * 1024))
      : ((clientFormat === 'openai.responses' ? parseWithRepeatedInstructions(request.rawBody) : undefined) ?? request.json<Json>());
  const summary = request.summary;
  const requested = typeof clientBody['model'] === 'string' && clientBody['model'].length > 0 ? clientBody['model'] : undefined;
  const mapping = requested === undefined ? undefined : runtime.mapper.map(requested);
  const modelSent = mapping?.sent ?? runtime.config.default_model;
  summary.model_requested = requested ?? null;
  summary.model_sent = modelSent;
  const restoreModel = mapping?.mapped ? requested : undefined;
  // Read before the fast path edits the client's object (it forces `stream: true`).
  const streaming = clientBody['stream'] === true;
  // The client's bytes, so its (long) instructions are not escaped again when they go up unchanged.
  const clientSource = encoding === undefined && clientFormat === 'openai.responses' ? { rawBody: request.rawBody, instructions: clientBody['instructions'] } : undefined;

  let body: Json;
  let context: ConversionContext | undefined;
  if (clientFormat === 'openai.responses') {
    body = clientBody; // same-format fast path: targeted edits on the client's own object
  } else {
    try {
      const converted = convertRequest(clientFormat, 'openai.responses', clientBody, {
        ...(restoreModel === undefined ? {} : { clientModel: restoreModel }),
        thinkingXml: runtime.thinkingXml,
        requestId: request.id,
      });
      body = converted.body;
      context = converted.context;
    } catch (error) {
      if (error instanceof FormatConversionError) {
        throw new CcproxyError('INVALID_REQUEST', `Failed to convert the request to the Responses format: ${error.message}`, { status: error.status >= 400 && error.status < 500 ? error.status : 400, cause: error });
      }
      throw error;
    }
  }

  const codexClient = isCodexClient(request.headers);
  const metadata = clientBody['metadata'];
  const anthropicUserId =
    clientFormat === 'anthropic.messages' && typeof metadata === 'object' && metadata !== null && typeof (metadata as Json)['user_id'] === 'string'
      ? ((metadata as Json)['user_id'] as string)
      : undefined;
  const ids = conversationIds({
    headers: request.headers,
    pathSessionId: request.params['session_id'],
    clientCacheKey: typeof body['prompt_cache_key'] === 'string' && body['prompt_cache_key'].length > 0 ? body['prompt_cache_key'] : undefined,
    anthropicUserId,
    input: body['input'],
    clientIdentity: clientIdentity(request.headers),
    accountId: auth.accountId,
  });
  const { config } = runtime;
  prepareResponsesBody(body, {
    model: modelSent,
    fingerprint: runtime.fingerprint,
    injectDetectionPayload: config.inject_detection_payload,
    instructionsMode: config.instructions_mode,
    injectCliTools: config.inject_cli_tools,
    dropParameters: config.drop_parameters,
    codexClient,
    promptCacheKey: ids.promptCacheKey,
  });
  return {
    payload: serializeBody(body, runtime.fingerprint.instructions, clientSource),
    streaming,
    ids,
    codexClient,
    contentEncoding: undefined,
    context,
    restoreModel,
    modelSent,
  };
}

async function send(request: ProxyRequest, runtime: CodexRuntime, prepared: PreparedCall, auth: UpstreamAuth): Promise<UpstreamResponse> {
  const headers = buildUpstreamHeaders({
    clientHeaders: request.headers,
    auth,
    fingerprint: runtime.fingerprint,
    codexClient: prepared.codexClient,
    ids: prepared.ids,
    acceptEncoding: runtime.acceptEncoding,
    contentEncoding: prepared.contentEncoding,
  });
  return callUpstream(runtime.call, request, { url: runtime.upstreamUrl, headers, body: prepared.payload, streaming: true, endpoint: ENDPOINT });
}

/**
 * Sends the call; an upstream 401 invalidates the credentials and retries once with fresh ones
 * (a revoked token is refreshed; an unusable login turns into a 401 naming the fix).
 */
async function sendWithAuth(request: ProxyRequest, runtime: CodexRuntime, prepared: PreparedCall, credentials: UpstreamCredentials, auth: UpstreamAuth): Promise<UpstreamResponse> {
  const first = await send(request, runtime, prepared, auth);
  if (first.status !== 401) return first;
  await readErrorBody(first, 65_536);
  await credentials.invalidate();
  const fresh = await credentials.authHeaders(request.cancellation);
  const second = await send(request, runtime, prepared, fresh);
  if (second.status === 401) await credentials.invalidate();
  return second;
}

function streamResponse(request: ProxyRequest, runtime: CodexRuntime, clientFormat: FormatId, prepared: PreparedCall, upstream: UpstreamResponse): ProxyResponse {
  const stream = createClientStream(clientFormat, prepared.context, prepared.restoreModel);
  const body = relayStream(runtime.call, request, upstream, {
    transform: stream,
    onFinish: ({ aborted, error }) => {
      if (!stream.finished && !aborted && !error) {
        const failure = stream.failure();
        request.summary.error ??= failure
          ? { type: failure.code ?? 'upstream_error', message: failure.message }
          : { type: 'upstream_incomplete', message: 'the upstream stream ended before response.completed' };
      }
      return { usage: toTokenUsage(stream.usage), model: stream.model ?? null };
    },
  });
  return eventStream(body, 200, forwardableResponseHeaders(upstream.headers));
}

async function bufferedResponse(request: ProxyRequest, runtime: CodexRuntime, clientFormat: FormatId, prepared: PreparedCall, upstream: UpstreamResponse): Promise<ProxyResponse> {
  const collected = await collectResponse(upstream.body);
  if (collected.failure) throw streamFailureError(collected.failure, clientFormat, runtime.now());
  const response = collected.response;
  if (!response || !collected.terminated) {
    throw new CcproxyError('UPSTREAM_HTTP', 'the Codex upstream stream ended before the response completed', { status: 502 });
  }
  if (typeof response['usage'] === 'object' && response['usage'] !== null) request.summary.usage = toTokenUsage(usageFromResponses(response['usage']));
  if (prepared.restoreModel !== undefined) response['model'] = prepared.restoreModel;
  let body: Json = response;
  if (clientFormat !== 'openai.responses') {
    try {
      body = convertResponse('openai.responses', clientFormat, response, prepared.context);
    } catch (error) {
      throw new CcproxyError('UPSTREAM_HTTP', `Failed to convert the Codex response: ${(error as Error).message}`, { status: 502, cause: error });
    }
  }
  const headers = forwardableResponseHeaders(upstream.headers);
  delete headers['cache-control'];
  return json(body, 200, headers);
}

/**
 * One Codex route: credentials first (no upstream call without them), then the request in the
 * Responses format the backend speaks, always streamed upstream; streaming clients get the stream
 * converted as it arrives, the others the collected final response in their format.
 */
export async function handleProxyRequest(request: ProxyRequest, runtime: CodexRuntime, clientFormat: FormatId): Promise<ProxyResponse> {
  request.summary.client_format = clientFormat;
  request.summary.upstream_format = 'openai.responses';
  const credentials = runtime.credentials();
  const auth = await credentials.authHeaders(request.cancellation);
  const encoding = compressedEncoding(request.headers);
  const prepared =
    encoding !== undefined && clientFormat === 'openai.responses' ? prepareCompressed(request, encoding, auth) : prepareJson(request, runtime, clientFormat, auth);
  const upstream = await sendWithAuth(request, runtime, prepared, credentials, auth);
  if (upstream.status >= 400) {
    const errorBody = await readErrorBody(upstream);
    throw upstreamHttpError({ status: upstream.status, body: errorBody, headers: upstream.headers, clientFormat, modelSent: prepared.modelSent, nowMs: runtime.now() });
  }
  return prepared.streaming ? streamResponse(request, runtime, clientFormat, prepared, upstream) : bufferedResponse(request, runtime, clientFormat, prepared, upstream);
}
