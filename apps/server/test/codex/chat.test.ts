import { afterEach, describe, expect, it } from 'vitest';
import { startCodexHarness, upstreamBody, type CodexHarness, CLI_INSTRUCTIONS } from './codex-harness.js';

const WEATHER_TOOLS = [
  {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'Get current weather information for a specific location',
      parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'calculate_distance',
      description: 'Calculate the distance between two geographic coordinates',
      parameters: { type: 'object', properties: { lat1: { type: 'string' }, lon1: { type: 'string' }, lat2: { type: 'string' }, lon2: { type: 'string' } } },
    },
  },
];

let harness: CodexHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
async function start(): Promise<CodexHarness> {
  harness = await startCodexHarness();
  return harness;
}

describe('codex /v1/chat/completions (OpenAI SDK, chat → responses)', () => {
  it('answers a non-streaming completion converted from the collected Responses stream', async () => {
    const h = await start();
    const completion = await h.openai().chat.completions.create({
      model: 'gpt-5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 200,
      temperature: 0.2,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe('Hey! How can I help you today?');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 2239, completion_tokens: 15, prompt_tokens_details: { cached_tokens: 2176 } });

    const body = upstreamBody(h);
    expect(body).toMatchObject({ model: 'gpt-5', stream: true, store: false });
    expect(body['instructions']).toBe(`${CLI_INSTRUCTIONS}\nYou are terse.`);
    expect(body['input']).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }]);
    for (const rejected of ['max_output_tokens', 'temperature', 'max_tokens']) expect(body).not.toHaveProperty(rejected);
    expect(await h.summary()).toMatchObject({
      client_format: 'openai.chat_completions',
      upstream_format: 'openai.responses',
      model_requested: 'gpt-5',
      model_sent: 'gpt-5',
      usage: { input_tokens: 63, output_tokens: 15, cache_read_tokens: 2176 },
    });
  });

  it('streams chat chunks ending with [DONE], with usage when asked', async () => {
    const h = await start();
    const raw = await fetch(`${h.url}/codex/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    const lines = (await raw.text()).split('\n').filter((line) => line.startsWith('data: '));
    expect(lines.at(-1)).toBe('data: [DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line.slice(6)) as { object: string; choices: { delta: { content?: string } }[]; usage?: { completion_tokens: number } });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hey! How can I help you today?');
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(15);
    expect((await h.summary()).usage).toMatchObject({ output_tokens: 15, cache_read_tokens: 2176 });
  });

  it('streams through the SDK', async () => {
    const h = await start();
    const stream = await h.openai().chat.completions.create({ model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe('Hey! How can I help you today?');
    expect(finish).toBe('stop');
  });

  it('maps json_schema response_format to text.format and returns the JSON', async () => {
    const h = await start();
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, answer_type: { type: 'string' } },
      required: ['answer', 'answer_type'],
      additionalProperties: false,
    };
    const completion = await h.openai().chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'What is 2+2? Answer in one word.' }],
      response_format: { type: 'json_schema', json_schema: { name: 'structured_math_response', schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ answer: 'four', answer_type: 'word' });
    expect((upstreamBody(h)['text'] as { format: Record<string, unknown> }).format).toMatchObject({ type: 'json_schema', name: 'structured_math_response', schema });
  });

  it('returns tool calls (non-streaming) with the upstream call ids', async () => {
    const h = await start();
    const completion = await h.openai().chat.completions.create({ model: 'gpt-5', messages: [{ role: 'user', content: 'Weather in New York?' }], tools: WEATHER_TOOLS });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const calls = (choice.message.tool_calls ?? []).map((call) => (call.type === 'function' ? [call.id, call.function.name, JSON.parse(call.function.arguments)] : []));
    expect(calls).toEqual([
      ['call_eUSoRaSdhGFRVK4PMkXefkGK', 'get_weather', { location: 'New York, NY', unit: 'F' }],
      ['call_8PVI0M8Z0FET0LRZJAvSjCHa', 'calculate_distance', { lat1: '40.7128', lon1: '-74.0060', lat2: '34.0522', lon2: '-118.2437' }],
    ]);
    expect((upstreamBody(h)['tools'] as { name: string }[]).map((tool) => tool.name)).toEqual(['get_weather', 'calculate_distance']);
  });

  it('streams tool calls as indexed deltas, and the second turn carries the tool outputs', async () => {
    const h = await start();
    const openai = h.openai();
    const stream = await openai.chat.completions.create({ model: 'gpt-5', stream: true, messages: [{ role: 'user', content: 'Weather in New York?' }], tools: WEATHER_TOOLS });
    const calls = new Map<number, { id?: string; name?: string; args: string }>();
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const call = calls.get(delta.index) ?? { args: '' };
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name = delta.function.name;
        call.args += delta.function?.arguments ?? '';
        calls.set(delta.index, call);
      }
    }
    expect([...calls.values()].map((call) => call.id)).toEqual(['call_eUSoRaSdhGFRVK4PMkXefkGK', 'call_8PVI0M8Z0FET0LRZJAvSjCHa']);
    expect(JSON.parse(calls.get(0)!.args)).toEqual({ location: 'New York, NY', unit: 'F' });

    const followUp = await openai.chat.completions.create({
      model: 'gpt-5',
      tools: WEATHER_TOOLS,
      messages: [
        { role: 'user', content: 'Weather in New York?' },
        { role: 'assistant', content: null, tool_calls: [...calls.values()].map((call) => ({ id: call.id!, type: 'function' as const, function: { name: call.name!, arguments: call.args } })) },
        { role: 'tool', tool_call_id: 'call_eUSoRaSdhGFRVK4PMkXefkGK', content: '72F and sunny' },
        { role: 'tool', tool_call_id: 'call_8PVI0M8Z0FET0LRZJAvSjCHa', content: '3936 km' },
      ],
    });
    expect(followUp.choices[0]?.message.content).toBe('Hey! How can I help you today?');
    const input = upstreamBody(h)['input'] as { type: string; call_id?: string; output?: unknown }[];
    expect(input.filter((item) => item.type === 'function_call').map((item) => item.call_id)).toEqual(['call_eUSoRaSdhGFRVK4PMkXefkGK', 'call_8PVI0M8Z0FET0LRZJAvSjCHa']);
    expect(input.filter((item) => item.type === 'function_call_output')).toEqual([
      { type: 'function_call_output', call_id: 'call_eUSoRaSdhGFRVK4PMkXefkGK', output: '72F and sunny' },
      { type: 'function_call_output', call_id: 'call_8PVI0M8Z0FET0LRZJAvSjCHa', output: '3936 km' },
    ]);
    // Both turns of one conversation share the prompt cache key.
    expect(upstreamBody(h, 0)['prompt_cache_key']).toBe(upstreamBody(h, 1)['prompt_cache_key']);
  });

  it('renders reasoning summaries and reports reasoning tokens', async () => {
    const h = await start();
    const completion = await h.openai().chat.completions.create({ model: 'gpt-5', reasoning_effort: 'high', messages: [{ role: 'user', content: 'Factorial of 5?' }] });
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).toContain('<thinking>');
    expect(content).toContain('Answer: 120');
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(320);
    expect(upstreamBody(h)['reasoning']).toMatchObject({ effort: 'high' });
  });

  it('answers malformed JSON and a body without messages with 400 in the chat error shape', async () => {
    const h = await start();
    const bad = await fetch(`${h.url}/codex/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: 'invalid_request_error', code: '400' } });
    const empty = await fetch(`${h.url}/codex/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-5"}' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/messages/);
    expect(h.upstream.calls).toHaveLength(0);
  });
});
