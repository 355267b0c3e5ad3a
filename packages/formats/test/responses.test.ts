// formats.md §11.3: whole-response vectors RS1–RS6 (DO outputs), plus the §6 rules around them.
import { describe, expect, it } from 'vitest';
import { FormatConversionError, convertResponse, createConversionContext } from '../src/index.js';

const RS1_INPUT = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  stop_reason: 'max_tokens',
  stop_sequence: null,
  content: [
    { type: 'thinking', thinking: 'Check units.', signature: 'sigA' },
    { type: 'redacted_thinking', data: 'xyz' },
    { type: 'text', text: 'It is 18C.' },
    { type: 'tool_use', id: 'toolu_02', name: 'log', input: { v: 18 } },
  ],
  usage: { input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 },
};

describe('RS1 anthropic → chat', () => {
  it('converts thinking to XML with its signature, tools, finish and usage (DO)', () => {
    const out = convertResponse('anthropic.messages', 'openai.chat_completions', RS1_INPUT);
    expect(out).toMatchObject({
      id: 'msg_01',
      object: 'chat.completion',
      model: 'claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          finish_reason: 'length',
          message: {
            role: 'assistant',
            content: '<thinking signature="sigA">Check units.</thinking>It is 18C.',
            tool_calls: [{ id: 'toolu_02', type: 'function', function: { name: 'log' } }],
          },
        },
      ],
      usage: { prompt_tokens: 140, completion_tokens: 50, total_tokens: 190, prompt_tokens_details: { cached_tokens: 30 } },
    });
    expect(JSON.parse(out.choices[0]!.message.tool_calls![0]!.function.arguments)).toEqual({ v: 18 });
    expect(out.created).toBeGreaterThan(1_600_000_000);
  });
  it('puts reasoning in reasoning_content when the XML is off', () => {
    const out = convertResponse('anthropic.messages', 'openai.chat_completions', RS1_INPUT, { ...createConversionContext('openai.chat_completions', 'anthropic.messages'), thinkingXml: false });
    expect(out.choices[0]!.message.content).toBe('It is 18C.');
    expect(out.choices[0]!.message.reasoning_content).toBe('Check units.');
  });
  it('reports the client model alias when the context has one', () => {
    const context = createConversionContext('openai.chat_completions', 'anthropic.messages', { messages: [] }, { clientModel: 'my-alias' });
    expect(convertResponse('anthropic.messages', 'openai.chat_completions', RS1_INPUT, context).model).toBe('my-alias');
  });
});

describe('RS2 anthropic → responses', () => {
  it('builds reasoning, message and function_call items with incomplete status (DO, B7)', () => {
    const out = convertResponse('anthropic.messages', 'openai.responses', RS1_INPUT);
    expect(out).toMatchObject({
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      model: 'claude-sonnet-4-5',
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Check units.' }] },
        { type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'It is 18C.', annotations: [] }] },
        { type: 'function_call', call_id: 'toolu_02', name: 'log', status: 'completed' },
      ],
      usage: { input_tokens: 140, input_tokens_details: { cached_tokens: 30 }, output_tokens: 50, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 190 },
    });
    const [reasoning, message, call] = out.output as { id: string; arguments?: string }[];
    const suffix = /^resp_([0-9a-f]{32})$/.exec(out.id)?.[1];
    expect(suffix).toBeDefined();
    expect(reasoning!.id).toBe(`rs_${suffix}`);
    expect(message!.id).toBe(`msg_${suffix}`);
    expect(call!.id).toMatch(/^fc_/);
    expect(JSON.parse(call!.arguments!)).toEqual({ v: 18 });
    expect(out.created_at).toBeGreaterThan(1_600_000_000);
    expect(out).not.toHaveProperty('tool_calls');
  });
  it('maps refusal to incomplete/content_filter and echoes the client request', () => {
    const context = createConversionContext('openai.responses', 'anthropic.messages', {
      model: 'x',
      input: 'hi',
      instructions: 'Be brief',
      temperature: 0.5,
      tools: [{ type: 'function', name: 'f', parameters: {} }],
    });
    const out = convertResponse('anthropic.messages', 'openai.responses', { ...RS1_INPUT, stop_reason: 'refusal' }, context);
    expect(out.status).toBe('incomplete');
    expect(out.incomplete_details).toEqual({ reason: 'content_filter' });
    expect(out.instructions).toBe('Be brief');
    expect(out.temperature).toBe(0.5);
    expect(out.tools).toEqual([{ type: 'function', name: 'f', parameters: {} }]);
  });
  it('keeps block order: text after a tool call opens a new message item', () => {
    const out = convertResponse('anthropic.messages', 'openai.responses', {
      id: 'msg_2',
      model: 'm',
      stop_reason: 'end_turn',
      content: [
        { type: 'text', text: 'a' },
        { type: 'tool_use', id: 't1', name: 'f', input: {} },
        { type: 'text', text: 'b' },
      ],
      usage: {},
    });
    expect(out.status).toBe('completed');
    expect(out.output.map((item) => item.type)).toEqual(['message', 'function_call', 'message']);
  });
});

describe('RS3 chat → anthropic', () => {
  const input = {
    id: 'chatcmpl-CJRj',
    object: 'chat.completion',
    created: 1758750873,
    model: 'gpt-4o-2024-11-20',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        message: { role: 'assistant', tool_calls: [{ id: 'call_MC', type: 'function', function: { name: 'get_weather', arguments: '{"location": "New York"}' } }] },
      },
    ],
    usage: { prompt_tokens: 123, completion_tokens: 76, total_tokens: 199, prompt_tokens_details: { cached_tokens: 0 } },
  };
  it('converts a Copilot tool-call body (DO)', () => {
    expect(convertResponse('openai.chat_completions', 'anthropic.messages', input)).toMatchObject({
      id: 'chatcmpl-CJRj',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-2024-11-20',
      stop_reason: 'tool_use',
      stop_sequence: null,
      content: [{ type: 'tool_use', id: 'call_MC', name: 'get_weather', input: { location: 'New York' } }],
      usage: { input_tokens: 123, output_tokens: 76, cache_read_input_tokens: 0 },
    });
  });
  it('wraps invalid arguments instead of failing', () => {
    const broken = structuredClone(input);
    broken.choices[0]!.message.tool_calls[0]!.function.arguments = '{oops';
    const out = convertResponse('openai.chat_completions', 'anthropic.messages', broken);
    expect(out.content[0]).toMatchObject({ type: 'tool_use', input: { arguments: '{oops' } });
  });
  it('maps content_filter and refusals to stop_reason refusal, and subtracts cached tokens', () => {
    const out = convertResponse('openai.chat_completions', 'anthropic.messages', {
      id: 'c',
      model: 'm',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, refusal: 'I cannot.' } }],
      usage: { prompt_tokens: 50, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 20 } },
    });
    expect(out.stop_reason).toBe('refusal');
    expect(out.content).toEqual([{ type: 'text', text: 'I cannot.' }]);
    expect(out.usage).toMatchObject({ input_tokens: 30, cache_read_input_tokens: 20 });
    const filtered = convertResponse('openai.chat_completions', 'anthropic.messages', { choices: [{ index: 0, finish_reason: 'content_filter', message: { content: 'x' } }] });
    expect(filtered.stop_reason).toBe('refusal');
  });
});

describe('RS4 chat → responses', () => {
  it('splits thinking XML into a reasoning item with its signature (DO)', () => {
    const out = convertResponse('openai.chat_completions', 'openai.responses', {
      id: 'chat-1',
      model: 'm',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '<thinking signature="sig">Thoughts</thinking>Final answer' } }],
    });
    expect(out.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thoughts', signature: 'sig' }] });
    expect(out.output[1]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'Final answer' }] });
    expect(out.reasoning?.summary).toBeTruthy();
    expect(out.id).toMatch(/^resp_/);
    expect(out.status).toBe('completed');
  });
  it('adds no placeholder message beside tool calls (B26) and maps length to incomplete', () => {
    const out = convertResponse('openai.chat_completions', 'openai.responses', {
      id: 'chatcmpl-2',
      model: 'm',
      choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] } }],
    });
    expect(out.output).toHaveLength(1);
    expect(out.output[0]).toMatchObject({ type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' });
    expect(out.status).toBe('incomplete');
    expect(out.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });
  it('keeps a placeholder message when there is nothing at all', () => {
    const out = convertResponse('openai.chat_completions', 'openai.responses', { id: 'x', choices: [{ index: 0, message: { content: null } }] });
    expect(out.output).toMatchObject([{ type: 'message', content: [{ type: 'output_text', text: '' }] }]);
  });
});

const RS5_INPUT = {
  id: 'resp_0f05',
  object: 'response',
  created_at: 1758751100,
  status: 'completed',
  model: 'gpt-5',
  parallel_tool_calls: true,
  output: [
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: '**Plan**\n\nCall tool.' }, { type: 'summary_text', text: '**Then**\n\nAnswer.' }] },
    { type: 'function_call', id: 'fc_0f05', call_id: 'call_FH', name: 'get_weather', arguments: '{"location":"NY"}', status: 'completed' },
  ],
  usage: { input_tokens: 2354, input_tokens_details: { cached_tokens: 1536 }, output_tokens: 342, output_tokens_details: { reasoning_tokens: 256 }, total_tokens: 2696 },
};

describe('RS5 responses → chat', () => {
  it('joins summaries, uses call_id as the tool id (B10), finish tool_calls (DO)', () => {
    const out = convertResponse('openai.responses', 'openai.chat_completions', RS5_INPUT);
    expect(out).toMatchObject({
      id: 'resp_0f05',
      object: 'chat.completion',
      model: 'gpt-5',
      created: 1758751100,
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: '<thinking>**Plan**\n\nCall tool.\n\n**Then**\n\nAnswer.</thinking>',
            tool_calls: [{ id: 'call_FH', type: 'function', function: { name: 'get_weather', arguments: '{"location":"NY"}' } }],
          },
        },
      ],
      usage: { prompt_tokens: 2354, completion_tokens: 342, total_tokens: 2696, prompt_tokens_details: { cached_tokens: 1536 }, completion_tokens_details: { reasoning_tokens: 256 } },
    });
  });
  it('with the XML off, content has no reasoning (it moves to reasoning_content)', () => {
    const context = { ...createConversionContext('openai.chat_completions', 'openai.responses'), thinkingXml: false };
    const out = convertResponse('openai.responses', 'openai.chat_completions', RS5_INPUT, context);
    expect(out.choices[0]!.message.content ?? '').toBe('');
    expect(out.choices[0]!.message.reasoning_content).toBe('**Plan**\n\nCall tool.\n\n**Then**\n\nAnswer.');
  });
  it('incomplete/max_output_tokens without tools → finish_reason length', () => {
    const out = convertResponse('openai.responses', 'openai.chat_completions', {
      ...RS5_INPUT,
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'message', id: 'm', role: 'assistant', content: [{ type: 'output_text', text: 'part' }] }],
    });
    expect(out.choices[0]!.finish_reason).toBe('length');
    expect(out.choices[0]!.message.content).toBe('part');
  });
});

describe('RS6 responses → anthropic', () => {
  it('keeps output order, thinking from summaries, tool_use stop, cache-corrected usage (DO, B11)', () => {
    const input = structuredClone(RS5_INPUT);
    input.output.splice(1, 0, { type: 'message', id: 'msg_9', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Done.' }] } as never);
    expect(convertResponse('openai.responses', 'anthropic.messages', input)).toEqual({
      id: 'msg_0f05',
      type: 'message',
      role: 'assistant',
      model: 'gpt-5',
      stop_reason: 'tool_use',
      stop_sequence: null,
      content: [
        { type: 'thinking', thinking: '**Plan**\n\nCall tool.\n\n**Then**\n\nAnswer.', signature: '' },
        { type: 'text', text: 'Done.' },
        { type: 'tool_use', id: 'call_FH', name: 'get_weather', input: { location: 'NY' } },
      ],
      usage: { input_tokens: 818, output_tokens: 342, cache_read_input_tokens: 1536, cache_creation_input_tokens: 0 },
    });
  });
  it('skips empty reasoning and maps incomplete to max_tokens', () => {
    const out = convertResponse('openai.responses', 'anthropic.messages', {
      id: 'resp_x',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      output: [{ type: 'reasoning', id: 'rs', summary: [] }, { type: 'message', content: [{ type: 'output_text', text: 'cut' }] }],
    });
    expect(out.content).toEqual([{ type: 'text', text: 'cut' }]);
    expect(out.stop_reason).toBe('max_tokens');
  });
});

describe('whole-response edge cases', () => {
  it('same format returns the body unchanged', () => {
    const body = { id: 'x', custom: true };
    expect(convertResponse('openai.responses', 'openai.responses', body)).toBe(body);
  });
  it('throws a 502 FormatConversionError for a non-object body', () => {
    expect(() => convertResponse('anthropic.messages', 'openai.chat_completions', 'oops')).toThrow(FormatConversionError);
    try {
      convertResponse('openai.responses', 'anthropic.messages', null);
    } catch (error) {
      expect((error as FormatConversionError).status).toBe(502);
    }
  });
  it('accepts a buffered Codex {response:{…}} wrapper', () => {
    const out = convertResponse('openai.responses', 'openai.chat_completions', { type: 'response.completed', response: RS5_INPUT });
    expect(out.choices[0]!.message.tool_calls).toHaveLength(1);
  });
});
