import { CcproxyError, editObject, json, forwardableResponseHeaders, type ProxyRequest, type ProxyResponse } from '@ccproxy/core';
import { convertRequest, convertResponse, createStreamConverter, FormatConversionError } from '@ccproxy/formats';
import { PLUGIN_NAME, type ClaudeApiRuntime } from '../claude-api-runtime.js';
import { prepareAnthropicBody } from '../prepare-body.js';
import { readBody } from '../read-body.js';
import { parseUpstreamJson, sendUpstream, upstreamErrorResponse } from '../upstream-exchange.js';
import { usageOfMessage } from '../usage.js';
import { relayEvents } from './messages.js';

type OpenAiFormat = 'openai.chat_completions' | 'openai.responses';

/** The converters' default when the client sets no limit (formats: DEFAULT_ANTHROPIC_MAX_TOKENS). */
const CONVERTER_DEFAULT_MAX_TOKENS = 4096;
const MIN_THINKING_BUDGET = 1024;

function clientSetMaxTokens(format: OpenAiFormat, body: Record<string, unknown>): boolean {
  const keys = format === 'openai.chat_completions' ? ['max_completion_tokens', 'max_tokens'] : ['max_output_tokens'];
  return keys.some((key) => typeof body[key] === 'number');
}

/** `default_max_tokens` for clients that sent no limit, still leaving room for a thinking budget. */
function applyDefaultMaxTokens(anthropic: Record<string, unknown>, limit: number): void {
  if (limit === CONVERTER_DEFAULT_MAX_TOKENS) return;
  let maxTokens = limit;
  const thinking = anthropic['thinking'] as { budget_tokens?: unknown } | undefined;
  const budget = typeof thinking?.budget_tokens === 'number' ? thinking.budget_tokens : undefined;
  if (budget !== undefined && maxTokens <= budget) maxTokens = budget + Math.max(limit, MIN_THINKING_BUDGET);
  anthropic['max_tokens'] = maxTokens;
}

function conversionFailed(error: unknown): CcproxyError {
  if (FormatConversionError.is(error)) return new CcproxyError('INVALID_REQUEST', error.message, { status: error.status, type: error.type, plugin: PLUGIN_NAME });
  return new CcproxyError('INVALID_REQUEST', `Failed to convert the request: ${(error as Error).message}`, { plugin: PLUGIN_NAME, cause: error });
}

/**
 * `POST /claude/v1/chat/completions` and `/claude/v1/responses`: the OpenAI body is converted to
 * Anthropic Messages, prepared like a native one, and the answer converted back (streams on the fly).
 */
export async function handleConverted(request: ProxyRequest, runtime: ClaudeApiRuntime, format: OpenAiFormat): Promise<ProxyResponse> {
  const chat = format === 'openai.chat_completions';
  const body = readBody(request, { model: 'required', messages: chat, status: chat ? 422 : 400 });
  const stream = body['stream'] === true;
  let converted: ReturnType<typeof convertRequest<'anthropic.messages'>>;
  try {
    converted = convertRequest(format, 'anthropic.messages', body, { thinkingXml: runtime.thinkingXml, requestId: request.id });
  } catch (error) {
    throw conversionFailed(error);
  }
  const anthropic = converted.body as unknown as Record<string, unknown>;
  if (!clientSetMaxTokens(format, body)) applyDefaultMaxTokens(anthropic, runtime.config.default_max_tokens);
  if (stream) anthropic['stream'] = true;
  else delete anthropic['stream'];
  const prepared = prepareAnthropicBody(anthropic, runtime);
  editObject(anthropic, prepared.edits);
  if (prepared.mapped) converted.context.clientModel = prepared.modelRequested;

  request.summary.client_format = format;
  request.summary.upstream_format = 'anthropic.messages';
  request.summary.model_requested = prepared.modelRequested;
  request.summary.model_sent = prepared.modelSent;

  const upstream = await sendUpstream(runtime, request, { path: '/v1/messages', body: Buffer.from(JSON.stringify(anthropic)), streaming: stream });
  if (upstream.status >= 400) return upstreamErrorResponse(runtime, request, upstream, format);

  if (stream) return relayEvents(runtime, request, upstream, createStreamConverter('anthropic.messages', format, converted.context));
  const message = parseUpstreamJson(await upstream.buffer());
  request.summary.usage = usageOfMessage(message);
  let out: Record<string, unknown>;
  try {
    out = convertResponse('anthropic.messages', format, message, converted.context);
  } catch (error) {
    throw new CcproxyError('UPSTREAM_HTTP', `Failed to convert the Claude response: ${(error as Error).message}`, { plugin: PLUGIN_NAME, cause: error });
  }
  return json(out, upstream.status, forwardableResponseHeaders(upstream.headers));
}
