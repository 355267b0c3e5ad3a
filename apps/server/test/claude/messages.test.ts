import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_THINKING_SIGNATURE, FAKE_THINKING_TEXT, loadFingerprint, loadSample } from '@ccproxy/testkit';
import { ACCESS_TOKEN, parseSse, startClaudeHarness, type ClaudeHarness, type HarnessOptions } from './claude-harness.js';

const IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
const CLI_BETAS = 'claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14';
const FULL_PROMPT = ((loadFingerprint('claude_headers_fallback')['body_json'] as { system: { text: string }[] }).system[1]!).text;

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
async function start(options: HarnessOptions = {}): Promise<ClaudeHarness> {
  harness = await startClaudeHarness(options);
  return harness;
}

async function post(h: ClaudeHarness, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant-client-key', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('claude_api POST /claude/v1/messages (Anthropic SDK)', () => {
  it('forwards a message with the OAuth bearer and Claude Code identity, and records usage', async () => {
    const h = await start();
    const response = await h.anthropic('sk-ant-client-key').messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 1000, messages: [{ role: 'user', content: 'Hello' }] });
    expect(response.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining("I'm Claude") });
    expect(response.usage.input_tokens).toBe(24);

    expect(h.upstream.requests).toHaveLength(1);
    const call = h.upstream.requests[0]!;
    expect(call.path).toBe('/v1/messages');
    expect(call.headers['authorization']).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(call.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(call.headers)).not.toContain('sk-ant-client-key');
    expect(call.headers['anthropic-version']).toBe('2023-06-01');
    expect(call.headers['anthropic-beta']).toBe(CLI_BETAS);
    expect(call.headers['user-agent']).toBe('claude-cli/1.0.113 (external, sdk-cli)');
    expect(call.headers['x-app']).toBe('cli');
    expect(call.headers['x-stainless-package-version']).toBe('0.60.0');
    expect(call.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(call.json).toEqual({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 1000,
      messages: [{ role: 'user', content: 'Hello' }],
      system: [{ type: 'text', text: IDENTITY, cache_control: { type: 'ephemeral' } }],
    });

    const summary = await h.summary();
    expect(summary).toMatchObject({
      event: 'request.completed',
      provider: 'claude_api',
      status: 200,
      streaming: false,
      client_format: 'anthropic.messages',
      upstream_format: 'anthropic.messages',
      model_requested: 'claude-sonnet-4-20250514',
      model_sent: 'claude-sonnet-4-20250514',
      endpoint: '/v1/messages',
      usage: { input_tokens: 24, output_tokens: 40, cache_read_tokens: 0, cache_creation_tokens: 0, reasoning_tokens: 0 },
      upstream: { url: `${h.upstream.url}/v1/messages`, status: 200 },
      error: null,
    });
  });

  it('returns the upstream body byte for byte with its rate-limit headers, under our request id', async () => {
    const h = await start();
    // Claude Code posts to `/v1/messages?beta=true`; the query is not forwarded.
    const response = await post(h, '/claude/v1/messages?beta=true', { model: 'claude-sonnet-4-20250514', max_tokens: 1000, messages: [{ role: 'user', content: 'Hello' }] }, { 'x-request-id': 'trace-me-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('x-request-id')).toBe('trace-me-1');
    expect(response.headers.get('anthropic-ratelimit-unified-status')).toBe('allowed');
    expect(response.headers.get('request-id')).toBe('req_011CTZYZU8kLGUKu6UoFkSue');
    expect(response.headers.get('upstream-request-id')).toBe('c704e4b4');
    expect(await response.text()).toBe(JSON.stringify(loadSample('claude_messages').response.body));
    expect(h.upstream.requests[0]?.path).toBe('/v1/messages');
    expect([...(h.upstream.requests[0]?.query.keys() ?? [])]).toEqual([]);
  });

  it('reports healthy when the credentials are usable', async () => {
    const h = await start();
    const health = (await (await fetch(`${h.url}/plugins/claude_api/health`)).json()) as { status: string; details: { health_check: { status: string; output: string; details: Record<string, unknown> } } };
    expect(health.status).toBe('healthy');
    expect(health.details.health_check).toMatchObject({ status: 'pass', output: 'Claude API: Authenticated (max), 11 models available' });
    expect(health.details.health_check.details).toMatchObject({ base_url: h.upstream.url, auth: { token_available: true }, fingerprint: { version: '1.0.113' } });
    expect(JSON.stringify(health)).not.toContain(ACCESS_TOKEN);
  });

  it('streams the upstream events unchanged as they arrive (SDK helper and raw bytes)', async () => {
    const h = await start();
    const stream = h.anthropic().messages.stream({ model: 'claude-sonnet-4-20250514', max_tokens: 1000, messages: [{ role: 'user', content: 'Hello' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(2);
    expect(final.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('anything I can help you with?') });
    expect(final.usage.output_tokens).toBe(41);
    expect(h.upstreamJson()['stream']).toBe(true);
    expect(await h.summary()).toMatchObject({ streaming: true, status: 200, usage: { input_tokens: 24, output_tokens: 41 }, model_sent: 'claude-sonnet-4-20250514' });

    const raw = await post(h, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'Hello' }] });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.headers.get('cache-control')).toBe('no-cache');
    const expected = (loadSample('claude_messages_stream').response.events ?? [])
      .filter((event) => event.data !== '[DONE]')
      .map((event) => `event: ${event.event}\ndata: ${event.data}\n\n`)
      .join('');
    expect(await raw.text()).toBe(expected);
  });

  it('relays tool use, non-streaming and streaming', async () => {
    const h = await start();
    const sample = loadSample('claude_messages_tools');
    const tools = sample.request.payload['tools'] as { name: string; description: string; input_schema: { type: 'object'; properties: Record<string, unknown> } }[];
    const request = { model: 'claude-sonnet-4-20250514', max_tokens: 1000, tools, messages: [{ role: 'user' as const, content: "What's the weather like in New York?" }] };
    const message = await h.anthropic().messages.create(request);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.filter((block) => block.type === 'tool_use').map((block) => block.name)).toEqual(['get_weather', 'calculate_distance']);
    expect(h.upstreamJson()['tools']).toEqual(tools);

    const final = await h.anthropic().messages.stream(request).finalMessage();
    const calls = final.content.filter((block) => block.type === 'tool_use');
    expect(calls.map((block) => block.input)).toEqual([{ location: 'New York' }, { lat1: '40.7128', lon1: '-74.0060', lat2: '34.0522', lon2: '-118.2437' }]);
    expect((await h.summary(2)).usage).toMatchObject({ input_tokens: 572, output_tokens: 186 });
  });

  it('passes thinking blocks and signatures byte for byte both ways, and counts cache tokens', async () => {
    const h = await start();
    // Odd but valid formatting: the upstream must receive these exact bytes for the history.
    const history = `[ {"role":"user","content":"Hi \\u00e9t\\u00e9"},
      {"role": "assistant", "content": [ {"type":"thinking","thinking":"Earlier \\"quoted\\" thought","signature":"${FAKE_THINKING_SIGNATURE}"}, {"type":"text","text":"Hello!"} ]},
      {"role":"user","content":"And now?"} ]`;
    const body = `{"model":"claude-sonnet-4-20250514","max_tokens":2048,"thinking":{"type":"enabled","budget_tokens":1024},"messages":${history}}`;
    const response = await post(h, '/claude/v1/messages', body);
    expect(response.status).toBe(200);
    const message = (await response.json()) as { content: { type: string; signature?: string; thinking?: string }[] };
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: FAKE_THINKING_TEXT, signature: FAKE_THINKING_SIGNATURE });
    const sent = h.upstream.requests[0]!.body.toString('utf8');
    expect(sent).toContain(`"messages":${history}`);
    expect(await h.summary()).toMatchObject({ usage: { input_tokens: 30, cache_read_tokens: 100, cache_creation_tokens: 20, output_tokens: 42 } });

    const stream = h.anthropic().messages.stream({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toEqual({ type: 'thinking', thinking: FAKE_THINKING_TEXT, signature: FAKE_THINKING_SIGNATURE });
    expect(await h.summary(2)).toMatchObject({ streaming: true, usage: { input_tokens: 30, cache_read_tokens: 100, cache_creation_tokens: 20, output_tokens: 42 } });
  });
});

describe('claude_api upstream request preparation', () => {
  it('merges the client betas with the required ones, without the CLI-only tags', async () => {
    const h = await start();
    await h.anthropic('k', { 'anthropic-beta': 'context-1m-2025-08-07, claude-code-20250219' }).messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstream.requests[0]!.headers['anthropic-beta']).toBe('context-1m-2025-08-07,claude-code-20250219,oauth-2025-04-20');
    await h.anthropic('k', { 'anthropic-beta': 'custom-tag,custom-tag' }).messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstream.requests[1]!.headers['anthropic-beta']).toBe('custom-tag,claude-code-20250219,oauth-2025-04-20');
  });

  it('strips billing-header lines, prepends the identity block once, and keeps the rest of the system prompt', async () => {
    const h = await start();
    await post(h, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', max_tokens: 10, system: 'x-anthropic-billing-header: cc_version=2.0.1; cc_entrypoint=cli; cch=9f2a;\nYou are terse.', messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstreamJson()['system']).toEqual([
      { type: 'text', text: IDENTITY, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'You are terse.' },
    ]);
    // Claude Code itself: billing block, identity, prompt. No second identity block.
    const claudeCode = [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.0.1; cc_entrypoint=cli; cch=77ab;' },
      { type: 'text', text: IDENTITY, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Be helpful.', cache_control: { type: 'ephemeral' } },
    ];
    await post(h, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', max_tokens: 10, system: claudeCode, messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstreamJson()['system']).toEqual(claudeCode.slice(1));
  });

  it('injects nothing in mode none and all Claude Code blocks in mode full', async () => {
    const none = await start({ claude: { system_prompt_injection_mode: 'none' } });
    await post(none, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(none.upstreamJson()).not.toHaveProperty('system');
    await none.close();
    harness = undefined;

    const full = await start({ claude: { system_prompt_injection_mode: 'full' } });
    await post(full, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', max_tokens: 10, system: [{ type: 'text', text: 'Mine.' }], messages: [{ role: 'user', content: 'Hi' }] });
    const system = full.upstreamJson()['system'] as { text: string }[];
    expect(system.map((block) => block.text)).toEqual([IDENTITY, FULL_PROMPT, 'Mine.']);
  });

  it('maps model aliases and restores the client name in JSON and streamed answers', async () => {
    const h = await start();
    const message = await h.anthropic().messages.create({ model: 'claude-3-5-sonnet-latest', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstreamJson()['model']).toBe('claude-3-5-sonnet-20241022');
    expect(message.model).toBe('claude-3-5-sonnet-latest');
    expect(await h.summary()).toMatchObject({ model_requested: 'claude-3-5-sonnet-latest', model_sent: 'claude-3-5-sonnet-20241022' });

    const raw = await post(h, '/claude/v1/messages', { model: 'haiku', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstreamJson()['model']).toBe('claude-haiku-4-5-20251001');
    const events = parseSse(await raw.text());
    const first = JSON.parse(events[0]!.data) as { message: { model: string } };
    expect(first.message.model).toBe('haiku');
    expect(events.map((event) => event.data).join('')).not.toContain('claude-haiku-4-5-20251001');
  });

  it('cleans sampling fields and keeps at most four cache_control markers (injected one kept)', async () => {
    const h = await start();
    const marked = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
    await post(h, '/claude/v1/messages', {
      model: 'claude-sonnet-4-20250514',
      max_tokens: 10,
      temperature: 0.5,
      top_p: 0.9,
      system: [marked('s'.repeat(50))],
      messages: [
        { role: 'user', content: [marked('a'.repeat(10)), marked('b'.repeat(300))] },
        { role: 'assistant', content: [marked('c'.repeat(200))] },
        { role: 'user', content: [marked('d'.repeat(5))] },
      ],
    });
    const body = h.upstreamJson();
    expect(body).toMatchObject({ temperature: 0.5 });
    expect(body).not.toHaveProperty('top_p');
    const text = JSON.stringify(body);
    expect(text.match(/cache_control/g)).toHaveLength(4);
    const system = body['system'] as { text: string; cache_control?: unknown }[];
    expect(system[0]).toMatchObject({ text: IDENTITY, cache_control: { type: 'ephemeral' } });
    const messages = body['messages'] as { content: { text: string; cache_control?: unknown }[] }[];
    expect(messages[0]!.content[0]).not.toHaveProperty('cache_control'); // 10 chars: smallest but one
    expect(messages[2]!.content[0]).not.toHaveProperty('cache_control'); // 5 chars: smallest
    expect(messages[0]!.content[1]).toHaveProperty('cache_control');

    await post(h, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', max_tokens: 10, temperature: null, messages: [{ role: 'user', content: 'Hi' }] });
    expect(h.upstreamJson()).not.toHaveProperty('temperature');
  });

  it("forwards Claude Code's repeated tools unchanged turn after turn, and still limits tools that carry cache_control", async () => {
    const h = await start();
    const capture = loadFingerprint('claude_headers_fallback')['body_json'] as { tools: { name: string; cache_control?: unknown }[]; system: unknown[] };
    const turn = (text: string, tools: unknown[] = capture.tools) => ({ model: 'claude-sonnet-4-20250514', max_tokens: 100, system: capture.system, tools, messages: [{ role: 'user', content: text }] });
    for (const text of ['first turn', 'second turn', 'third turn']) {
      const response = await h.anthropic('sk-ant-client-key').messages.create(turn(text) as never);
      expect(response.type).toBe('message');
      const sent = h.upstreamJson();
      expect(sent['tools']).toEqual(capture.tools);
      expect((sent['messages'] as { content: string }[])[0]!.content).toBe(text);
    }
    // Tools with five cache_control markers (none elsewhere but the injected block): the limit still applies.
    const marked = capture.tools.map((tool, index) => (index < 5 ? { ...tool, cache_control: { type: 'ephemeral' } } : tool));
    await post(h, '/claude/v1/messages', turn('marked', marked));
    expect(JSON.stringify(h.upstreamJson()['tools']).match(/cache_control/g)).toHaveLength(3);
    // And the unmarked tools go through unchanged again afterwards.
    await post(h, '/claude/v1/messages', turn('again'));
    expect(h.upstreamJson()['tools']).toEqual(capture.tools);
  });

  it('refuses bodies it cannot forward with a 422 in the Anthropic format, before any upstream call', async () => {
    const h = await start();
    const missing = await post(h, '/claude/v1/messages', { model: 'claude-sonnet-4-20250514', messages: [{ role: 'user', content: 'Hi' }] });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'body -> max_tokens: Field required' } });
    const malformed = await post(h, '/claude/v1/messages', '{"model":');
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as { type: string }).type).toBe('error');
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe('claude_api count_tokens and models', () => {
  it('forwards count_tokens upstream with the same preparation', async () => {
    const h = await start();
    const counted = await h.anthropic().messages.countTokens({ model: 'claude-sonnet-4-20250514', messages: [{ role: 'user', content: 'Hello there' }] });
    expect(counted.input_tokens).toBeGreaterThan(0);
    const call = h.upstream.requests[0]!;
    expect(call.path).toBe('/v1/messages/count_tokens');
    expect(call.headers['authorization']).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect((call.json as { system: { text: string }[] }).system[0]!.text).toBe(IDENTITY);
    expect(await h.summary()).toMatchObject({ status: 200, endpoint: '/v1/messages/count_tokens', usage: null });
  });

  it('lists the configured models for both SDKs without calling upstream', async () => {
    const h = await start();
    const openai = await h.openai().models.list();
    expect(openai.data.map((model) => model.id)).toContain('claude-3-5-sonnet-20241022');
    for (const model of openai.data) expect(model).toMatchObject({ object: 'model', owned_by: 'anthropic', created: expect.any(Number) });
    const anthropic = await h.anthropic().models.list();
    expect(anthropic.data[0]).toMatchObject({ id: 'claude-sonnet-4-6', type: 'model', display_name: 'claude-sonnet-4-6' });
    expect(h.upstream.requests).toHaveLength(0);
  });
});
