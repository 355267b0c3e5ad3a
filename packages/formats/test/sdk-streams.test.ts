// The official SDKs as judges at run time: our converted streams go through a `Response` into the
// SDKs' own SSE readers and stream accumulators, which must accept them and produce the expected
// final text, tool calls and usage; error events must surface as the SDKs' errors.
import { Stream as AnthropicStream } from '@anthropic-ai/sdk/core/streaming';
import { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { ResponseStream } from 'openai/lib/responses/ResponseStream';
import { describe, expect, it } from 'vitest';
import type { FormatId } from '../src/index.js';
import { createConversionContext, createStreamConverter } from '../src/index.js';
import { fixtureSse, loadFixture, rechunk, sseOf } from './helpers.js';
import { ST1_ANTHROPIC, ST4_CHAT, ST6_RESPONSES } from './stream-vectors.js';

function convert(from: FormatId, to: FormatId, sse: string, request?: Record<string, unknown>): string {
  const converter = createStreamConverter(from, to, request ? createConversionContext(to, from, request) : undefined);
  let text = '';
  for (const chunk of rechunk(new TextEncoder().encode(sse), 42, 97)) text += converter.push(chunk);
  return text + converter.end();
}

function sseResponse(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

async function chatFinal(text: string) {
  const stream = OpenAIStream.fromSSEResponse(sseResponse(text), new AbortController());
  return ChatCompletionStream.fromReadableStream(stream.toReadableStream()).finalChatCompletion();
}

async function responsesFinal(text: string) {
  const stream = OpenAIStream.fromSSEResponse(sseResponse(text), new AbortController());
  return ResponseStream.fromReadableStream(stream.toReadableStream()).finalResponse();
}

async function anthropicFinal(text: string) {
  const stream = AnthropicStream.fromSSEResponse(sseResponse(text), new AbortController());
  return MessageStream.fromReadableStream(stream.toReadableStream()).finalMessage();
}

const toolsStream = () => fixtureSse(loadFixture('claude_messages_tools_stream'));
const codexTools = () => fixtureSse(loadFixture('codex_responses_tools_stream'));
const codexThinking = () => fixtureSse(loadFixture('codex_responses_thinking_stream'));

describe('openai ChatCompletionStream accepts our Chat streams', () => {
  it('anthropic → chat: text, then a tool call after text, and usage (include_usage)', async () => {
    const final = await chatFinal(convert('anthropic.messages', 'openai.chat_completions', toolsStream(), { messages: [], stream_options: { include_usage: true } }));
    const choice = final.choices[0]!;
    expect(choice.message.content).toBe('I\'ll help you get the weather in New York and calculate the distance to Los Angeles. Let me fetch this information for you.');
    expect(choice.message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['toolu_01V8FdsLpokGb6tJ3okwkSDe', 'get_weather', { location: 'New York' }],
      ['toolu_01LaXuzSn9P2JiYc1U99SZRv', 'calculate_distance', { lat1: '40.7128', lon1: '-74.0060', lat2: '34.0522', lon2: '-118.2437' }],
    ]);
    expect(choice.finish_reason).toBe('tool_calls');
    expect(final.usage).toMatchObject({ prompt_tokens: 572, completion_tokens: 186, total_tokens: 758 });
  });
  it('anthropic → chat: thinking XML + text + tool (ST1), usage on the finish chunk', async () => {
    const final = await chatFinal(convert('anthropic.messages', 'openai.chat_completions', sseOf(ST1_ANTHROPIC)));
    expect(final.choices[0]!.message.content).toBe('<thinking>Need weather.</thinking>Let me check.');
    expect(final.choices[0]!.message.tool_calls).toHaveLength(1);
    expect(final.usage).toMatchObject({ prompt_tokens: 70, completion_tokens: 30 });
  });
  it('responses → chat: Codex tool calls with call_ ids and usage', async () => {
    const final = await chatFinal(convert('openai.responses', 'openai.chat_completions', codexTools(), { messages: [], stream_options: { include_usage: true } }));
    const calls = final.choices[0]!.message.tool_calls!;
    expect(calls.map((call) => call.id)).toEqual(['call_eUSoRaSdhGFRVK4PMkXefkGK', 'call_8PVI0M8Z0FET0LRZJAvSjCHa']);
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.usage?.prompt_tokens).toBeGreaterThan(0);
  });
  it('responses → chat: Codex reasoning + answer', async () => {
    const final = await chatFinal(convert('openai.responses', 'openai.chat_completions', codexThinking()));
    const content = final.choices[0]!.message.content!;
    expect(content.startsWith('<thinking>**Calculating factorials**')).toBe(true);
    expect(content.endsWith('Answer: 120')).toBe(true);
    expect(final.choices[0]!.finish_reason).toBe('stop');
  });
  it('an upstream error mid-stream makes the SDK throw the error message', async () => {
    const events = [...ST1_ANTHROPIC.slice(0, 3), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }];
    await expect(chatFinal(convert('anthropic.messages', 'openai.chat_completions', sseOf(events)))).rejects.toThrow(/Overloaded/);
  });
});

describe('openai ResponseStream accepts our Responses streams', () => {
  it('anthropic → responses: message then two function calls, usage', async () => {
    const final = await responsesFinal(convert('anthropic.messages', 'openai.responses', toolsStream()));
    expect(final.status).toBe('completed');
    expect(final.output.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call']);
    expect(final.output_text).toBe('I\'ll help you get the weather in New York and calculate the distance to Los Angeles. Let me fetch this information for you.');
    const calls = final.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call): unknown[] => [call.call_id, call.name, JSON.parse(call.arguments)])).toEqual([
      ['toolu_01V8FdsLpokGb6tJ3okwkSDe', 'get_weather', { location: 'New York' }],
      ['toolu_01LaXuzSn9P2JiYc1U99SZRv', 'calculate_distance', { lat1: '40.7128', lon1: '-74.0060', lat2: '34.0522', lon2: '-118.2437' }],
    ]);
    expect(final.usage).toMatchObject({ input_tokens: 572, output_tokens: 186, total_tokens: 758 });
  });
  it('anthropic → responses: reasoning item from thinking (ST1)', async () => {
    const final = await responsesFinal(convert('anthropic.messages', 'openai.responses', sseOf(ST1_ANTHROPIC)));
    const reasoning = final.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.type === 'reasoning' && reasoning.summary.map((s) => s.text)).toEqual(['Need weather.']);
    expect(final.output_text).toBe('Let me check.');
  });
  it('chat → responses: text, tool call and usage from the trailing chunk (ST5)', async () => {
    const final = await responsesFinal(convert('openai.chat_completions', 'openai.responses', `${sseOf(ST4_CHAT)}data: [DONE]\n\n`));
    expect(final.output_text).toBe('Let me check.');
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    expect(final.usage).toMatchObject({ input_tokens: 20, output_tokens: 10, input_tokens_details: { cached_tokens: 5 } });
  });
  it('chat (made from a Codex recording) → responses round trip keeps reasoning and answer', async () => {
    const chat = convert('openai.responses', 'openai.chat_completions', codexThinking(), { messages: [], stream_options: { include_usage: true } });
    const final = await responsesFinal(convert('openai.chat_completions', 'openai.responses', chat));
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(final.output_text.endsWith('Answer: 120')).toBe(true);
  });
  it('an upstream error mid-stream makes the SDK throw', async () => {
    const events = [...ST1_ANTHROPIC.slice(0, 7), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }];
    await expect(responsesFinal(convert('anthropic.messages', 'openai.responses', sseOf(events)))).rejects.toThrow(/Overloaded|server_is_overloaded/);
  });
});

describe('@anthropic-ai/sdk MessageStream accepts our Anthropic streams', () => {
  it('responses → anthropic: Codex tool calls, stop_reason and usage', async () => {
    const final = await anthropicFinal(convert('openai.responses', 'anthropic.messages', codexTools()));
    expect(final.stop_reason).toBe('tool_use');
    const tools = final.content.filter((block) => block.type === 'tool_use');
    expect(tools.map((block) => [block.id, block.name, block.input])).toEqual([
      ['call_eUSoRaSdhGFRVK4PMkXefkGK', 'get_weather', { location: 'New York, NY', unit: 'F' }],
      ['call_8PVI0M8Z0FET0LRZJAvSjCHa', 'calculate_distance', { lat1: '40.7128', lon1: '-74.0060', lat2: '34.0522', lon2: '-118.2437' }],
    ]);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
  });
  it('responses → anthropic: Codex reasoning as a thinking block, then text (ST7)', async () => {
    const final = await anthropicFinal(convert('openai.responses', 'anthropic.messages', codexThinking()));
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const thinking = final.content[0]!;
    expect(thinking.type === 'thinking' && thinking.thinking.startsWith('**Calculating factorials**')).toBe(true);
    const text = final.content[1]!;
    expect(text.type === 'text' && text.text.endsWith('Answer: 120')).toBe(true);
    expect(final.stop_reason).toBe('end_turn');
  });
  it('chat → anthropic: text, tool call, usage from the trailing usage chunk (ST4)', async () => {
    const final = await anthropicFinal(convert('openai.chat_completions', 'anthropic.messages', `${sseOf(ST4_CHAT)}data: [DONE]\n\n`));
    expect(final.content).toMatchObject([
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_A', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 15, output_tokens: 10, cache_read_input_tokens: 5 });
  });
  it('chat (made from a Claude recording) → anthropic round trip equals the recorded message', async () => {
    const recorded = loadFixture('claude_messages_tools_stream');
    const chat = convert('anthropic.messages', 'openai.chat_completions', fixtureSse(recorded), { messages: [], stream_options: { include_usage: true } });
    const final = await anthropicFinal(convert('openai.chat_completions', 'anthropic.messages', chat));
    const aggregated = (recorded.response as unknown as { summary: { aggregated_response: { content: unknown[] } } }).summary.aggregated_response;
    expect(final.content).toEqual(aggregated.content);
    expect(final.usage).toMatchObject({ input_tokens: 572, output_tokens: 186 });
  });
  it('an upstream error mid-stream makes the SDK throw', async () => {
    const events = [...ST6_RESPONSES.slice(0, 4), { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 7 }];
    await expect(anthropicFinal(convert('openai.responses', 'anthropic.messages', sseOf(events)))).rejects.toThrow(/Slow down/);
  });
});
