import { describe, expect, it } from 'vitest';
import { loadSample } from '@ccproxy/testkit';
import { ACCOUNT_ID, upstreamBody, useCodexHarness, CLI_INSTRUCTIONS } from './codex-harness.js';

const start = useCodexHarness();

describe('codex /v1/responses (OpenAI SDK)', () => {
  it('serves a non-streaming request from the always-streaming backend, looking like the Codex CLI upstream', async () => {
    const h = await start();
    const response = await h.openai('sk-client-secret-a').responses.create({
      model: 'gpt-5',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
      max_output_tokens: 1000,
    });
    expect(response.output_text).toBe('Hey! How can I help you today?');
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({ input_tokens: 2239, output_tokens: 15, input_tokens_details: { cached_tokens: 2176 } });

    expect(h.upstream.calls).toHaveLength(1);
    const call = h.upstream.calls[0]!;
    expect(call.path).toBe('/backend-api/codex/responses');
    const body = upstreamBody(h);
    expect(body).toMatchObject({ model: 'gpt-5', stream: true, store: false });
    expect(body).not.toHaveProperty('max_output_tokens');
    expect(body['instructions']).toBe(CLI_INSTRUCTIONS);
    expect(typeof body['prompt_cache_key']).toBe('string');
    expect(body).not.toHaveProperty('tools'); // no tools injected into a tool-less request
    expect(call.headers['authorization']).toBe(`Bearer ${h.accessToken}`);
    expect(call.headers['chatgpt-account-id']).toBe(ACCOUNT_ID);
    expect(call.headers['originator']).toBe('codex_cli_rs');
    expect(call.headers['version']).toBe('0.34.0');
    expect(call.headers['user-agent']).toMatch(/^codex_cli_rs\/0\.34\.0/);
    expect(call.headers['accept']).toBe('text/event-stream');
    expect(call.headers['session_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(call.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(call.headers)).not.toContain('sk-client-secret-a');
    expect(Object.keys(call.headers).some((name) => name.startsWith('x-stainless'))).toBe(false);

    const summary = await h.summary();
    expect(summary).toMatchObject({
      provider: 'codex',
      status: 200,
      streaming: false,
      client_format: 'openai.responses',
      upstream_format: 'openai.responses',
      model_requested: 'gpt-5',
      model_sent: 'gpt-5',
      usage: { input_tokens: 63, output_tokens: 15, cache_read_tokens: 2176, cache_creation_tokens: 0, reasoning_tokens: 0 },
      upstream: { status: 200 },
    });
    expect(summary.upstream?.url).toBe(`${h.upstream.baseUrl}/responses`);
  });

  it('relays a streaming response byte for byte and records its usage', async () => {
    const h = await start();
    const raw = await fetch(`${h.url}/codex/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-client-a' },
      body: JSON.stringify({ model: 'gpt-5', stream: true, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }] }),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    const text = await raw.text();
    const expected = (loadSample('codex_responses_stream').response.events ?? []).map((event) => `event: ${event.event}\ndata: ${event.data}\n\n`).join('');
    expect(text).toBe(expected);
    const summary = await h.summary();
    expect(summary).toMatchObject({ streaming: true, usage: { input_tokens: 63, output_tokens: 15, cache_read_tokens: 2176 }, model_sent: 'gpt-5' });
  });

  it('streams through the SDK: deltas, then the completed response', async () => {
    const h = await start();
    const stream = await h.openai().responses.create({ model: 'gpt-5', stream: true, input: 'Hello' });
    const types: string[] = [];
    let text = '';
    let completed: { usage?: { output_tokens: number } } | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toBe('Hey! How can I help you today?');
    expect(completed?.usage?.output_tokens).toBe(15);
    // A string input becomes one user message upstream.
    expect(upstreamBody(h)['input']).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }]);
  });

  it('answers structured output (json_schema) and forwards text.format untouched', async () => {
    const h = await start();
    const sample = loadSample('codex_responses_structured');
    const format = (sample.request.payload['text'] as { format: Record<string, unknown> }).format;
    const response = await h.openai().responses.create({
      model: 'gpt-5',
      input: 'What is 2+2? Answer in one word.',
      text: { format: format as never },
    });
    expect(JSON.parse(response.output_text)).toEqual({ answer: 'four', answer_type: 'word' });
    expect((upstreamBody(h)['text'] as { format: unknown }).format).toEqual(format);
    expect((await h.summary()).usage).toMatchObject({ output_tokens: 277, reasoning_tokens: 256 });
  });

  it('returns tool calls with their call ids', async () => {
    const h = await start();
    const tools = loadSample('codex_responses_tools').request.payload['tools'] as never;
    const response = await h.openai().responses.create({ model: 'gpt-5', input: "What's the weather like in New York?", tools });
    const calls = response.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => [call.name, call.call_id])).toEqual([
      ['get_weather', 'call_eUSoRaSdhGFRVK4PMkXefkGK'],
      ['calculate_distance', 'call_8PVI0M8Z0FET0LRZJAvSjCHa'],
    ]);
    const body = upstreamBody(h);
    expect(body['tools']).toEqual(tools);
    expect(body['tool_choice']).toBe('auto'); // from the CLI template, as the CLI sends it
  });

  it('keeps reasoning: summaries come back and reasoning tokens land in the summary', async () => {
    const h = await start();
    const response = await h.openai().responses.create({ model: 'gpt-5', input: 'Factorial of 5?', reasoning: { effort: 'high', summary: 'auto' } });
    const reasoning = response.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.type === 'reasoning' && reasoning.summary.length).toBe(2);
    expect(response.output_text).toContain('Answer: 120');
    expect(upstreamBody(h)['reasoning']).toEqual({ effort: 'high', summary: 'auto' });
    expect((await h.summary()).usage).toMatchObject({ reasoning_tokens: 320, output_tokens: 395 });
  });

  it('is a same-format fast path: reasoning items, encrypted content and unknown fields reach the backend unchanged', async () => {
    const h = await start();
    const encrypted = 'gAAAAABo1GnO' + 'x'.repeat(64) + '\u00e9==';
    const input = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Run ls' }] },
      { type: 'reasoning', id: 'rs_0001', summary: [{ type: 'summary_text', text: '**Listing**' }], encrypted_content: encrypted },
      { type: 'function_call', id: 'fc_0001', call_id: 'call_abc', name: 'shell', arguments: '{"command":["ls"]}' },
      { type: 'function_call_output', call_id: 'call_abc', output: 'README.md\n' },
    ];
    const client = {
      model: 'gpt-5-codex',
      instructions: 'Be brief.',
      input,
      include: ['reasoning.encrypted_content'],
      text: { verbosity: 'low' },
      service_tier: 'priority',
      prompt_cache_key: 'client-own-key',
      stream: true,
    };
    const raw = await fetch(`${h.url}/codex/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(client) });
    expect(raw.status).toBe(200);
    await raw.text();
    const body = upstreamBody(h);
    expect(body['input']).toEqual(input);
    expect(h.upstream.calls[0]!.body.toString('utf8')).toContain(JSON.stringify(encrypted));
    expect(body).toMatchObject({ model: 'gpt-5-codex', include: ['reasoning.encrypted_content'], text: { verbosity: 'low' }, service_tier: 'priority', prompt_cache_key: 'client-own-key' });
    expect(body['instructions']).toBe(`${CLI_INSTRUCTIONS}\nBe brief.`);
  });

  it('sends the default model only when the client names none, and never renames a named model', async () => {
    const h = await start();
    const send = (model?: string) =>
      fetch(`${h.url}/codex/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...(model ? { model } : {}), input: 'Hello' }) });
    expect((await send()).status).toBe(200);
    expect(upstreamBody(h)['model']).toBe('gpt-5.3-codex');
    expect((await h.summary(1))).toMatchObject({ model_requested: null, model_sent: 'gpt-5.3-codex' });
    expect((await send('gpt-5.2-codex')).status).toBe(200);
    expect(upstreamBody(h)['model']).toBe('gpt-5.2-codex');
    expect((await send('o3-mini')).status).toBe(200);
    expect(upstreamBody(h)['model']).toBe('o3-mini');
  });

  it('applies explicit model_mappings rules and reports the client’s name back (buffered and streamed)', async () => {
    const h = await start({ codex: { model_mappings: [{ match: 'team-', kind: 'prefix', target: 'gpt-5-codex' }] } });
    const response = await h.openai().responses.create({ model: 'team-default', input: 'Hello' });
    expect(upstreamBody(h)['model']).toBe('gpt-5-codex');
    expect(response.model).toBe('team-default');
    expect(await h.summary()).toMatchObject({ model_requested: 'team-default', model_sent: 'gpt-5-codex' });

    const stream = await h.openai().responses.create({ model: 'team-default', input: 'Hello', stream: true });
    const models: string[] = [];
    for await (const event of stream) if ('response' in event) models.push(event.response.model);
    expect(models.length).toBeGreaterThan(1);
    expect(new Set(models)).toEqual(new Set(['team-default']));
  });

  it('moves system and developer input messages into instructions (the backend refuses them in input)', async () => {
    const h = await start();
    await h.openai().responses.create({
      model: 'gpt-5',
      input: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'input_text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hello' },
      ],
    });
    const body = upstreamBody(h);
    expect(body['instructions']).toBe(`${CLI_INSTRUCTIONS}\nYou are terse.\n\nAnswer in French.`);
    expect(body['input']).toEqual([{ type: 'message', role: 'user', content: 'Hello' }]);
  });

  it('keeps a Codex client’s own instructions and identity headers', async () => {
    const h = await start();
    const raw = await fetch(`${h.url}/codex/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', originator: 'codex_cli_rs', version: '0.60.0', 'user-agent': 'codex_cli_rs/0.60.0 (Linux; x86_64)', session_id: 'sess-cli-1' },
      body: JSON.stringify({ model: 'gpt-5-codex', instructions: 'You are Codex, based on GPT-5.', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], stream: true }),
    });
    await raw.text();
    const call = h.upstream.calls[0]!;
    expect((call.json as Record<string, unknown>)['instructions']).toBe('You are Codex, based on GPT-5.');
    expect(call.headers).toMatchObject({ originator: 'codex_cli_rs', version: '0.60.0', 'user-agent': 'codex_cli_rs/0.60.0 (Linux; x86_64)', session_id: 'sess-cli-1' });
  });

  it('forwards a compressed body byte for byte with its content-encoding', async () => {
    const { gzipSync } = await import('node:zlib');
    const h = await start({ fake: { validate: false } });
    const compressed = gzipSync(JSON.stringify({ model: 'gpt-5', input: 'Hello', stream: true, store: false, instructions: 'x' }));
    const raw = await fetch(`${h.url}/codex/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', accept: 'text/event-stream' },
      body: compressed,
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    await raw.text();
    const call = h.upstream.calls[0]!;
    expect(call.headers['content-encoding']).toBe('gzip');
    expect(Buffer.compare(call.body, compressed)).toBe(0);
  });

  it('answers malformed JSON with a 400 in the Responses error shape, without calling upstream', async () => {
    const h = await start();
    const raw = await fetch(`${h.url}/codex/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request_error' } });
    expect(h.upstream.calls).toHaveLength(0);
  });
});
