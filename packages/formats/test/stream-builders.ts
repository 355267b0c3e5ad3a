// Builders for the event sequences that the stream vectors and their expected outputs spell out
// again and again: Anthropic content blocks, Chat deltas and Responses item event names.

/** content_block_start + text_delta + content_block_stop. */
export function anthropicTextBlock(index: number, text: string): Record<string, unknown>[] {
  return [
    { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
    { type: 'content_block_stop', index },
  ];
}

/** content_block_start + thinking_delta (+ signature_delta when given) + content_block_stop. */
export function anthropicThinkingBlock(index: number, thinking: string, signature?: string): Record<string, unknown>[] {
  return [
    { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
    { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } },
    ...(signature === undefined ? [] : [{ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } }]),
    { type: 'content_block_stop', index },
  ];
}

/** content_block_start (input {}) + one input_json_delta per piece + content_block_stop. */
export function anthropicToolBlock(index: number, id: string, name: string, partialJson: readonly string[]): Record<string, unknown>[] {
  return [
    { type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } },
    ...partialJson.map((partial) => ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } })),
    { type: 'content_block_stop', index },
  ];
}

/** The first Chat delta of every converted stream. */
export const CHAT_ROLE_DELTA = { role: 'assistant', content: '' };

/** Reasoning as `<thinking>` XML content deltas. */
export function chatThinkingDeltas(text: string): Record<string, unknown>[] {
  return [{ content: '<thinking>' }, { content: text }, { content: '</thinking>' }];
}

/** A tool call's header delta, then one arguments delta per piece. */
export function chatToolCallDeltas(index: number, id: string, name: string, args: readonly string[]): Record<string, unknown>[] {
  return [
    { tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] },
    ...args.map((piece) => ({ tool_calls: [{ index, function: { arguments: piece } }] })),
  ];
}

/** response.created + response.in_progress. */
export const RESPONSES_START = ['response.created', 'response.in_progress'];

/** A reasoning item with one summary part and one delta. */
export const RESPONSES_REASONING_ITEM = [
  'response.output_item.added',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.reasoning_summary_part.done',
  'response.output_item.done',
];

/** A message item with one output_text part and one delta. */
export const RESPONSES_MESSAGE_ITEM = [
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
];

/** A function_call item with `deltas` arguments deltas. */
export function responsesFunctionCallItem(deltas: number): string[] {
  return [
    'response.output_item.added',
    ...Array.from({ length: deltas }, () => 'response.function_call_arguments.delta'),
    'response.function_call_arguments.done',
    'response.output_item.done',
  ];
}
