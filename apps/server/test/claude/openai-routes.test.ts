import { afterEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, parseSse, startClaudeHarness, type ClaudeHarness, type HarnessOptions } from './claude-harness.js';

const IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
async function start(options: HarnessOptions = {}): Promise<ClaudeHarness> {
  harness = await startClaudeHarness(options);
  return harness;
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Get current weather information for a specific location',
    parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] },
  },
};
const distanceTool = {
  type: 'function' as const,
  function: {
    name: 'calculate_distance',
    description: 'Calculate the distance between two geographic coordinates',
    parameters: { type: 'object', properties: { lat1: { type: 'string' }, lon1: { type: 'string' }, lat2: { type: 'string' }, lon2: { type: 'string' } } },
  },
};

describe('claude_api POST /claude/v1/chat/completions (OpenAI SDK)', () => {
  it('converts a chat request to Anthropic and the answer back, restoring the client model name', async () => {
    const h = await start();
    const completion = await h.openai('sk-openai-client-key').chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o');
    expect(completion.choices[0]?.message.content).toContain("I'm Claude");
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 24, completion_tokens: 40 });

    const call = h.upstream.requests[0]!;
    expect(call.path).toBe('/v1/messages');
    expect(call.headers['authorization']).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(JSON.stringify(call.headers)).not.toContain('sk-openai-client-key');
    expect(call.json).toMatchObject({
      model: 'claude-sonnet-4-6',
      max_tokens: 4096,
      messages: [{ role: 'user' }],
      system: [
        { type: 'text', text: IDENTITY, cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'You are terse.' },
      ],
    });
    expect(await h.summary()).toMatchObject({
      client_format: 'openai.chat_completions',
      upstream_format: 'anthropic.messages',
      model_requested: 'gpt-4o',
      model_sent: 'claude-sonnet-4-6',
      usage: { input_tokens: 24, output_tokens: 40 },
    });
  });

  it('streams chat.completion.chunk deltas converted on the fly, ending with [DONE]', async () => {
    const h = await start();
    const raw = await fetch(`${h.url}/claude/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-openai-client-key' },
      body: JSON.stringify({ model: 'claude-sonnet-4-20250514', stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await raw.text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data) as { object: string; choices: { delta: { content?: string }; finish_reason: string | null }[] });
    for (const chunk of chunks) expect(chunk.object).toBe('chat.completion.chunk');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe("Hello! It's nice to meet you. I'm Claude, an AI assistant created by Anthropic. How are you doing today, and is there anything I can help you with?");
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(await h.summary()).toMatchObject({ streaming: true, client_format: 'openai.chat_completions', usage: { input_tokens: 24, output_tokens: 41 } });
  });

  it('streams tool calls that the SDK stream helper assembles', async () => {
    const h = await start();
    const stream = h.openai().chat.completions.stream({
      model: 'claude-sonnet-4-20250514',
      messages: [{ role: 'user', content: "What's the weather like in New York, and how far is it from Los Angeles?" }],
      tools: [weatherTool, distanceTool],
    });
    const done: string[] = [];
    stream.on('tool_calls.function.arguments.done', (event) => done.push(event.name));
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => (call.type === 'function' ? call.function.name : ''))).toEqual(['get_weather', 'calculate_distance']);
    const first = calls[0];
    expect(first?.type === 'function' ? JSON.parse(first.function.arguments) : null).toEqual({ location: 'New York' });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(done).toEqual(['get_weather', 'calculate_distance']);
    expect((h.upstreamJson()['tools'] as { name: string }[]).map((tool) => tool.name)).toEqual(['get_weather', 'calculate_distance']);
  });

  it('honours default_max_tokens for clients that send no limit', async () => {
    const h = await start({ claude: { default_max_tokens: 1234 } });
    await h.openai().chat.completions.create({ model: 'claude-sonnet-4-20250514', messages: [{ role: 'user', content: 'Hello' }] });
    expect(h.upstreamJson()['max_tokens']).toBe(1234);
    await h.openai().chat.completions.create({ model: 'claude-sonnet-4-20250514', max_completion_tokens: 77, messages: [{ role: 'user', content: 'Hello' }] });
    expect(h.upstreamJson()['max_tokens']).toBe(77);
  });

  it('answers a chat body without messages with a 422 in the OpenAI format', async () => {
    const h = await start();
    const response = await fetch(`${h.url}/claude/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o' }) });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { message: 'body -> messages: Field required', type: 'validation_error', param: null, code: '422' } });
    expect(h.upstream.requests).toHaveLength(0);
  });
});

describe('claude_api POST /claude/v1/responses (OpenAI SDK)', () => {
  it('converts a Responses request and answer', async () => {
    const h = await start();
    const response = await h.openai().responses.create({ model: 'claude-sonnet-4-20250514', instructions: 'Be brief.', input: 'Hello', max_output_tokens: 500 });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toContain("I'm Claude");
    expect(response.usage).toMatchObject({ input_tokens: 24, output_tokens: 40 });
    const body = h.upstreamJson();
    expect(body).toMatchObject({ model: 'claude-sonnet-4-20250514', max_tokens: 500 });
    expect((body['system'] as { text: string }[]).map((block) => block.text)).toEqual([IDENTITY, 'Be brief.']);
    expect(await h.summary()).toMatchObject({ client_format: 'openai.responses', upstream_format: 'anthropic.messages', usage: { input_tokens: 24, output_tokens: 40 } });
  });

  it('streams Responses events converted on the fly', async () => {
    const h = await start();
    const stream = h.openai().responses.stream({ model: 'claude-sonnet-4-20250514', input: 'Hello' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas.join('')).toBe(final.output_text);
    expect(final.output_text).toContain('anything I can help you with?');
    expect(final.status).toBe('completed');
    expect(await h.summary()).toMatchObject({ streaming: true, client_format: 'openai.responses', usage: { input_tokens: 24, output_tokens: 41 } });
  });

  it('answers malformed JSON with a 400 in the Responses format', async () => {
    const h = await start();
    const response = await fetch(`${h.url}/claude/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": "x",' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request_error' } });
  });
});
