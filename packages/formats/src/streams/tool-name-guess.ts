// Last-resort tool-name guess for function calls that arrive without a name (formats.md §7.7):
// match the argument keys against the client's declared tools, then fall back to the position.
import type { ToolSummary } from '../context.js';
import { parseArgumentsLenient } from '../shared/tool-arguments.js';

export function guessToolName(tools: readonly ToolSummary[] | undefined, ordinal: number, args: string): string {
  if (!tools || tools.length === 0) return '';
  const keys = Object.keys(parseArgumentsLenient(args));
  if (keys.length > 0) {
    const candidates = tools.filter((tool) => tool.parameterKeys === undefined || keys.every((key) => tool.parameterKeys?.includes(key)));
    if (candidates.length === 1 && candidates[0]) return candidates[0].name;
    const exact = tools.filter((tool) => tool.parameterKeys !== undefined && tool.parameterKeys.length === keys.length && keys.every((key) => tool.parameterKeys?.includes(key)));
    if (exact.length === 1 && exact[0]) return exact[0].name;
  }
  return tools[ordinal]?.name ?? '';
}
