// Stream behaviour the vectors do not pin down: Copilot chunk quirks, reasoning fields and
// <thinking> XML in Chat content, events a converter must tolerate, tool calls without deltas or
// names, and the state machines' guarantees (one terminator, nothing after the end).
import { describe, expect, it } from 'vitest';
import { createConversionContext, createStreamConverter } from '../src/index.js';
import { chatChoices, chatContent, chatToolCalls, jsonEvents, readSse, runStream, sseOf, summarize } from './helpers.js';
import { ST6_RESPONSES } from './stream-vectors.js';

const copilot = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'chatcmpl-cp',
  object: 'chat.completion.chunk',
  created: 1758750873,
  model: 'gpt-4o-2024-11-20',
  choices: [{ index: 0, ...choice }],
  ...extra,
});

describe('Chat upstream quirks (Copilot samples, formats.md §7.2)', () => {
  const events = [
    { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0 }] },
    copilot({ delta: { content: null, role: 'assistant', tool_calls: [{ index: 0, id: 'call_MC', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, finish_reason: null }),
    copilot({ delta: { content: null, tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }, finish_reason: null }),
    copilot({ delta: { content: null, tool_calls: [{ index: 0, function: { arguments: '"NY"}' } }] }, finish_reason: null }),
    copilot({ delta: { content: null }, finish_reason: 'tool_calls' }, { usage: { prompt_tokens: 123, completion_tokens: 76, total_tokens: 199, prompt_tokens_details: { cached_tokens: 0 } } }),
  ];
  const sse = `${sseOf(events)}data: [DONE]\n\n`;
  it('→ anthropic: skips the empty first chunk, usage inside the finish chunk', () => {
    const { text, converter } = runStream('openai.chat_completions', 'anthropic.messages', sse);
    const summary = summarize('anthropic.messages', text);
    expect(summary.tools).toEqual([{ id: 'call_MC', name: 'get_weather', input: { location: 'NY' } }]);
    expect(summary.stop).toBe('tool_use');
    expect(summary.usage).toMatchObject({ input_tokens: 123, output_tokens: 76 });
    expect((jsonEvents(text)[0]!['message'] as { id: string }).id).toBe('msg_cp');
    expect(converter.model).toBe('gpt-4o-2024-11-20');
  });
  it('→ responses: same, as a function_call item', () => {
    const summary = summarize('openai.responses', runStream('openai.chat_completions', 'openai.responses', sse).text);
    expect(summary.tools).toEqual([{ id: 'call_MC', name: 'get_weather', input: { location: 'NY' } }]);
    expect(summary.usage).toMatchObject({ input_tokens: 123, output_tokens: 76, total_tokens: 199 });
  });
});

describe('reasoning in Chat upstream streams', () => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => copilot({ delta, finish_reason: finish });
  const events = [
    chunk({ role: 'assistant', reasoning_content: 'First ' }),
    chunk({ reasoning_content: 'thought.' }),
    chunk({ content: 'Answer <thin' }),
    chunk({ content: 'king>inline idea</thinking> done.' }),
    chunk({}, 'stop'),
  ];
  it('→ anthropic: reasoning_content and <thinking> XML become thinking blocks, in order', () => {
    const json = jsonEvents(runStream('openai.chat_completions', 'anthropic.messages', sseOf(events)).text);
    const starts = json.filter((e) => e['type'] === 'content_block_start').map((e) => (e['content_block'] as { type: string }).type);
    expect(starts).toEqual(['thinking', 'text', 'thinking', 'text']);
    const summary = summarize('anthropic.messages', runStream('openai.chat_completions', 'anthropic.messages', sseOf(events)).text);
    expect(summary.thinking).toBe('First thought.\n\ninline idea');
    expect(summary.text).toBe('Answer  done.');
  });
  it('→ responses: reasoning items and message items, in order', () => {
    const events2 = jsonEvents(runStream('openai.chat_completions', 'openai.responses', sseOf(events)).text);
    const output = (events2.at(-1)!['response'] as { output: { type: string }[] }).output;
    expect(output.map((item) => item.type)).toEqual(['reasoning', 'message', 'reasoning', 'message']);
  });
});

describe('Responses upstream robustness', () => {
  it('a function call without argument deltas gets its arguments from output_item.done', () => {
    const events = [
      ST6_RESPONSES[0],
      { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'fc_9', type: 'function_call', name: 'f', call_id: 'call_9', arguments: '' } },
      { type: 'response.output_item.done', sequence_number: 2, output_index: 0, item: { id: 'fc_9', type: 'function_call', name: 'f', call_id: 'call_9', arguments: '{"k":true}' } },
      { type: 'response.completed', sequence_number: 3, response: { id: 'resp_1', status: 'completed', output: [] } },
    ];
    for (const target of ['openai.chat_completions', 'anthropic.messages'] as const) {
      expect(summarize(target, runStream('openai.responses', target, sseOf(events)).text).tools).toEqual([{ id: 'call_9', name: 'f', input: { k: true } }]);
    }
  });
  it('a function call without a name is named from the declared tools by its argument keys (§7.7)', () => {
    const events = [
      ST6_RESPONSES[0],
      { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'fc_9', type: 'function_call', call_id: 'call_9', arguments: '' } },
      { type: 'response.function_call_arguments.delta', sequence_number: 2, item_id: 'fc_9', output_index: 0, delta: '{"city":"Oslo"}' },
      { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item: { id: 'fc_9', type: 'function_call', call_id: 'call_9', arguments: '{"city":"Oslo"}' } },
      { type: 'response.completed', sequence_number: 4, response: { id: 'resp_1', status: 'completed', output: [] } },
    ];
    const context = createConversionContext('openai.chat_completions', 'openai.responses', {
      messages: [],
      tools: [
        { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: {} } } } },
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: {}, unit: {} } } } },
      ],
    });
    const calls = chatToolCalls(runStream('openai.responses', 'openai.chat_completions', sseOf(events), context).text);
    expect(calls).toEqual([{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
  });
  it('message text only in output_item.done (no deltas) still arrives', () => {
    const events = [
      ST6_RESPONSES[0],
      { type: 'response.output_item.done', sequence_number: 1, output_index: 0, item: { id: 'msg_x', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'late' }] } },
      { type: 'response.completed', sequence_number: 2, response: { id: 'resp_1', status: 'completed', output: [] } },
    ];
    expect(chatContent(runStream('openai.responses', 'openai.chat_completions', sseOf(events)).text)).toBe('late');
    expect(summarize('anthropic.messages', runStream('openai.responses', 'anthropic.messages', sseOf(events)).text).text).toBe('late');
  });
  it('the nested [Py] error shape is understood too', () => {
    const events = [ST6_RESPONSES[0], { type: 'error', error: { message: 'Too long', code: 'context_length_exceeded' } }];
    expect(readSse(runStream('openai.responses', 'anthropic.messages', sseOf(events)).text).at(-1)!.json).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'Too long' } });
  });
  it('a stream that ends without a terminal event is closed normally', () => {
    const { text, converter } = runStream('openai.responses', 'anthropic.messages', sseOf(ST6_RESPONSES.slice(0, 10)));
    expect(jsonEvents(text).slice(-2).map((e) => e['type'])).toEqual(['message_delta', 'message_stop']);
    expect(converter.finished).toBe(false);
  });
});

describe('Anthropic upstream robustness', () => {
  it('a tool_use whose input arrives whole in content_block_start is still sent', () => {
    const events = [
      { type: 'message_start', message: { id: 'msg_1', model: 'm', usage: { input_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 2 } },
      { type: 'message_stop' },
    ];
    expect(chatToolCalls(runStream('anthropic.messages', 'openai.chat_completions', sseOf(events)).text)).toEqual([{ id: 't1', name: 'f', arguments: '{"a":1}' }]);
    expect(summarize('openai.responses', runStream('anthropic.messages', 'openai.responses', sseOf(events)).text).tools).toEqual([{ id: 't1', name: 'f', input: { a: 1 } }]);
  });
  it('unknown block and delta types, pings and a recorded [DONE] are ignored (B22)', () => {
    const events = [
      { type: 'message_start', message: { id: 'msg_1', model: 'm', usage: {} } },
      { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'future_delta', x: 1 } },
      { type: 'content_block_stop', index: 0 },
      { type: 'ping' },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'citations_delta', citation: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'ok' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'brand_new_event' },
      { type: 'message_stop' },
    ];
    const sse = `${sseOf(events)}data: [DONE]\n\n`;
    expect(chatContent(runStream('anthropic.messages', 'openai.chat_completions', sse).text)).toBe('ok');
    expect(summarize('openai.responses', runStream('anthropic.messages', 'openai.responses', sse).text).text).toBe('ok');
  });
  it('refusal → content_filter for Chat and incomplete/content_filter for Responses', () => {
    const events = [
      { type: 'message_start', message: { id: 'msg_1', model: 'm', usage: {} } },
      { type: 'message_delta', delta: { stop_reason: 'refusal' }, usage: { output_tokens: 1 } },
      { type: 'message_stop' },
    ];
    expect(chatChoices(runStream('anthropic.messages', 'openai.chat_completions', sseOf(events)).text).at(-1)!['finish_reason']).toBe('content_filter');
    const last = jsonEvents(runStream('anthropic.messages', 'openai.responses', sseOf(events)).text).at(-1)!;
    expect(last).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'content_filter' } } });
  });
});

describe('converter lifecycle', () => {
  it('end() and fail() run once; pushes after the end return nothing', () => {
    const converter = createStreamConverter('openai.responses', 'openai.chat_completions');
    converter.push(sseOf(ST6_RESPONSES));
    const end = converter.end();
    expect(end).toBe('data: [DONE]\n\n');
    expect(converter.end()).toBe('');
    expect(converter.fail({ message: 'late' })).toBe('');
    expect(converter.push(sseOf(ST6_RESPONSES))).toBe('');
  });
  it('invalid JSON data and non-object payloads are skipped silently', () => {
    const { text } = runStream('openai.responses', 'openai.chat_completions', `data: {not json\n\ndata: 42\n\n${sseOf(ST6_RESPONSES)}`);
    expect(chatContent(text)).toContain('Hi');
  });
  it('an empty upstream gives a Chat client just [DONE] and an Anthropic client a complete empty message', () => {
    expect(runStream('anthropic.messages', 'openai.chat_completions', '').text).toBe('data: [DONE]\n\n');
    const json = jsonEvents(runStream('openai.chat_completions', 'anthropic.messages', '').text);
    expect(json.map((e) => e['type'])).toEqual(['message_start', 'message_delta', 'message_stop']);
  });
  it('the client model alias replaces the upstream model in every chunk', () => {
    const context = createConversionContext('openai.chat_completions', 'openai.responses', { messages: [] }, { clientModel: 'my-alias' });
    const converter = createStreamConverter('openai.responses', 'openai.chat_completions', context);
    const chunks = jsonEvents(converter.push(sseOf(ST6_RESPONSES)) + converter.end());
    expect(chunks.every((chunk) => chunk['model'] === 'my-alias')).toBe(true);
    expect(converter.model).toBe('gpt-5');
  });
});
