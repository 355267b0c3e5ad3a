/** The three wire formats ccproxy converts between (formats.md §1.1). */
export type FormatId = 'anthropic.messages' | 'openai.chat_completions' | 'openai.responses';

export const FORMAT_IDS: readonly FormatId[] = ['anthropic.messages', 'openai.chat_completions', 'openai.responses'];

export function isFormatId(value: unknown): value is FormatId {
  return value === 'anthropic.messages' || value === 'openai.chat_completions' || value === 'openai.responses';
}

/** True for the two OpenAI formats, which share one error shape. */
export function isOpenAiFormat(format: FormatId): boolean {
  return format !== 'anthropic.messages';
}
