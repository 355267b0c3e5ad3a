import type { ServerResponse } from 'node:http';
import { startFakeUpstream, sendJson, sendSse, type FakeUpstream, type RecordedRequest, type SseEventRecord } from './fake-upstream.js';
import { loadSample } from './samples.js';

/** What the fake ChatGPT Codex backend answers to one `POST /responses`. */
export type FakeCodexReply =
  /** Replays a recorded `codex_responses*_stream` sample as SSE. */
  | { kind: 'sample'; sample: string; delayMs?: number; dropAfter?: number }
  /** Any SSE events (e.g. a `response.failed` stream). */
  | { kind: 'events'; events: readonly SseEventRecord[]; delayMs?: number }
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  /** 429 `usage_limit_reached`, as the backend answers when the ChatGPT plan's window is spent. */
  | { kind: 'usage_limit'; resetsInSeconds?: number; resetsAt?: number; planType?: string }
  /** Never answers (until the connection is closed). */
  | { kind: 'hang' }
  /** Sends the sample's first `afterEvents` events (`delayMs` apart, default 5 so they reach the client), then destroys the connection. */
  | { kind: 'drop'; afterEvents: number; sample?: string; delayMs?: number };

export type FakeCodexPlanner = (request: RecordedRequest) => FakeCodexReply | undefined;

export interface FakeCodexOptions {
  /**
   * Bearer tokens the fake accepts; others get 401 like the real backend with an expired token.
   * Omitted = any token.
   */
  acceptTokens?: readonly string[] | (() => readonly string[]);
  /** Answer like the backend does when a request breaks its rules (stream, store, instructions, parameters). Default true. */
  validate?: boolean;
  /** Keep only the last N requests in `requests`/`calls` (benchmarks send 100k). Default: all. */
  maxRecorded?: number;
}

export interface FakeCodex {
  readonly url: string;
  /** `base_url` for the codex plugin (`<url>/backend-api/codex`). */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests to `/backend-api/codex/responses`. */
  readonly calls: RecordedRequest[];
  /** Sets the reply for the following requests; a planner may return undefined for the default. */
  reply(reply: FakeCodexReply | FakeCodexPlanner): void;
  /** Queues replies for the next requests only (then back to the planner). */
  replyOnce(...replies: FakeCodexReply[]): void;
  readonly openConnections: number;
  close(): Promise<void>;
}

/** Parameters the real backend refuses with `{"detail":"Unsupported parameter: <name>"}`. */
const UNSUPPORTED = ['max_output_tokens', 'max_completion_tokens', 'max_tokens', 'temperature', 'metadata'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Picks the recorded stream that matches the request: tools, structured output, reasoning, or plain. */
export function defaultCodexSample(body: unknown): string {
  if (!isObject(body)) return 'codex_responses_stream';
  const input = Array.isArray(body['input']) ? body['input'] : [];
  const answeringTools = input.some((item) => isObject(item) && item['type'] === 'function_call_output');
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  const clientTools = tools.filter((tool) => isObject(tool) && tool['name'] !== 'shell' && tool['name'] !== 'view_image');
  if (!answeringTools && clientTools.length > 0) return 'codex_responses_tools_stream';
  const format = isObject(body['text']) && isObject(body['text']['format']) ? body['text']['format'] : undefined;
  if (format?.['type'] === 'json_schema') return 'codex_responses_structured_stream';
  const reasoning = isObject(body['reasoning']) ? body['reasoning'] : undefined;
  if (reasoning?.['effort'] === 'high') return 'codex_responses_thinking_stream';
  return 'codex_responses_stream';
}

/** The backend's own request checks, so a test fails the way production would. */
function violation(request: RecordedRequest): { status: number; body: unknown } | undefined {
  const body = request.json;
  if (!isObject(body)) return { status: 400, body: { detail: 'Invalid JSON body' } };
  if (body['stream'] !== true) return { status: 400, body: { detail: 'Stream must be set to true' } };
  if (body['store'] !== false) return { status: 400, body: { detail: 'Store must be set to false' } };
  if (typeof body['instructions'] !== 'string' || body['instructions'].length === 0) return { status: 400, body: { detail: 'Instructions are required' } };
  for (const name of UNSUPPORTED) if (name in body) return { status: 400, body: { detail: `Unsupported parameter: ${name}` } };
  const model = body['model'];
  if (typeof model !== 'string' || !/^(gpt-|o\d|codex)/.test(model)) {
    return { status: 400, body: { detail: `The '${String(model)}' model is not supported when using Codex with a ChatGPT account.` } };
  }
  const input = body['input'];
  if (!Array.isArray(input)) return { status: 400, body: { error: { type: 'invalid_request_error', message: 'input must be a list', param: 'input', code: null } } };
  if (input.some((item) => isObject(item) && item['role'] === 'system')) {
    return { status: 400, body: { error: { type: 'invalid_request_error', message: 'System messages are not allowed in input', param: 'input', code: null } } };
  }
  return undefined;
}

const sampleCache = new Map<string, SseEventRecord[]>();

function sampleEvents(name: string): SseEventRecord[] {
  let events = sampleCache.get(name);
  if (!events) {
    events = (loadSample(name).response.events ?? []).map((event) => (event.event === undefined ? { data: event.data } : { event: event.event, data: event.data }));
    sampleCache.set(name, events);
  }
  return events;
}

async function answer(response: ServerResponse, reply: FakeCodexReply, request: RecordedRequest): Promise<void> {
  switch (reply.kind) {
    case 'sample':
      return sendSse(response, sampleEvents(reply.sample), {
        ...(reply.delayMs === undefined ? {} : { delayMs: reply.delayMs }),
        ...(reply.dropAfter === undefined ? {} : { dropAfter: reply.dropAfter }),
      });
    case 'events':
      return sendSse(response, reply.events, reply.delayMs === undefined ? {} : { delayMs: reply.delayMs });
    case 'error':
      return sendJson(response, reply.status, reply.body, reply.headers);
    case 'usage_limit': {
      const error: Json = { type: 'usage_limit_reached', message: 'The usage limit has been reached', plan_type: reply.planType ?? 'plus' };
      if (reply.resetsInSeconds !== undefined) error['resets_in_seconds'] = reply.resetsInSeconds;
      if (reply.resetsAt !== undefined) error['resets_at'] = reply.resetsAt;
      return sendJson(response, 429, { error });
    }
    case 'hang':
      return new Promise<void>((resolve) => response.on('close', () => resolve()));
    case 'drop':
      return sendSse(response, sampleEvents(reply.sample ?? defaultCodexSample(request.json)), { dropAfter: reply.afterEvents, delayMs: reply.delayMs ?? 5 });
  }
}

/**
 * A fake ChatGPT Codex backend on 127.0.0.1 (`POST /backend-api/codex/responses`): checks the
 * request like the real one (stream, store, instructions, unsupported parameters, bearer token),
 * records it, and replays the recorded Codex samples as SSE — plain, reasoning, tools, structured
 * output — or answers with an error, a plan usage limit, a hang, or a stream dropped midway.
 */
export async function startFakeCodex(options: FakeCodexOptions = {}): Promise<FakeCodex> {
  let planner: FakeCodexPlanner = () => undefined;
  const queued: FakeCodexReply[] = [];
  const calls: RecordedRequest[] = [];
  const validate = options.validate ?? true;
  const upstream: FakeUpstream = await startFakeUpstream(async (request, response) => {
    if (request.method !== 'POST' || request.path !== '/backend-api/codex/responses') {
      sendJson(response, 404, { detail: 'Not Found' });
      return;
    }
    calls.push(request);
    if (options.maxRecorded !== undefined) {
      if (calls.length > options.maxRecorded) calls.splice(0, calls.length - options.maxRecorded);
      if (upstream.requests.length > options.maxRecorded) upstream.requests.splice(0, upstream.requests.length - options.maxRecorded);
    }
    const accepted = typeof options.acceptTokens === 'function' ? options.acceptTokens() : options.acceptTokens;
    const token = request.headers['authorization']?.replace(/^Bearer\s+/i, '');
    if (accepted && (token === undefined || !accepted.includes(token))) {
      sendJson(response, 401, { error: { message: 'Your authentication token has expired. Please try signing in again.', type: 'invalid_request_error', code: 'token_expired', param: null } });
      return;
    }
    const reply = queued.shift() ?? planner(request);
    if (!reply && validate) {
      const problem = violation(request);
      if (problem) {
        sendJson(response, problem.status, problem.body);
        return;
      }
    }
    await answer(response, reply ?? { kind: 'sample', sample: defaultCodexSample(request.json) }, request);
  });
  return {
    url: upstream.url,
    baseUrl: `${upstream.url}/backend-api/codex`,
    requests: upstream.requests,
    calls,
    reply(next) {
      planner = typeof next === 'function' ? next : () => next;
    },
    replyOnce(...replies) {
      queued.push(...replies);
    },
    get openConnections() {
      return upstream.openConnections;
    },
    close: () => upstream.close(),
  };
}

/** An unsigned JWT (`alg: none`) with the given claims, like the tokens in `~/.codex/auth.json`. */
export function fakeCodexJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.sig`;
}

export interface CodexAuthFileOptions {
  accountId?: string;
  /** Access token expiry, epoch seconds. */
  exp?: number;
  accessToken?: string;
  refreshToken?: string;
  planType?: string;
  email?: string;
}

/**
 * The `~/.codex/auth.json` the Codex CLI writes (providers.md §4.7), with JWTs carrying the
 * `https://api.openai.com/auth.chatgpt_account_id` claim and `exp`.
 */
export function codexAuthFile(options: CodexAuthFileOptions = {}): Record<string, unknown> {
  const accountId = options.accountId ?? 'acct-test-0001';
  const exp = options.exp ?? Math.floor(Date.now() / 1000) + 3600;
  const auth = { chatgpt_account_id: accountId, chatgpt_plan_type: options.planType ?? 'plus', chatgpt_user_id: 'user-test' };
  const idToken = fakeCodexJwt({ sub: 'auth0|user-test', email: options.email ?? 'dev@example.com', exp, 'https://api.openai.com/auth': auth });
  const accessToken = options.accessToken ?? fakeCodexJwt({ sub: 'auth0|user-test', exp, 'https://api.openai.com/auth': auth, scp: ['openid', 'profile', 'email', 'offline_access'] });
  return {
    OPENAI_API_KEY: null,
    tokens: { id_token: idToken, access_token: accessToken, refresh_token: options.refreshToken ?? 'rt-test-refresh-token', account_id: accountId },
    last_refresh: new Date().toISOString(),
  };
}
