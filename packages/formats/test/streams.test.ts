// formats.md §11.4: stream vectors ST1–ST8 (DO outputs).
import { describe, expect, it } from 'vitest';
import { createConversionContext } from '../src/index.js';
import { chatChoices, chatContent, chatToolCalls, jsonEvents, readSse, runStream, sseOf } from './helpers.js';
import {
  CHAT_ROLE_DELTA,
  RESPONSES_MESSAGE_ITEM,
  RESPONSES_REASONING_ITEM,
  RESPONSES_START,
  anthropicTextBlock,
  anthropicThinkingBlock,
  anthropicToolBlock,
  chatThinkingDeltas,
  chatToolCallDeltas,
  responsesFunctionCallItem,
} from './stream-builders.js';
import { ST1_ANTHROPIC, ST2_ANTHROPIC, ST4_CHAT, ST6_RESPONSES } from './stream-vectors.js';

const chatClient = (request: Record<string, unknown> = { messages: [] }) => createConversionContext('openai.chat_completions', 'anthropic.messages', request);

/** The resp_ id's 32-hex suffix, shared by the rs_/msg_/fc_ item ids. */
function responseIdSuffix(created: Record<string, unknown>): string {
  return /^resp_([0-9a-f]{32})$/.exec((created['response'] as { id: string }).id)![1]!;
}

/** The message item streamed as json[at..at+5] with one text delta. */
function expectMessageItem(json: Record<string, unknown>[], at: number, outputIndex: number, itemId: string, text: string): void {
  expect(json[at]).toMatchObject({ output_index: outputIndex, item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
  expect(json[at + 1]).toMatchObject({ item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
  expect(json[at + 2]).toMatchObject({ delta: text });
  expect(json[at + 3]).toMatchObject({ text });
  expect(json[at + 5]).toMatchObject({ output_index: outputIndex, item: { status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] } });
}

/** The get_weather({"city":"Paris"}) function call streamed as json[at..at+4] in two deltas. */
function expectWeatherCall(json: Record<string, unknown>[], at: number, outputIndex: number, callId: string): void {
  const fc = json[at]!['item'] as Record<string, unknown>;
  expect(fc).toMatchObject({ type: 'function_call', status: 'in_progress', name: 'get_weather', call_id: callId, arguments: '' });
  expect(json[at + 1]).toMatchObject({ item_id: fc['id'], output_index: outputIndex, delta: '{"city":' });
  expect(json[at + 2]).toMatchObject({ item_id: fc['id'], output_index: outputIndex, delta: '"Paris"}' });
  expect(json[at + 3]).toMatchObject({ item_id: fc['id'], output_index: outputIndex, arguments: '{"city":"Paris"}' });
  expect(json[at + 4]).toMatchObject({ output_index: outputIndex, item: { id: fc['id'], status: 'completed', arguments: '{"city":"Paris"}' } });
}

/** Chat deltas of ST1/ST6: thinking, text, then a get_weather call in two argument pieces, then the finish delta. */
function chatDeltas(thinking: string, text: string, callId: string): Record<string, unknown>[] {
  return [CHAT_ROLE_DELTA, ...chatThinkingDeltas(thinking), { content: text }, ...chatToolCallDeltas(0, callId, 'get_weather', ['{"city":', '"Paris"}']), {}];
}

describe('ST1 anthropic → chat: thinking + text + tool after text (B1)', () => {
  const { text, converter } = runStream('anthropic.messages', 'openai.chat_completions', sseOf(ST1_ANTHROPIC), chatClient());
  it('emits the DO delta sequence', () => {
    const choices = chatChoices(text);
    expect(choices.map((c) => c['delta'])).toEqual(chatDeltas('Need weather.', 'Let me check.', 'toolu_01A'));
    expect(choices.slice(0, -1).every((c) => c['finish_reason'] === null)).toBe(true);
    expect(choices.at(-1)!['finish_reason']).toBe('tool_calls');
  });
  it('puts usage on the finish chunk (no stream_options) and ends with [DONE]', () => {
    const chunks = jsonEvents(text);
    expect(chunks.at(-1)!['usage']).toMatchObject({ prompt_tokens: 70, completion_tokens: 30, total_tokens: 100, prompt_tokens_details: { cached_tokens: 20 } });
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text.match(/\[DONE\]/g)).toHaveLength(1);
  });
  it('uses one chatcmpl- id and object chat.completion.chunk everywhere (B9)', () => {
    const chunks = jsonEvents(text);
    expect(new Set(chunks.map((c) => c['id']))).toEqual(new Set(['chatcmpl-01XYZ']));
    expect(chunks.every((c) => c['object'] === 'chat.completion.chunk' && c['model'] === 'claude-sonnet-4-5')).toBe(true);
    expect(new Set(chunks.map((c) => c['created'])).size).toBe(1);
  });
  it('tracks upstream usage, model and the normal end', () => {
    expect(converter.usage).toEqual({ inputTokens: 50, outputTokens: 30, cacheReadTokens: 20, cacheCreationTokens: 0, reasoningTokens: 0 });
    expect(converter.model).toBe('claude-sonnet-4-5');
    expect(converter.finished).toBe(true);
  });
  it('with include_usage sends a separate {choices:[], usage} chunk after the finish chunk', () => {
    const out = runStream('anthropic.messages', 'openai.chat_completions', sseOf(ST1_ANTHROPIC), chatClient({ messages: [], stream_options: { include_usage: true } })).text;
    const chunks = jsonEvents(out);
    expect(chunks.at(-2)!['usage']).toBeUndefined();
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 70, completion_tokens: 30 } });
  });
  it('with the XML off, thinking goes to reasoning_content', () => {
    const context = { ...chatClient(), thinkingXml: false };
    const out = runStream('anthropic.messages', 'openai.chat_completions', sseOf(ST1_ANTHROPIC), context).text;
    expect(chatContent(out)).toBe('Let me check.');
    expect(chatChoices(out).some((c) => (c['delta'] as { reasoning_content?: string }).reasoning_content === 'Need weather.')).toBe(true);
  });
});

describe('ST2 anthropic → chat: tools first', () => {
  it('streams each tool incrementally with its own index', () => {
    const { text } = runStream('anthropic.messages', 'openai.chat_completions', sseOf(ST2_ANTHROPIC), chatClient());
    const calls = chatToolCalls(text);
    expect(calls.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) as unknown }))).toEqual([
      { id: 'toolu_01', name: 'get_weather', args: { city: 'Paris' } },
      { id: 'toolu_02', name: 'get_time', args: {} },
    ]);
    const headers = chatChoices(text).filter((c) => (c['delta'] as { tool_calls?: { id?: string }[] }).tool_calls?.[0]?.id);
    expect(headers).toHaveLength(2);
    expect(jsonEvents(text).at(-1)!['usage']).toMatchObject({ prompt_tokens: 25, completion_tokens: 42, total_tokens: 67 });
  });
});

describe('ST3 anthropic → responses', () => {
  const { text } = runStream('anthropic.messages', 'openai.responses', sseOf(ST1_ANTHROPIC));
  const events = readSse(text);
  const json = events.map((e) => e.json!);
  it('emits the DO event sequence with consecutive sequence numbers', () => {
    expect(events.map((e) => e.event)).toEqual([...RESPONSES_START, ...RESPONSES_REASONING_ITEM, ...RESPONSES_MESSAGE_ITEM, ...responsesFunctionCallItem(2), 'response.completed']);
    expect(json.map((e) => e['sequence_number'])).toEqual(json.map((_, i) => i));
    expect(json.every((e, i) => e['type'] === events[i]!.event)).toBe(true);
    expect(text).not.toContain('[DONE]');
  });
  it('shares one id suffix across resp_/rs_/msg_ and closes each item at its block stop (B8)', () => {
    const created = json[0]!['response'] as Record<string, unknown>;
    expect(created).toMatchObject({ status: 'in_progress', output: [], model: 'claude-sonnet-4-5' });
    const suffix = responseIdSuffix(json[0]!);
    expect(json[2]).toMatchObject({ output_index: 0, item: { id: `rs_${suffix}`, type: 'reasoning', status: 'in_progress', summary: [] } });
    expect(json[3]).toMatchObject({ item_id: `rs_${suffix}`, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } });
    expect(json[4]).toMatchObject({ summary_index: 0, delta: 'Need weather.' });
    expect(json[5]).toMatchObject({ text: 'Need weather.' });
    expect(json[6]).toMatchObject({ part: { type: 'summary_text', text: 'Need weather.' } });
    expect(json[7]).toMatchObject({ output_index: 0, item: { id: `rs_${suffix}`, status: 'completed', summary: [{ type: 'summary_text', text: 'Need weather.' }] } });
    expectMessageItem(json, 8, 1, `msg_${suffix}`, 'Let me check.');
    expectWeatherCall(json, 14, 2, 'toolu_01A');
  });
  it('ends with response.completed carrying the output and message_start+delta usage', () => {
    const response = json[19]!['response'] as Record<string, unknown>;
    expect(response['status']).toBe('completed');
    expect((response['output'] as { type: string }[]).map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(response['output']).toEqual([json[7]!['item'], json[13]!['item'], json[18]!['item']]);
    expect(response['usage']).toMatchObject({ input_tokens: 70, input_tokens_details: { cached_tokens: 20 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 100 });
    expect(response).not.toHaveProperty('tool_calls');
  });
  it('text after a tool call opens a new message item', () => {
    const events2 = [
      ST2_ANTHROPIC[0],
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'after' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 3 } },
      { type: 'message_stop' },
    ];
    const out = jsonEvents(runStream('anthropic.messages', 'openai.responses', sseOf(events2)).text);
    const last = out.at(-1)!;
    expect(last['type']).toBe('response.incomplete');
    const response = last['response'] as { status: string; incomplete_details: unknown; output: { type: string; arguments?: string; content?: unknown }[] };
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output.map((item) => item.type)).toEqual(['function_call', 'message']);
    expect(response.output[0]!.arguments).toBe('{}');
    expect(response.output[1]!.content).toEqual([{ type: 'output_text', text: 'after', annotations: [], logprobs: [] }]);
  });
});

describe('ST4 chat → anthropic: text + tool + trailing usage chunk', () => {
  const { text, converter } = runStream('openai.chat_completions', 'anthropic.messages', sseOf(ST4_CHAT) + 'data: [DONE]\n\n');
  const events = readSse(text);
  it('emits the DO event sequence', () => {
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(text).not.toContain('[DONE]');
    const json = events.map((e) => e.json!);
    expect(json[0]).toEqual({
      type: 'message_start',
      message: { id: 'msg_9', type: 'message', role: 'assistant', model: 'gpt-4o', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
    });
    expect(json.slice(1, 8)).toEqual([...anthropicTextBlock(0, 'Let me check.'), ...anthropicToolBlock(1, 'call_A', 'get_weather', ['{"city":', '"Paris"}'])]);
    expect(json[8]).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 15, output_tokens: 10, cache_read_input_tokens: 5 } });
    expect(json[9]).toEqual({ type: 'message_stop' });
  });
  it('reads usage from the trailing usage-only chunk (B2, B3)', () => {
    expect(converter.usage).toEqual({ inputTokens: 15, outputTokens: 10, cacheReadTokens: 5, cacheCreationTokens: 0, reasoningTokens: 0 });
    expect(converter.finished).toBe(true);
  });
});

describe('ST5 chat → responses', () => {
  const { text } = runStream('openai.chat_completions', 'openai.responses', sseOf(ST4_CHAT) + 'data: [DONE]\n\n');
  const events = readSse(text);
  const json = events.map((e) => e.json!);
  it('emits the DO event sequence', () => {
    expect(events.map((e) => e.event)).toEqual([...RESPONSES_START, ...RESPONSES_MESSAGE_ITEM, ...responsesFunctionCallItem(2), 'response.completed']);
    expect(json.map((e) => e['sequence_number'])).toEqual(json.map((_, i) => i));
    expect(text).not.toContain('[DONE]');
  });
  it('streams the arguments and includes usage in response.completed (B3)', () => {
    expect(json[0]!['response']).toMatchObject({ status: 'in_progress', created_at: 1700000000 });
    expectMessageItem(json, 2, 0, `msg_${responseIdSuffix(json[0]!)}`, 'Let me check.');
    expectWeatherCall(json, 8, 1, 'call_A');
    expect(json[13]!['response']).toMatchObject({
      status: 'completed',
      usage: { input_tokens: 20, input_tokens_details: { cached_tokens: 5 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 30 },
    });
    expect((json[13]!['response'] as { output: unknown[] }).output).toHaveLength(2);
  });
});

describe('ST6 responses → chat', () => {
  const { text, converter } = runStream('openai.responses', 'openai.chat_completions', sseOf(ST6_RESPONSES), chatClient());
  it('emits the DO delta sequence: reasoning once (B4), call ids (B10)', () => {
    expect(chatChoices(text).map((c) => c['delta'])).toEqual(chatDeltas('Plan', 'Hi', 'call_1'));
    expect(chatChoices(text).at(-1)!['finish_reason']).toBe('tool_calls');
  });
  it('adds usage to the finish chunk, ends with [DONE], and has one id and object (B24)', () => {
    const chunks = jsonEvents(text);
    expect(chunks.at(-1)!['usage']).toMatchObject({ prompt_tokens: 100, completion_tokens: 30, total_tokens: 130, prompt_tokens_details: { cached_tokens: 40 }, completion_tokens_details: { reasoning_tokens: 12 } });
    expect(new Set(chunks.map((c) => c['id']))).toEqual(new Set(['chatcmpl-1']));
    expect(chunks.every((c) => c['object'] === 'chat.completion.chunk' && c['created'] === 1700000000)).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(converter.usage).toMatchObject({ inputTokens: 60, cacheReadTokens: 40, outputTokens: 30, reasoningTokens: 12 });
  });
});

describe('ST7 responses → anthropic', () => {
  const { text, converter } = runStream('openai.responses', 'anthropic.messages', sseOf(ST6_RESPONSES));
  it('emits the DO event sequence (direct converter, B5)', () => {
    const json = jsonEvents(text);
    expect(json).toEqual([
      { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'gpt-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } } },
      ...anthropicThinkingBlock(0, 'Plan'),
      ...anthropicTextBlock(1, 'Hi'),
      ...anthropicToolBlock(2, 'call_1', 'get_weather', ['{"city":', '"Paris"}']),
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 60, output_tokens: 30, cache_read_input_tokens: 40, cache_creation_input_tokens: 0 } },
      { type: 'message_stop' },
    ]);
    expect(readSse(text).every((e) => e.event === e.json?.['type'])).toBe(true);
    expect(text).not.toContain('[DONE]');
    expect(converter.finished).toBe(true);
  });
});

describe('ST8 edge cases', () => {
  it('Anthropic upstream ends without message_stop → finish chunk stop, then [DONE]', () => {
    const { text, converter } = runStream('anthropic.messages', 'openai.chat_completions', sseOf(ST1_ANTHROPIC.slice(0, 7)), chatClient());
    expect(chatChoices(text).at(-1)).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(converter.finished).toBe(false);
  });
  it('Chat upstream ends without finish_reason → open block closed, message_delta end_turn, message_stop', () => {
    const { text, converter } = runStream('openai.chat_completions', 'anthropic.messages', sseOf(ST4_CHAT.slice(0, 2)));
    const json = jsonEvents(text);
    expect(json.map((e) => e['type'])).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(json[4]).toMatchObject({ delta: { stop_reason: 'end_turn' } });
    expect(converter.finished).toBe(false);
  });
  it('Chat finish_reason content_filter → stop_reason refusal', () => {
    const events = [ST4_CHAT[1], { ...ST4_CHAT[5], choices: [{ index: 0, delta: {}, finish_reason: 'content_filter' }] }];
    const json = jsonEvents(runStream('openai.chat_completions', 'anthropic.messages', sseOf(events)).text);
    expect(json.find((e) => e['type'] === 'message_delta')).toMatchObject({ delta: { stop_reason: 'refusal' } });
  });
  it('an unknown Responses event mid-stream is ignored (B22)', () => {
    const withAnnotation = [...ST6_RESPONSES.slice(0, 10), { type: 'response.output_text.annotation.added', sequence_number: 99, item_id: 'msg_1', annotation: {} }, ...ST6_RESPONSES.slice(10)];
    expect(runStream('openai.responses', 'openai.chat_completions', sseOf(withAnnotation), chatClient()).text).toBe(
      runStream('openai.responses', 'openai.chat_completions', sseOf(ST6_RESPONSES), chatClient()).text,
    );
  });
  const rateLimit = { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 7 };
  it('Responses error event → Anthropic error event', () => {
    const { text } = runStream('openai.responses', 'anthropic.messages', sseOf([...ST6_RESPONSES.slice(0, 4), rateLimit]));
    const last = readSse(text).at(-1)!;
    expect(last.event).toBe('error');
    expect(last.json).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Slow down' } });
    expect(text).not.toContain('message_stop');
  });
  it('Responses error event → Chat error chunk, then [DONE]', () => {
    const { text } = runStream('openai.responses', 'openai.chat_completions', sseOf([...ST6_RESPONSES.slice(0, 4), rateLimit]), chatClient());
    const events = readSse(text);
    expect(events.at(-2)!.json).toEqual({ error: { message: 'Slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null } });
    expect(events.at(-1)!.data).toBe('[DONE]');
    expect(chatChoices(text).some((c) => c['finish_reason'] !== null)).toBe(false);
  });
  it('Responses incomplete/max_output_tokens → Chat length, Anthropic max_tokens', () => {
    const last = ST6_RESPONSES.at(-1)! as { response: Record<string, unknown> };
    const incomplete = { type: 'response.incomplete', sequence_number: 18, response: { ...last.response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } };
    const events = [...ST6_RESPONSES.slice(0, 13), incomplete];
    expect(chatChoices(runStream('openai.responses', 'openai.chat_completions', sseOf(events), chatClient()).text).at(-1)!['finish_reason']).toBe('length');
    const anthropic = jsonEvents(runStream('openai.responses', 'anthropic.messages', sseOf(events)).text);
    expect(anthropic.find((e) => e['type'] === 'message_delta')).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
  });
  it('Anthropic overloaded error mid-stream → flat error event, then response.failed', () => {
    const events = [...ST1_ANTHROPIC.slice(0, 7), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }];
    const out = readSse(runStream('anthropic.messages', 'openai.responses', sseOf(events)).text);
    const error = out.at(-2)!;
    const failed = out.at(-1)!;
    expect(error.event).toBe('error');
    expect(error.json).toMatchObject({ type: 'error', code: 'server_is_overloaded', message: 'Overloaded', param: null });
    expect(failed.event).toBe('response.failed');
    expect(failed.json!['response']).toMatchObject({ status: 'failed', error: { code: 'server_is_overloaded', message: 'Overloaded' } });
    expect(out.map((e) => e.json!['sequence_number'])).toEqual(out.map((_, i) => i));
  });
  it('Chat upstream with interleaved parallel tool calls → two tool_use blocks, each with its own arguments', () => {
    const c = (delta: Record<string, unknown>) => ({ id: 'chatcmpl-p', model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: null }] });
    const events = [
      c({ role: 'assistant' }),
      c({ tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'a', arguments: '{"x":' } }] }),
      c({ tool_calls: [{ index: 1, id: 'call_1', type: 'function', function: { name: 'b', arguments: '{"y":' } }] }),
      c({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      c({ tool_calls: [{ index: 1, function: { arguments: '2}' } }] }),
      { id: 'chatcmpl-p', model: 'gpt-4o', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const json = jsonEvents(runStream('openai.chat_completions', 'anthropic.messages', sseOf(events)).text);
    const starts = json.filter((e) => e['type'] === 'content_block_start');
    expect(starts.map((e) => e['index'])).toEqual([0, 1]);
    const args = new Map<number, string>();
    for (const e of json.filter((e) => e['type'] === 'content_block_delta')) {
      const index = e['index'] as number;
      args.set(index, (args.get(index) ?? '') + (e['delta'] as { partial_json: string }).partial_json);
    }
    expect(JSON.parse(args.get(0)!)).toEqual({ x: 1 });
    expect(JSON.parse(args.get(1)!)).toEqual({ y: 2 });
    expect(json.find((e) => e['type'] === 'message_delta')).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });
});
