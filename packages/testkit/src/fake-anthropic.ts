import type { ServerResponse } from 'node:http';
import { sendJson, sendSse, startFakeUpstream, type RecordedRequest, type SseEventRecord } from './fake-upstream.js';
import { loadSample } from './samples.js';

/** The signature of the fake's thinking block: tests check it reaches the client byte for byte. */
export const FAKE_THINKING_SIGNATURE =
  'EqQBCkgIBxABGAIqQKZ3+Tq0n7Wl8cTq1s5mIbPp0uKkQx0J2rj8p2Vv4sQ1mN8oA9L0e3r6t5y7u8i9o0p1a2s3d4f5g6h7j8k9l0==';
export const FAKE_THINKING_TEXT = 'The user greets me. A short, friendly answer fits.';

/** How the fake answers the next requests (until told otherwise). */
export type FakeAnthropicBehaviour =
  /** Replay the recorded samples (default): text, tools, thinking; JSON or SSE by `stream`. */
  | { readonly kind: 'replay'; readonly delayMs?: number }
  /** An Anthropic error body with this status (429 adds `retry-after`). */
  | { readonly kind: 'error'; readonly status: number; readonly type?: string; readonly message?: string; readonly headers?: Record<string, string>; readonly body?: string }
  /** Accept the request and never answer (timeouts). */
  | { readonly kind: 'hang' }
  /** Start the stream, then destroy the connection after `afterEvents` events. */
  | { readonly kind: 'drop'; readonly afterEvents: number }
  /** Answer with a body that is not JSON. */
  | { readonly kind: 'garbage' };

export interface FakeAnthropic {
  readonly url: string;
  /** Every request received (method, path, headers, raw body, parsed JSON). */
  readonly requests: RecordedRequest[];
  /** Requests whose connection the caller closed before the answer was complete. */
  readonly closedEarly: RecordedRequest[];
  /** Connections currently open to the fake. */
  readonly openConnections: number;
  behave(behaviour: FakeAnthropicBehaviour): void;
  /** Resolves once `count` requests were closed early by the caller. */
  waitForClosedEarly(count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface FakeAnthropicOptions {
  /** Keep every request in `requests` (default true; benchmarks turn it off). */
  readonly record?: boolean;
  /** Bearer tokens the fake accepts (others get Anthropic's 401); default: any. */
  readonly acceptTokens?: () => readonly string[];
}

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

interface Replay {
  readonly json: string;
  readonly events: readonly SseEventRecord[];
  readonly headers: Record<string, string>;
}

/** Real Anthropic sends no `[DONE]`; the recordings carry one from the Python proxy. */
function sampleReplay(name: string): Replay {
  const sample = loadSample(name);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(sample.response.headers)) {
    if (key.startsWith('anthropic-') || key === 'request-id' || key === 'x-request-id') headers[key] = value;
  }
  const events = (sample.response.events ?? []).filter((event) => event.data !== '[DONE]').map((event) => (event.event ? { event: event.event, data: event.data } : { data: event.data }));
  return { json: JSON.stringify(sample.response.body ?? {}), events, headers };
}

const sse = (type: string, data: Record<string, unknown>): SseEventRecord => ({ event: type, data: JSON.stringify({ type, ...data }) });

/** A thinking answer in Anthropic's wire format (no recording has one), with cache usage. */
function thinkingReplay(): Replay {
  const usage = { input_tokens: 30, cache_creation_input_tokens: 20, cache_read_input_tokens: 100, output_tokens: 1 };
  const message = { id: 'msg_fake_thinking', type: 'message', role: 'assistant', model: 'claude-sonnet-4-20250514', content: [], stop_reason: null, stop_sequence: null, usage };
  const events = [
    sse('message_start', { message }),
    sse('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    sse('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: FAKE_THINKING_TEXT.slice(0, 20) } }),
    sse('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: FAKE_THINKING_TEXT.slice(20) } }),
    sse('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: FAKE_THINKING_SIGNATURE } }),
    sse('content_block_stop', { index: 0 }),
    sse('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Hello! ' } }),
    sse('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'How can I help?' } }),
    sse('content_block_stop', { index: 1 }),
    sse('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 42 } }),
    sse('message_stop', {}),
  ];
  const body = {
    ...message,
    content: [
      { type: 'thinking', thinking: FAKE_THINKING_TEXT, signature: FAKE_THINKING_SIGNATURE },
      { type: 'text', text: 'Hello! How can I help?' },
    ],
    stop_reason: 'end_turn',
    usage: { ...usage, output_tokens: 42 },
  };
  return { json: JSON.stringify(body), events, headers: { 'request-id': 'req_fake_thinking' } };
}

const SAMPLE_MODEL = /"model":"[^"]*"/;

/** The recorded answer with the model the request asked for (so model mapping is observable). */
function withModel(text: string, model: unknown): string {
  return typeof model === 'string' ? text.replace(SAMPLE_MODEL, `"model":${JSON.stringify(model)}`) : text;
}

function pick(request: RecordedRequest, replays: Record<'text' | 'tools' | 'thinking', Replay>): Replay {
  const body = (request.json ?? {}) as Record<string, unknown>;
  const thinking = body['thinking'] as { type?: string } | undefined;
  if (thinking?.type === 'enabled' || thinking?.type === 'adaptive') return replays.thinking;
  if (Array.isArray(body['tools']) && body['tools'].length > 0) return replays.tools;
  return replays.text;
}

/**
 * A fake `api.anthropic.com` on 127.0.0.1 (built on startFakeUpstream): replays the recorded
 * Claude samples for `POST /v1/messages`, counts tokens for `/v1/messages/count_tokens`, and can
 * be told to fail (status, hang, dropped stream, garbage body).
 */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const replays = {
    text: sampleReplay('claude_messages'),
    tools: sampleReplay('claude_messages_tools'),
    thinking: thinkingReplay(),
  };
  const streams = {
    text: { ...replays.text, events: sampleReplay('claude_messages_stream').events },
    tools: { ...replays.tools, events: sampleReplay('claude_messages_tools_stream').events },
    thinking: replays.thinking,
  };
  let behaviour: FakeAnthropicBehaviour = { kind: 'replay' };
  const closedEarly: RecordedRequest[] = [];
  let closeWaiters: (() => void)[] = [];
  const hanging = new Set<ServerResponse>();

  const upstream = await startFakeUpstream(async (request, response) => {
    if (options.record === false) upstream.requests.length = 0;
    response.on('close', () => {
      hanging.delete(response);
      if (!response.writableFinished) {
        closedEarly.push(request);
        const waiters = closeWaiters;
        closeWaiters = [];
        for (const wake of waiters) wake();
      }
    });
    if (request.method !== 'POST' || (request.path !== '/v1/messages' && request.path !== '/v1/messages/count_tokens')) {
      sendJson(response, 404, { type: 'error', error: { type: 'not_found_error', message: `Not found: ${request.method} ${request.path}` } });
      return;
    }
    if (options.acceptTokens) {
      const bearer = /^Bearer (.+)$/.exec(request.headers['authorization'] ?? '')?.[1];
      if (bearer === undefined || !options.acceptTokens().includes(bearer)) {
        sendJson(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'OAuth token has expired.' }, request_id: 'req_fake_auth' });
        return;
      }
    }
    const current = behaviour;
    switch (current.kind) {
      case 'error': {
        const type = current.type ?? ANTHROPIC_ERROR_TYPES[current.status] ?? 'api_error';
        const headers: Record<string, string> = { 'request-id': 'req_fake_error', ...(current.status === 429 ? { 'retry-after': '17', 'anthropic-ratelimit-unified-status': 'rejected' } : {}), ...current.headers };
        const text = current.body ?? JSON.stringify({ type: 'error', error: { type, message: current.message ?? `fake upstream ${current.status}` }, request_id: 'req_fake_error' });
        response.writeHead(current.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
        response.end(text);
        return;
      }
      case 'hang':
        hanging.add(response);
        return;
      case 'garbage':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('<html>definitely not json</html>');
        return;
      default:
        break;
    }
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (request.path === '/v1/messages/count_tokens') {
      sendJson(response, 200, { input_tokens: Math.max(1, Math.round(request.body.length / 4)) });
      return;
    }
    if (body['stream'] === true) {
      const replay = pick(request, streams);
      const events = replay.events.map((event, index) => (index === 0 ? { ...event, data: withModel(event.data, body['model']) } : event));
      await sendSse(response, events, {
        headers: replay.headers,
        // A pause between events lets the written ones leave the socket before it is destroyed.
        ...(current.kind === 'drop' ? { dropAfter: current.afterEvents, delayMs: 2 } : {}),
        ...(current.kind === 'replay' && current.delayMs ? { delayMs: current.delayMs } : {}),
      });
      return;
    }
    const replay = pick(request, replays);
    const text = withModel(replay.json, body['model']);
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...replay.headers });
    response.end(text);
  });

  return {
    url: upstream.url,
    requests: upstream.requests,
    closedEarly,
    get openConnections() {
      return upstream.openConnections;
    },
    behave(next) {
      behaviour = next;
    },
    waitForClosedEarly(count = 1, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake anthropic: ${closedEarly.length}/${count} connections closed early after ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (closedEarly.length >= count) {
            clearTimeout(timer);
            resolve();
          } else closeWaiters.push(check);
        };
        check();
      });
    },
    async close() {
      for (const response of hanging) response.destroy();
      await upstream.close();
    },
  };
}
