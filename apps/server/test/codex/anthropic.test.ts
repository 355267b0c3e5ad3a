import { describe, expect, it } from 'vitest';
import type Anthropic from '@anthropic-ai/sdk';
import { upstreamBody, useCodexHarness, CLI_INSTRUCTIONS } from './codex-harness.js';

const TOOLS: Anthropic.Tool[] = [
  {
    name: 'get_weather',
    description: 'Get current weather information for a specific location',
    input_schema: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } }, required: ['location'] },
  },
  {
    name: 'calculate_distance',
    description: 'Calculate the distance between two geographic coordinates',
    input_schema: { type: 'object', properties: { lat1: { type: 'string' }, lon1: { type: 'string' }, lat2: { type: 'string' }, lon2: { type: 'string' } } },
  },
];

/** What Claude Code sends: a billing header line in the system prompt and a session in metadata. */
const CLAUDE_CODE_SYSTEM: Anthropic.TextBlockParam[] = [
  { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.0.14; cch=7f3a9c' },
  { type: 'text', text: 'You are Claude Code, an interactive CLI tool.' },
];
const sessionUser = (session: string) => `user_0123abcd_account_5e7f_session_${session}`;

const start = useCodexHarness();

describe('codex /v1/messages (Anthropic SDK, the Claude Code path)', () => {
  it('answers messages.create, with the Codex prompt first and the billing header line stripped', async () => {
    const h = await start();
    const message = await h.anthropic('sk-ant-secret-key').messages.create({
      model: 'gpt-5-codex',
      max_tokens: 1024,
      system: CLAUDE_CODE_SYSTEM,
      metadata: { user_id: sessionUser('a1') },
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.content).toEqual([{ type: 'text', text: 'Hey! How can I help you today?' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 63, output_tokens: 15, cache_read_input_tokens: 2176 });

    const body = upstreamBody(h);
    expect(body).toMatchObject({ model: 'gpt-5-codex', stream: true, store: false });
    expect(body['instructions']).toBe(`${CLI_INSTRUCTIONS}\nYou are Claude Code, an interactive CLI tool.`);
    expect(body).not.toHaveProperty('metadata');
    expect(body).not.toHaveProperty('max_output_tokens');
    const headers = h.upstream.calls[0]!.headers;
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['anthropic-version']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('sk-ant-secret-key');
    expect(await h.summary()).toMatchObject({
      client_format: 'anthropic.messages',
      upstream_format: 'openai.responses',
      model_requested: 'gpt-5-codex',
      model_sent: 'gpt-5-codex',
      usage: { input_tokens: 63, output_tokens: 15, cache_read_tokens: 2176, reasoning_tokens: 0 },
    });
  });

  it('runs a full tool-use round trip with messages.stream; the second turn carries the matching function_call_output', async () => {
    const h = await start();
    const anthropic = h.anthropic();
    const first: Anthropic.MessageParam = { role: 'user', content: "What's the weather like in New York, and how far is it from Los Angeles?" };
    const common = { model: 'gpt-5-codex', max_tokens: 2048, tools: TOOLS, system: CLAUDE_CODE_SYSTEM, metadata: { user_id: sessionUser('round-trip') } };

    const stream = anthropic.messages.stream({ ...common, messages: [first] });
    const eventTypes: string[] = [];
    stream.on('streamEvent', (event) => eventTypes.push(event.type));
    const turn1 = await stream.finalMessage();
    expect(eventTypes[0]).toBe('message_start');
    expect(eventTypes.at(-1)).toBe('message_stop');
    expect(turn1.stop_reason).toBe('tool_use');
    const toolUses = turn1.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
    expect(toolUses.map((block) => [block.id, block.name, block.input])).toEqual([
      ['call_eUSoRaSdhGFRVK4PMkXefkGK', 'get_weather', { location: 'New York, NY', unit: 'F' }],
      ['call_8PVI0M8Z0FET0LRZJAvSjCHa', 'calculate_distance', { lat1: '40.7128', lon1: '-74.0060', lat2: '34.0522', lon2: '-118.2437' }],
    ]);

    const turn2 = await anthropic.messages.stream({
      ...common,
      messages: [
        first,
        { role: 'assistant', content: turn1.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: toolUses[0]!.id, content: '72F and sunny' },
            { type: 'tool_result', tool_use_id: toolUses[1]!.id, content: [{ type: 'text', text: '3936 km' }] },
          ],
        },
      ],
    }).finalMessage();
    expect(turn2.stop_reason).toBe('end_turn');
    expect(turn2.content.find((block) => block.type === 'text')).toMatchObject({ text: 'Hey! How can I help you today?' });

    expect(h.upstream.calls).toHaveLength(2);
    const second = upstreamBody(h, 1);
    const input = second['input'] as { type: string; call_id?: string; name?: string; output?: unknown }[];
    expect(input.filter((item) => item.type === 'function_call').map((item) => [item.call_id, item.name])).toEqual([
      ['call_eUSoRaSdhGFRVK4PMkXefkGK', 'get_weather'],
      ['call_8PVI0M8Z0FET0LRZJAvSjCHa', 'calculate_distance'],
    ]);
    expect(input.filter((item) => item.type === 'function_call_output')).toEqual([
      { type: 'function_call_output', call_id: 'call_eUSoRaSdhGFRVK4PMkXefkGK', output: '72F and sunny' },
      { type: 'function_call_output', call_id: 'call_8PVI0M8Z0FET0LRZJAvSjCHa', output: '3936 km' },
    ]);
    // One conversation: the same cache key and session on both turns.
    expect(upstreamBody(h, 0)['prompt_cache_key']).toBe(second['prompt_cache_key']);
    expect(h.upstream.calls[0]!.headers['session_id']).toBe(h.upstream.calls[1]!.headers['session_id']);

    const summaries = [await h.summary(1), await h.summary(2)];
    expect(summaries.map((summary) => summary.streaming)).toEqual([true, true]);
    expect(summaries[0]!.usage).toMatchObject({ input_tokens: 818, cache_read_tokens: 1536, output_tokens: 342, reasoning_tokens: 256 });
  });

  it('keeps prompt_cache_key stable per conversation and never shares it between clients', async () => {
    const h = await start();
    const ask = (apiKey: string, userId?: string) =>
      h.anthropic(apiKey).messages.create({
        model: 'gpt-5-codex',
        max_tokens: 100,
        ...(userId ? { metadata: { user_id: userId } } : {}),
        messages: [{ role: 'user', content: 'Hello' }],
      });
    await ask('sk-client-one');
    await ask('sk-client-one');
    await ask('sk-client-two');
    await ask('sk-client-one', sessionUser('s1'));
    await ask('sk-client-one', sessionUser('s2'));
    const keys = h.upstream.calls.map((call) => (call.json as { prompt_cache_key: string }).prompt_cache_key);
    expect(keys[0]).toBe(keys[1]); // same client, same conversation start
    expect(keys[2]).not.toBe(keys[0]); // another client with the same first message
    expect(keys[3]).not.toBe(keys[4]); // two Claude Code sessions
    expect(new Set(keys).size).toBe(4);
    // Never the fixed key of the captured CLI request.
    expect(keys).not.toContain('2442d30f-2543-48fc-8fd2-bf595e099655');
  });

  it('serves /codex/{session_id}/v1/messages and ties the conversation to that session', async () => {
    const h = await start();
    const post = (session: string) =>
      fetch(`${h.url}/codex/${session}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'gpt-5-codex', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] }),
      });
    const first = await post('sess-a');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'Hey! How can I help you today?' }] });
    await (await post('sess-a')).text();
    await (await post('sess-b')).text();
    const keys = h.upstream.calls.map((call) => (call.json as { prompt_cache_key: string }).prompt_cache_key);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('streams text as text_delta events and reports usage in message_delta', async () => {
    const h = await start();
    const raw = await fetch(`${h.url}/codex/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5-codex', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    const text = await raw.text();
    const events = text
      .split('\n\n')
      .filter((block) => block.includes('data: '))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { type: string; delta?: { type?: string; text?: string }; usage?: { output_tokens: number } });
    const deltas = events.filter((event) => event.type === 'content_block_delta');
    expect(deltas.every((event) => event.delta?.type === 'text_delta')).toBe(true);
    expect(deltas.map((event) => event.delta?.text).join('')).toBe('Hey! How can I help you today?');
    expect(events.find((event) => event.type === 'message_delta')?.usage?.output_tokens).toBe(15);
    expect(events.at(-1)?.type).toBe('message_stop');
  });

  it('turns reasoning summaries into thinking blocks when Claude Code asks for thinking', async () => {
    const h = await start();
    const message = await h.anthropic().messages.create({
      model: 'gpt-5-codex',
      max_tokens: 20_000,
      thinking: { type: 'enabled', budget_tokens: 16_000 },
      messages: [{ role: 'user', content: 'Factorial of 5?' }],
    });
    expect(upstreamBody(h)['reasoning']).toMatchObject({ effort: 'high' });
    const thinking = message.content.filter((block) => block.type === 'thinking');
    expect(thinking.length).toBeGreaterThan(0);
    expect(message.content.find((block) => block.type === 'text')).toMatchObject({ text: expect.stringContaining('Answer: 120') as unknown });
  });

  it('leaves a Claude model name alone: the backend refuses it and the error says how to map it', async () => {
    const h = await start();
    type SdkError = { status: number; error: { type: string; error: { type: string; message: string } } };
    const error = (await h
      .anthropic()
      .messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] })
      .then(() => undefined, (caught: unknown) => caught)) as SdkError;
    expect(error.status).toBe(400);
    expect(error.error.type).toBe('error');
    expect(error.error.error.type).toBe('invalid_request_error');
    expect(error.error.error.message).toContain("The 'claude-sonnet-4-5' model is not supported");
    expect(error.error.error.message).toContain('model_mappings');
    expect(upstreamBody(h)['model']).toBe('claude-sonnet-4-5');
  });

  it('maps Claude model names through an explicit rule and answers with the name Claude Code sent', async () => {
    const h = await start({ codex: { model_mappings: [{ match: 'claude-', kind: 'prefix', target: 'gpt-5-codex' }] } });
    const message = await h.anthropic().messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] });
    expect(upstreamBody(h)['model']).toBe('gpt-5-codex');
    expect(message.model).toBe('claude-sonnet-4-5');
    expect(await h.summary()).toMatchObject({ model_requested: 'claude-sonnet-4-5', model_sent: 'gpt-5-codex' });
  });
});
