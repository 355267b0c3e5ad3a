// Multi-turn round trips a client really does: the upstream's answer, converted for the client, is
// sent back as history in the next request. Tool call ids must match and Claude thinking signatures
// must survive (formats.md §4.1, §4.2, §6.2, §7.5).
import { describe, expect, it } from 'vitest';
import { convertRequest, convertResponse } from '../src/index.js';
import { jsonEvents, runStream, sseOf } from './helpers.js';
import { ST1_ANTHROPIC } from './stream-vectors.js';

const CLAUDE_ANSWER = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  stop_reason: 'tool_use',
  content: [
    { type: 'thinking', thinking: 'Need weather.', signature: 'EqQBCgIYAhIM' },
    { type: 'text', text: 'Let me check.' },
    { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
  ],
  usage: { input_tokens: 10, output_tokens: 5 },
};

const SIGNED_TURN = [
  { type: 'thinking', thinking: 'Need weather.', signature: 'EqQBCgIYAhIM' },
  { type: 'text', text: 'Let me check.' },
  { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
];

describe('Chat client on a Claude upstream', () => {
  it('non-streaming: the signed <thinking> XML and tool call id come back as the same Claude turn', () => {
    const answer = convertResponse('anthropic.messages', 'openai.chat_completions', CLAUDE_ANSWER);
    const next = convertRequest('openai.chat_completions', 'anthropic.messages', {
      model: 'claude-sonnet-4-5',
      reasoning_effort: 'low',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        answer.choices[0]!.message,
        { role: 'tool', tool_call_id: answer.choices[0]!.message.tool_calls![0]!.id, content: '18C' },
      ],
    }).body;
    expect(next.messages[1]).toEqual({ role: 'assistant', content: SIGNED_TURN });
    expect(next.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: '18C' }] });
    expect(next.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });
  it('streaming: unsigned XML is dropped; guardThinkingHistory turns thinking off for the tool loop', () => {
    const streamed = runStream('anthropic.messages', 'openai.chat_completions', sseOf(ST1_ANTHROPIC)).text;
    const content = jsonEvents(streamed)
      .map((chunk) => (chunk['choices'] as { delta: { content?: string } }[])[0]?.delta.content ?? '')
      .join('');
    const request = {
      model: 'claude-sonnet-4-5',
      reasoning_effort: 'low',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content, tool_calls: [{ id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_01A', content: '18C' },
      ],
    };
    const plain = convertRequest('openai.chat_completions', 'anthropic.messages', request).body;
    expect(plain.messages[1]).toEqual({ role: 'assistant', content: SIGNED_TURN.slice(1) });
    expect(plain.thinking).toBeDefined();
    const guarded = convertRequest('openai.chat_completions', 'anthropic.messages', request, { guardThinkingHistory: true }).body;
    expect(guarded.thinking).toBeUndefined();
    const signed = convertRequest('openai.chat_completions', 'anthropic.messages', { ...request, messages: [request.messages[0], { ...request.messages[1], content: `<thinking signature="EqQBCgIYAhIM">Need weather.</thinking>Let me check.` }, request.messages[2]] }, { guardThinkingHistory: true }).body;
    expect(signed.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });
});

describe('Responses client on a Claude upstream', () => {
  const followUp = (output: unknown[]) => ({
    model: 'claude-sonnet-4-5',
    reasoning: { effort: 'low' },
    input: [{ role: 'user', content: 'Weather in Paris?' }, ...output, { type: 'function_call_output', call_id: 'toolu_01A', output: '18C' }],
  });
  it('non-streaming: reasoning.encrypted_content carries the signature back into a thinking block', () => {
    const answer = convertResponse('anthropic.messages', 'openai.responses', CLAUDE_ANSWER);
    expect(answer.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: 'ccproxy.anthropic.thinking:EqQBCgIYAhIM' });
    const next = convertRequest('openai.responses', 'anthropic.messages', followUp(answer.output), { guardThinkingHistory: true }).body;
    expect(next.messages[1]).toEqual({ role: 'assistant', content: SIGNED_TURN });
    expect(next.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });
  it('streaming: the completed response output replays into the same signed Claude turn', () => {
    const events = jsonEvents(runStream('anthropic.messages', 'openai.responses', sseOf(ST1_ANTHROPIC)).text);
    const output = (events.at(-1)!['response'] as { output: unknown[] }).output;
    const next = convertRequest('openai.responses', 'anthropic.messages', followUp(output), { guardThinkingHistory: true }).body;
    expect(next.messages[1]).toEqual({ role: 'assistant', content: SIGNED_TURN });
    expect(next.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: '18C' }] });
  });
  it('foreign reasoning (an OpenAI encrypted blob) is dropped, and the guard turns thinking off', () => {
    const output = [
      { type: 'reasoning', id: 'rs_x', summary: [{ type: 'summary_text', text: 'hm' }], encrypted_content: 'gAAAAABfoo' },
      { type: 'function_call', call_id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ];
    const next = convertRequest('openai.responses', 'anthropic.messages', followUp(output), { guardThinkingHistory: true }).body;
    expect(next.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } }] });
    expect(next.thinking).toBeUndefined();
  });
});

describe('Anthropic client on an OpenAI upstream', () => {
  it('Codex function-call ids survive the round trip (call_ ids, never fc_)', () => {
    const codexAnswer = {
      id: 'resp_1',
      status: 'completed',
      model: 'gpt-5',
      output: [{ type: 'function_call', id: 'fc_1', call_id: 'call_X', name: 'f', arguments: '{"a":1}' }],
    };
    const anthropicAnswer = convertResponse('openai.responses', 'anthropic.messages', codexAnswer);
    const next = convertRequest('anthropic.messages', 'openai.responses', {
      model: 'gpt-5',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: anthropicAnswer.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_X', content: 'ok' }] },
      ],
    }).body;
    expect(next.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] },
      { type: 'function_call', call_id: 'call_X', name: 'f', arguments: '{"a":1}' },
      { type: 'function_call_output', call_id: 'call_X', output: 'ok' },
    ]);
  });
});
