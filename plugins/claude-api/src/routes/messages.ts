import { createRepeatedMemberParser, editObject, editTopLevel, eventStream, forwardableResponseHeaders, relayStream, type ProxyRequest, type ProxyResponse, type StreamTransform, type TopLevelEdit, type UpstreamResponse } from '@ccproxy/core';
import { createStreamConverter, createStreamObserver, type StreamConverter } from '@ccproxy/formats';
import type { ClaudeApiRuntime } from '../claude-api-runtime.js';
import { prepareAnthropicBody, type BodyPreparation } from '../prepare-body.js';
import { readBody } from '../read-body.js';
import { restoreStreamModel } from '../stream-model.js';
import { parseUpstreamJson, sendUpstream, upstreamErrorResponse } from '../upstream-exchange.js';
import { toTokenUsage, usageOfMessage } from '../usage.js';

const FORMAT = 'anthropic.messages';

/**
 * Claude Code sends the same ~48 kB of tool definitions on every turn: parsed once (~50 µs and
 * ~100 kB of garbage a request). Tools carrying `cache_control` are left to the usual parse: the
 * breakpoint limit may edit them, and a reused value is shared (frozen).
 */
const parseWithRepeatedTools = createRepeatedMemberParser('tools', { accept: (bytes) => bytes[0] === 0x5b && !bytes.includes('cache_control') });

/** The client's bytes with only the planned edits; a scanner failure falls back to re-serializing. */
function editedBytes(runtime: ClaudeApiRuntime, request: ProxyRequest, body: Record<string, unknown>, edits: readonly TopLevelEdit[]): Buffer {
  try {
    return editTopLevel(request.rawBody, edits);
  } catch (error) {
    runtime.logger.warn({ request_id: request.id, error: (error as Error).message }, 'claude_body_splice_failed');
    return Buffer.from(JSON.stringify(editObject(body, edits)));
  }
}

function recordRequest(request: ProxyRequest, prepared: BodyPreparation): void {
  request.summary.client_format = FORMAT;
  request.summary.upstream_format = FORMAT;
  request.summary.model_requested = prepared.modelRequested;
  request.summary.model_sent = prepared.modelSent;
}

/** Relays an upstream SSE body as it arrives, through `converter` (identity or a format change). */
export function relayEvents(runtime: ClaudeApiRuntime, request: ProxyRequest, upstream: UpstreamResponse, converter: StreamConverter, transform: StreamTransform = converter): ProxyResponse {
  const body = relayStream(runtime.call, request, upstream, {
    transform,
    onFinish: () => ({ usage: toTokenUsage(converter.usage), model: converter.model ?? null }),
  });
  return eventStream(body, upstream.status, forwardableResponseHeaders(upstream.headers));
}

/**
 * `POST /claude/v1/messages`: the same-format fast path (decision 8). The client's bytes go
 * upstream with targeted edits only; the answer comes back byte for byte (bar a model alias).
 */
export async function handleMessages(request: ProxyRequest, runtime: ClaudeApiRuntime): Promise<ProxyResponse> {
  const body = readBody(request, { model: 'required', messages: true, maxTokens: true, status: 422, parse: parseWithRepeatedTools });
  const prepared = prepareAnthropicBody(body, runtime);
  recordRequest(request, prepared);
  const upstream = await sendUpstream(runtime, request, { path: '/v1/messages', body: editedBytes(runtime, request, body, prepared.edits), streaming: prepared.stream });
  if (upstream.status >= 400) return upstreamErrorResponse(runtime, request, upstream, FORMAT);

  if (prepared.stream) {
    if (!prepared.mapped) return relayEvents(runtime, request, upstream, createStreamObserver(FORMAT));
    const converter = createStreamConverter(FORMAT, FORMAT);
    return relayEvents(runtime, request, upstream, converter, restoreStreamModel(converter, prepared.modelRequested));
  }
  const raw = await upstream.buffer();
  const message = parseUpstreamJson(raw);
  request.summary.usage = usageOfMessage(message);
  const out = prepared.mapped && typeof message['model'] === 'string' ? editTopLevel(raw, [{ key: 'model', value: prepared.modelRequested }]) : raw;
  return { status: upstream.status, headers: { ...forwardableResponseHeaders(upstream.headers), 'content-type': 'application/json' }, body: out };
}

/** `POST /claude/v1/messages/count_tokens`: the same body preparation, forwarded upstream. */
export async function handleCountTokens(request: ProxyRequest, runtime: ClaudeApiRuntime): Promise<ProxyResponse> {
  const body = readBody(request, { model: 'required', messages: true, status: 422, parse: parseWithRepeatedTools });
  const prepared = prepareAnthropicBody(body, runtime);
  recordRequest(request, prepared);
  const upstream = await sendUpstream(runtime, request, { path: '/v1/messages/count_tokens', body: editedBytes(runtime, request, body, prepared.edits), streaming: false });
  if (upstream.status >= 400) return upstreamErrorResponse(runtime, request, upstream, FORMAT);
  const raw = await upstream.buffer();
  parseUpstreamJson(raw);
  return { status: upstream.status, headers: { ...forwardableResponseHeaders(upstream.headers), 'content-type': 'application/json' }, body: raw };
}
