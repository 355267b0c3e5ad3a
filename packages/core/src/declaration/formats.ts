/** The API formats the proxy speaks. Keep the Python identifiers for parity. */
export type FormatId = 'anthropic.messages' | 'openai.chat_completions' | 'openai.responses';

export const FORMAT_IDS: readonly FormatId[] = ['anthropic.messages', 'openai.chat_completions', 'openai.responses'];

/** Infer the caller's API format from a path when a route did not declare one. */
export function formatFromPath(path: string): FormatId | undefined {
  if (path.includes('/chat/completions')) return 'openai.chat_completions';
  if (path.includes('/messages')) return 'anthropic.messages';
  if (path.includes('/responses')) return 'openai.responses';
  return undefined;
}
