import { CcproxyError, definePlugin, eventStream, json, type EventBus, type FormatId, type ProxyRequest, type ProxyResponse } from '@ccproxy/core';

/**
 * A provider without an upstream: it answers the three client formats itself (valid bodies and
 * streams, so the official SDKs can call it) and fills the request summary the way the real
 * providers do. Usage is fixed per format so tests know the exact tokens and cost:
 *
 * - Anthropic: input 100 (cache excluded), output 50, cache read 1000, cache write 200.
 * - OpenAI (chat and responses): prompt 1200 of which 1000 cached, output 50 of which 20 reasoning
 *   → summary input 200, cache read 1000 (the Anthropic rule: input excludes the cache).
 *
 * `model: "error-me"` answers 400, `model: "upstream-down"` 502 (with a `provider.error` event);
 * `x-stream-delay-ms` slows streams down (disconnect tests).
 */
export const ANTHROPIC_USAGE = { input_tokens: 100, output_tokens: 50, cache_read_tokens: 1000, cache_creation_tokens: 200, reasoning_tokens: 0 };
export const OPENAI_USAGE = { input_tokens: 200, output_tokens: 50, cache_read_tokens: 1000, cache_creation_tokens: 0, reasoning_tokens: 20 };

interface FakeRuntime {
  readonly events: EventBus;
}

function body(request: ProxyRequest): { model: string; stream: boolean } {
  const parsed = request.json<{ model?: unknown; stream?: unknown }>();
  if (typeof parsed.model !== 'string' || parsed.model === '') throw new CcproxyError('INVALID_REQUEST', 'model: required');
  if (parsed.model === 'error-me') throw new CcproxyError('INVALID_REQUEST', 'model: error-me is refused on purpose');
  return { model: parsed.model, stream: parsed.stream === true };
}

function fill(request: ProxyRequest, format: FormatId, model: string, usage: typeof ANTHROPIC_USAGE): void {
  const summary = request.summary;
  summary.endpoint = request.routePath;
  summary.client_format = format;
  summary.upstream_format = format;
  summary.model_requested = model;
  summary.model_sent = model === 'sonnet' ? 'claude-sonnet-4-5-20250929' : model;
  summary.usage = { ...usage };
  summary.upstream = { url: `https://fake.invalid${request.routePath}`, status: 200, duration_ms: 1 };
}

function sse(event: string | undefined, data: unknown): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

async function* paced(request: ProxyRequest, chunks: string[], runtime: FakeRuntime, onEnd: () => void): AsyncGenerator<string> {
  const delay = Number(request.headers['x-stream-delay-ms'] ?? 0);
  let sent = 0;
  for (const chunk of chunks) {
    if (request.signal.aborted) break;
    yield chunk;
    sent++;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const aborted = sent < chunks.length;
  if (!aborted) onEnd();
  runtime.events.emit('provider.stream.end', {
    request_id: request.id,
    provider: 'fake_llm',
    url: `https://fake.invalid${request.routePath}`,
    total_chunks: sent,
    total_bytes: chunks.slice(0, sent).join('').length,
    aborted,
    reason: aborted ? 'client_disconnected' : null,
    usage: aborted ? null : (request.summary.usage ?? null),
    model: request.summary.model_sent,
  });
}

function anthropic(request: ProxyRequest, runtime: FakeRuntime): ProxyResponse {
  const { model, stream } = body(request);
  if (model === 'upstream-down') {
    runtime.events.emit('provider.error', { request_id: request.id, provider: 'fake_llm', url: 'https://fake.invalid/v1/messages', phase: 'request', error: 'connect ECONNREFUSED 10.0.0.1:443' });
    throw new CcproxyError('UPSTREAM_CONNECTION', 'upstream unreachable: connect ECONNREFUSED');
  }
  const sent = model === 'sonnet' ? 'claude-sonnet-4-5-20250929' : model;
  const usage = { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 };
  if (!stream) {
    fill(request, 'anthropic.messages', model, ANTHROPIC_USAGE);
    runtime.events.emit('provider.response.received', { request_id: request.id, provider: 'fake_llm', url: 'https://fake.invalid/v1/messages', method: 'POST', status_code: 200, duration_ms: 1 });
    return json({ id: 'msg_fake', type: 'message', role: 'assistant', model: sent, content: [{ type: 'text', text: 'Hello!' }], stop_reason: 'end_turn', stop_sequence: null, usage });
  }
  const chunks = [
    sse('message_start', { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', model: sent, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } }),
    sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo!' } }),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 50 } }),
    sse('message_stop', { type: 'message_stop' }),
  ];
  // Like a real provider: the model is known at once, the usage only when the stream completes.
  request.summary.model_requested = model;
  return eventStream(paced(request, chunks, runtime, () => fill(request, 'anthropic.messages', model, ANTHROPIC_USAGE)));
}

function chat(request: ProxyRequest, runtime: FakeRuntime): ProxyResponse {
  const { model, stream } = body(request);
  const usage = { prompt_tokens: 1200, completion_tokens: 50, total_tokens: 1250, prompt_tokens_details: { cached_tokens: 1000 }, completion_tokens_details: { reasoning_tokens: 20 } };
  const created = Math.floor(Date.now() / 1000);
  if (!stream) {
    fill(request, 'openai.chat_completions', model, OPENAI_USAGE);
    return json({ id: 'chatcmpl-fake', object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!', refusal: null }, finish_reason: 'stop', logprobs: null }], usage });
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
  const chunks = [
    sse(undefined, chunk({ role: 'assistant', content: '' }, null)),
    sse(undefined, chunk({ content: 'Hello!' }, null)),
    sse(undefined, chunk({}, 'stop')),
    sse(undefined, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created, model, choices: [], usage }),
    sse(undefined, '[DONE]'),
  ];
  request.summary.model_requested = model;
  return eventStream(paced(request, chunks, runtime, () => fill(request, 'openai.chat_completions', model, OPENAI_USAGE)));
}

function responses(request: ProxyRequest, runtime: FakeRuntime): ProxyResponse {
  const { model, stream } = body(request);
  const usage = { input_tokens: 1200, input_tokens_details: { cached_tokens: 1000 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 1250 };
  const message = { type: 'message', id: 'msg_fake', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello!', annotations: [] }] };
  const response = (status: string, output: unknown[], withUsage: boolean) => ({ id: 'resp_fake', object: 'response', created_at: Math.floor(Date.now() / 1000), model, status, output, ...(withUsage ? { usage } : { usage: null }) });
  if (!stream) {
    fill(request, 'openai.responses', model, OPENAI_USAGE);
    return json(response('completed', [message], true));
  }
  const chunks = [
    sse('response.created', { type: 'response.created', sequence_number: 0, response: response('in_progress', [], false) }),
    sse('response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_fake', output_index: 0, content_index: 0, delta: 'Hello!' }),
    sse('response.completed', { type: 'response.completed', sequence_number: 2, response: response('completed', [message], true) }),
  ];
  request.summary.model_requested = model;
  return eventStream(paced(request, chunks, runtime, () => fill(request, 'openai.responses', model, OPENAI_USAGE)));
}

export const fakeLlm = definePlugin({
  name: 'fake_llm',
  version: '1.0.0',
  apiVersion: 1,
  kind: 'provider',
  description: 'test provider answering all three client formats without an upstream',
  routes: [
    {
      prefix: '/fake',
      routes: [
        { method: 'POST', path: '/v1/messages', format: 'anthropic.messages', handler: anthropic },
        { method: 'POST', path: '/v1/chat/completions', format: 'openai.chat_completions', handler: chat },
        { method: 'POST', path: '/v1/responses', format: 'openai.responses', handler: responses },
      ],
    },
  ],
  setup: ({ events }): FakeRuntime => ({ events }),
});
