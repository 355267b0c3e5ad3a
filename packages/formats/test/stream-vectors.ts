// The stream inputs of formats.md §11.4 as event lists (shared by the vector, SDK and re-chunking tests).
import { anthropicTextBlock, anthropicThinkingBlock, anthropicToolBlock } from './stream-builders.js';

export const ST1_ANTHROPIC = [
  { type: 'message_start', message: { id: 'msg_01XYZ', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 20 } } },
  ...anthropicThinkingBlock(0, 'Need weather.', 'EqQBCgIYAhIM'),
  ...anthropicTextBlock(1, 'Let me check.'),
  ...anthropicToolBlock(2, 'toolu_01A', 'get_weather', ['{"city":', '"Paris"}']),
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 30 } },
  { type: 'message_stop' },
];

export const ST2_ANTHROPIC = [
  { type: 'message_start', message: { id: 'msg_02', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } } },
  ...anthropicToolBlock(0, 'toolu_01', 'get_weather', ['{"city": ', '"Paris"}']),
  ...anthropicToolBlock(1, 'toolu_02', 'get_time', ['{}']),
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 25, output_tokens: 42 } },
  { type: 'message_stop' },
];

const chunk = (choice: Record<string, unknown>) => ({ id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', choices: [{ index: 0, finish_reason: null, ...choice }] });

export const ST4_CHAT = [
  chunk({ delta: { role: 'assistant', content: '' } }),
  chunk({ delta: { content: 'Let me check.' } }),
  chunk({ delta: { tool_calls: [{ index: 0, id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '' } }] } }),
  chunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }),
  chunk({ delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] } }),
  chunk({ delta: {}, finish_reason: 'tool_calls' }),
  { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30, prompt_tokens_details: { cached_tokens: 5 } } },
];

export const ST6_RESPONSES = [
  { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', created_at: 1700000000, model: 'gpt-5', status: 'in_progress', output: [] } },
  { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
  { type: 'response.reasoning_summary_part.added', sequence_number: 2, item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
  { type: 'response.reasoning_summary_text.delta', sequence_number: 3, item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'Plan' },
  { type: 'response.reasoning_summary_text.done', sequence_number: 4, item_id: 'rs_1', output_index: 0, summary_index: 0, text: 'Plan' },
  { type: 'response.reasoning_summary_part.done', sequence_number: 5, item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: 'Plan' } },
  { type: 'response.output_item.done', sequence_number: 6, output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan' }] } },
  { type: 'response.output_item.added', sequence_number: 7, output_index: 1, item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] } },
  { type: 'response.content_part.added', sequence_number: 8, item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
  { type: 'response.output_text.delta', sequence_number: 9, item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Hi' },
  { type: 'response.output_text.done', sequence_number: 10, item_id: 'msg_1', output_index: 1, content_index: 0, text: 'Hi' },
  { type: 'response.content_part.done', sequence_number: 11, item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: 'Hi', annotations: [] } },
  { type: 'response.output_item.done', sequence_number: 12, output_index: 1, item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] } },
  { type: 'response.output_item.added', sequence_number: 13, output_index: 2, item: { id: 'fc_1', type: 'function_call', name: 'get_weather', call_id: 'call_1', arguments: '' } },
  { type: 'response.function_call_arguments.delta', sequence_number: 14, item_id: 'fc_1', output_index: 2, delta: '{"city":' },
  { type: 'response.function_call_arguments.delta', sequence_number: 15, item_id: 'fc_1', output_index: 2, delta: '"Paris"}' },
  { type: 'response.function_call_arguments.done', sequence_number: 16, item_id: 'fc_1', output_index: 2, arguments: '{"city":"Paris"}' },
  { type: 'response.output_item.done', sequence_number: 17, output_index: 2, item: { id: 'fc_1', type: 'function_call', name: 'get_weather', call_id: 'call_1', arguments: '{"city":"Paris"}', status: 'completed' } },
  {
    type: 'response.completed',
    sequence_number: 18,
    response: {
      id: 'resp_1',
      object: 'response',
      created_at: 1700000000,
      model: 'gpt-5',
      status: 'completed',
      output: [],
      usage: { input_tokens: 100, input_tokens_details: { cached_tokens: 40 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 130 },
    },
  },
];
