// formats.md §11.2: request vectors RQ1–RQ7 (DO outputs, compared by value), plus the request rules
// of §5 that the vectors do not pin down.
import { describe, expect, it } from 'vitest';
import { FormatConversionError, convertRequest } from '../src/index.js';

const RQ1_INPUT = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  stream: true,
  temperature: 0.2,
  stop_sequences: ['END'],
  metadata: { user_id: 'u1' },
  system: [
    { type: 'text', text: 'x-anthropic-billing-header: cc_version=1; cch=9f;\nYou are terse.' },
    { type: 'text', text: 'Answer in English.' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: '18C' }] },
        { type: 'text', text: 'Thanks' },
      ],
    },
  ],
  tools: [
    { name: 'get_weather', description: 'Get weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
  ],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
};

/** Compares bodies by value, with `arguments` strings compared by parsed JSON (§11 conventions). */
function normalizeArguments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeArguments);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = key === 'arguments' && typeof inner === 'string' ? JSON.parse(inner) : normalizeArguments(inner);
  }
  return out;
}

function expectBody(actual: unknown, expected: unknown): void {
  expect(normalizeArguments(actual)).toEqual(normalizeArguments(expected));
}

describe('RQ1 anthropic → chat', () => {
  it('converts the full request (DO)', () => {
    const { body } = convertRequest('anthropic.messages', 'openai.chat_completions', RQ1_INPUT);
    expectBody(body, {
      model: 'claude-sonnet-4-5',
      max_completion_tokens: 1024,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      stop: ['END'],
      user: 'u1',
      messages: [
        { role: 'system', content: 'You are terse.\n\nAnswer in English.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_01', content: '18C' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Get weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
    });
  });
  it('maps thinking to reasoning_effort, url images, and drops server tools and unknown blocks', () => {
    const { body } = convertRequest('anthropic.messages', 'openai.chat_completions', {
      model: 'm',
      max_tokens: 10,
      thinking: { type: 'enabled', budget_tokens: 16000 },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
            { type: 'search_result', source: 's', title: 't', content: [] },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc text' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 's' }, { type: 'text', text: 'ok' }] },
      ],
      tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      tool_choice: { type: 'any' },
    });
    expect(body).toEqual({
      model: 'm',
      max_completion_tokens: 10,
      reasoning_effort: 'high',
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }, { type: 'text', text: 'doc text' }] },
        { role: 'assistant', content: 'ok' },
      ],
    });
  });
  it('maps every tool_choice and clamps long tool ids', () => {
    const longId = `toolu_${'a'.repeat(64)}`;
    const base = {
      model: 'm',
      max_tokens: 5,
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: longId, name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: longId, content: 'done', is_error: true }] },
      ],
    };
    const choices: [unknown, unknown, unknown][] = [
      [{ type: 'auto' }, 'auto', true],
      [{ type: 'any' }, 'required', true],
      [{ type: 'none' }, 'none', undefined],
      [{ type: 'tool', name: 'f', disable_parallel_tool_use: true }, { type: 'function', function: { name: 'f' } }, false],
    ];
    for (const [choice, expected, parallel] of choices) {
      const { body } = convertRequest('anthropic.messages', 'openai.chat_completions', { ...base, tool_choice: choice });
      expect(body.tool_choice).toEqual(expected);
      expect(body.parallel_tool_calls).toBe(parallel);
      expect(body.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'call_cacc5dac2db18ec72b55ec626daa928fc0225d9b', type: 'function', function: { name: 'f', arguments: '{}' } }] });
      expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'call_cacc5dac2db18ec72b55ec626daa928fc0225d9b', content: 'Error: done' });
    }
  });
});

describe('RQ2/RQ3 anthropic → responses', () => {
  it('RQ2 converts the full request (DO)', () => {
    const { body } = convertRequest('anthropic.messages', 'openai.responses', RQ1_INPUT);
    expectBody(body, {
      model: 'claude-sonnet-4-5',
      max_output_tokens: 1024,
      stream: true,
      temperature: 0.2,
      metadata: { user_id: 'u1' },
      instructions: 'You are terse.\n\nAnswer in English.',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'toolu_01', output: '18C' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Thanks' }] },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'Get weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
    });
  });
  const longId = `toolu_${'a'.repeat(64)}`;
  const rq3 = (assistantBlocks: unknown[]) => ({
    model: 'm',
    max_tokens: 10,
    messages: [
      { role: 'user', content: 'run' },
      { role: 'assistant', content: assistantBlocks },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: longId, content: 'done' }] },
    ],
    tool_choice: { type: 'tool', name: 'shell' },
    tools: [{ name: 'shell', input_schema: { type: 'object' } }],
  });
  const expectedInput = [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run' }] },
    { type: 'function_call', call_id: 'call_cacc5dac2db18ec72b55ec626daa928fc0225d9b', name: 'shell', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_cacc5dac2db18ec72b55ec626daa928fc0225d9b', output: 'done' },
  ];
  it('RQ3 clamps ids, uses the flat named tool_choice and keeps history', () => {
    const { body } = convertRequest('anthropic.messages', 'openai.responses', rq3([{ type: 'tool_use', id: longId, name: 'shell', input: {} }]));
    expectBody(body.input, expectedInput);
    expect(body.tool_choice).toEqual({ type: 'function', name: 'shell' });
    expect(body.parallel_tool_calls).toBe(true);
  });
  it('RQ3b drops a thinking block instead of failing (B12)', () => {
    const { body } = convertRequest(
      'anthropic.messages',
      'openai.responses',
      rq3([{ type: 'thinking', thinking: 'hm', signature: 's' }, { type: 'tool_use', id: longId, name: 'shell', input: {} }]),
    );
    expectBody(body.input, expectedInput);
  });
  it('maps thinking to reasoning, service tiers and web search', () => {
    const { body } = convertRequest('anthropic.messages', 'openai.responses', {
      model: 'm',
      max_tokens: 10,
      service_tier: 'standard_only',
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tools: [{ type: 'web_search_20250305', name: 'web_search' }, { name: 'f', description: null, input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'a' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA' } }] }] }],
    });
    expect(body.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    expect(body.service_tier).toBe('default');
    expect(body.tools).toEqual([{ type: 'web_search' }, { type: 'function', name: 'f', parameters: { type: 'object' } }]);
    expect(body.input).toEqual([
      { type: 'function_call_output', call_id: 't', output: [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'data:image/png;base64,AA' }] },
    ]);
  });
});

const RQ4_INPUT = {
  model: 'claude-sonnet-4-5',
  max_tokens: 300,
  temperature: 0.3,
  top_p: 0.9,
  stop: 'STOP',
  user: 'u9',
  parallel_tool_calls: false,
  messages: [
    { role: 'system', content: 'A' },
    { role: 'developer', content: 'B' },
    { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }] },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_A', type: 'function', function: { name: 'w', arguments: '{"c":"A"}' } },
        { id: 'call_B', type: 'function', function: { name: 'w', arguments: '{"c":"B"}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_A', content: 'sunny' },
    { role: 'tool', tool_call_id: 'call_B', content: [{ type: 'text', text: 'rainy' }] },
  ],
  tools: [{ type: 'function', function: { name: 'w', parameters: { type: 'object', properties: { c: { type: 'string' } } } } }],
  tool_choice: 'required',
};

describe('RQ4 chat → anthropic', () => {
  it('converts the full request, parallel tool results in one user message (DO)', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', RQ4_INPUT);
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['STOP'],
      metadata: { user_id: 'u9' },
      system: 'A\n\nB',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_A', name: 'w', input: { c: 'A' } },
            { type: 'tool_use', id: 'call_B', name: 'w', input: { c: 'B' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_A', content: 'sunny' }, { type: 'tool_result', tool_use_id: 'call_B', content: 'rainy' }] },
      ],
      tools: [{ type: 'custom', name: 'w', input_schema: { type: 'object', properties: { c: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
  });
  it('reasoning_effort high → budget 10000, max_tokens 11024, no temperature, tool_choice auto', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', { ...RQ4_INPUT, reasoning_effort: 'high' });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 10000 });
    expect(body.max_tokens).toBe(11024);
    expect(body.temperature).toBeUndefined();
    expect(body.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
  });
  it('reasoning_effort low → budget 1024 (never below the minimum, B15)', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', { ...RQ4_INPUT, reasoning_effort: 'low' });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(body.max_tokens).toBe(2048);
  });
  it('reasoning_effort minimal → no thinking', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', { ...RQ4_INPUT, reasoning_effort: 'minimal' });
    expect(body.thinking).toBeUndefined();
  });
  it('response_format json_object → system suffix', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', { ...RQ4_INPUT, response_format: { type: 'json_object' } });
    expect(body.system).toMatch(/^A\n\nB\n\nRespond ONLY with a valid JSON object\./);
  });
  it('json_schema → system suffix carrying the schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', {
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'n', schema, strict: true } },
    });
    expect(body.system).toContain(JSON.stringify(schema));
    expect(body.max_tokens).toBe(4096);
  });
  it('lenient arguments, http image urls, signed thinking XML back to a thinking block', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', {
      model: 'm',
      messages: [
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }, { type: 'text', text: 'see' }] },
        {
          role: 'assistant',
          content: '<thinking signature="SIG">plan</thinking><thinking>unsigned</thinking>Answer',
          tool_calls: [{ id: 'call 1', type: 'function', function: { name: 'f', arguments: '{oops' } }],
        },
        { role: 'tool', tool_call_id: 'call 1', content: 'r' },
        { role: 'user', content: 'next' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }, { type: 'text', text: 'see' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'plan', signature: 'SIG' },
          { type: 'text', text: 'Answer' },
          { type: 'tool_use', id: 'call_1', name: 'f', input: { arguments: '{oops' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'r' }, { type: 'text', text: 'next' }] },
    ]);
  });
  it('turns orphaned tool results into text (sanitiser after the merge)', () => {
    const { body } = convertRequest('openai.chat_completions', 'anthropic.messages', {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', tool_call_id: 'gone', content: 'old result' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: '[Previous tool results from compacted history]\n- Tool gone: old result\n' }, { type: 'text', text: 'hi' }] },
    ]);
  });
});

describe('RQ5 chat → responses', () => {
  const input = {
    model: 'gpt-5',
    max_tokens: 500,
    stream: true,
    temperature: 0.3,
    top_p: 0.9,
    user: 'u9',
    parallel_tool_calls: false,
    reasoning_effort: 'high',
    response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } },
    messages: [
      { role: 'system', content: 'A' },
      { role: 'developer', content: 'B' },
      { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }] },
      { role: 'assistant', content: 'Calling', tool_calls: [{ id: 'call_A', type: 'function', function: { name: 'w', arguments: '{"c":"A"}' } }] },
      { role: 'tool', tool_call_id: 'call_A', content: 'sunny' },
    ],
    tools: [{ type: 'function', function: { name: 'w', parameters: { type: 'object', properties: { c: { type: 'string' } } } } }],
    tool_choice: { type: 'function', function: { name: 'w' } },
  };
  it('converts the full request (DO)', () => {
    const { body } = convertRequest('openai.chat_completions', 'openai.responses', input);
    expectBody(body, {
      model: 'gpt-5',
      instructions: 'A\n\nB',
      max_output_tokens: 500,
      stream: true,
      temperature: 0.3,
      top_p: 0.9,
      user: 'u9',
      parallel_tool_calls: false,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: 'data:image/jpeg;base64,/9j/4AAQ' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Calling' }] },
        { type: 'function_call', call_id: 'call_A', name: 'w', arguments: '{"c":"A"}' },
        { type: 'function_call_output', call_id: 'call_A', output: 'sunny' },
      ],
      tools: [{ type: 'function', name: 'w', parameters: { type: 'object', properties: { c: { type: 'string' } } } }],
      tool_choice: { type: 'function', name: 'w' },
    });
  });
  it('takes the default reasoning effort from options, not from the environment', () => {
    const { reasoning_effort: _dropped, ...withoutEffort } = input;
    expect(convertRequest('openai.chat_completions', 'openai.responses', withoutEffort).body.reasoning).toBeUndefined();
    const { body } = convertRequest('openai.chat_completions', 'openai.responses', withoutEffort, { defaultReasoningEffort: 'medium' });
    expect(body.reasoning).toEqual({ effort: 'medium', summary: 'auto' });
  });
});

const RQ6_INPUT = {
  model: 'gpt-5',
  instructions: 'Be terse.',
  max_output_tokens: 300,
  stream: true,
  reasoning: { effort: 'low' },
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Dev rule.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAA' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
    { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
    { role: 'user', content: 'And tomorrow?' },
  ],
  tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
  tool_choice: { type: 'function', name: 'get_weather' },
  text: { format: { type: 'json_object' } },
};

describe('RQ6 responses → chat', () => {
  it('converts the full request (DO)', () => {
    const { body } = convertRequest('openai.responses', 'openai.chat_completions', RQ6_INPUT);
    expectBody(body, {
      model: 'gpt-5',
      max_completion_tokens: 300,
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'low',
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: 'Be terse.\n\nDev rule.' },
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'user', content: 'And tomorrow?' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
  });
  it('maps json_schema text.format to response_format, images to parts, drops non-function tools', () => {
    const { body } = convertRequest('openai.responses', 'openai.chat_completions', {
      model: 'gpt-5',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'see' }, { type: 'input_image', image_url: 'https://x/y.png' }] }, { type: 'item_reference', id: 'x' }],
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      tools: [{ type: 'web_search' }, { type: 'function', name: 'f', parameters: { type: 'object' } }],
      reasoning: { effort: 'xhigh' },
    });
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } });
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] }]);
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }]);
    expect(body.reasoning_effort).toBe('high');
  });
});

describe('RQ7 responses → anthropic', () => {
  it('converts the full request (DO)', () => {
    const { body } = convertRequest('openai.responses', 'anthropic.messages', { ...RQ6_INPUT, model: 'claude-sonnet-4-5' });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 2048,
      stream: true,
      system: 'Be terse.\n\nDev rule.\n\nRespond ONLY with a valid JSON object. No prose. Do not wrap in markdown.',
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'Sunny' }, { type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [{ type: 'custom', name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'auto' },
    });
  });
  it('fails with a clear 400 on previous_response_id', () => {
    expect(() => convertRequest('openai.responses', 'anthropic.messages', { model: 'm', input: 'hi', previous_response_id: 'resp_1' })).toThrow(/previous_response_id/);
  });
  it('string input, flat tool_choice without thinking, sampling and user', () => {
    const { body } = convertRequest('openai.responses', 'anthropic.messages', {
      model: 'm',
      input: 'hi',
      temperature: 1.7,
      top_p: 0.5,
      user: 'me',
      parallel_tool_calls: false,
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'f' },
    });
    expect(body).toEqual({
      model: 'm',
      max_tokens: 4096,
      temperature: 1,
      top_p: 0.5,
      metadata: { user_id: 'me' },
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'custom', name: 'f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'f', disable_parallel_tool_use: true },
    });
  });
});

describe('input validation and tolerance', () => {
  const directions = [
    ['anthropic.messages', 'openai.chat_completions'],
    ['anthropic.messages', 'openai.responses'],
    ['openai.chat_completions', 'anthropic.messages'],
    ['openai.chat_completions', 'openai.responses'],
  ] as const;
  it.each(directions)('%s → %s rejects a body without messages with a 400', (from, to) => {
    try {
      convertRequest(from, to, { model: 'm' });
      expect.unreachable();
    } catch (error) {
      expect(FormatConversionError.is(error)).toBe(true);
      expect((error as FormatConversionError).status).toBe(400);
      expect((error as FormatConversionError).message).toMatch(/messages/);
    }
  });
  it('rejects non-object bodies and non-object messages', () => {
    expect(() => convertRequest('anthropic.messages', 'openai.responses', 'text')).toThrow(FormatConversionError);
    expect(() => convertRequest('openai.chat_completions', 'anthropic.messages', { messages: [42] })).toThrow(/messages\[0\]/);
    expect(() => convertRequest('openai.responses', 'openai.chat_completions', { input: 42 })).toThrow(/input/);
  });
  it('tolerates and does not forward unknown fields or blocks', () => {
    const { body } = convertRequest('anthropic.messages', 'openai.chat_completions', {
      model: 'm',
      max_tokens: 1,
      mystery: { x: 1 },
      container: 'c',
      messages: [{ role: 'user', content: [{ type: 'future_block', x: 1 }, { type: 'text', text: 'hi', extra: true }] }],
    });
    expect(body).toEqual({ model: 'm', max_completion_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
  });
  it('same format passes the body through unchanged and builds a context', () => {
    const original = { model: 'm', input: 'x', stream: true, custom: 1 };
    const { body, context } = convertRequest('openai.responses', 'openai.responses', original, { clientModel: 'alias' });
    expect(body).toBe(original);
    expect(context).toMatchObject({ from: 'openai.responses', to: 'openai.responses', stream: true, clientModel: 'alias' });
  });
  it('records include_usage and tools in the context', () => {
    const { context } = convertRequest('openai.chat_completions', 'anthropic.messages', {
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: {} } } } }],
    });
    expect(context.includeUsage).toBe(true);
    expect(context.tools).toEqual([{ name: 'f', parameterKeys: ['a'] }]);
  });
});
