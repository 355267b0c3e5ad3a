// Tool definitions and tool_choice across the three formats (formats.md §4.9).
import type { JsonObject } from './json.js';
import { asBoolean, asObject, asString, isObject, objectsOf } from './json.js';

const EMPTY_SCHEMA: JsonObject = { type: 'object', properties: {} };

function description(target: JsonObject, value: unknown): void {
  if (typeof value === 'string') target['description'] = value;
}

/** An Anthropic tool with the `{custom:{…}}` wrapper flattened, or the tool itself. */
function flattenAnthropicTool(tool: JsonObject): JsonObject {
  const custom = asObject(tool['custom']);
  return custom && tool['name'] === undefined ? { type: 'custom', ...custom } : tool;
}

function isAnthropicCustomTool(tool: JsonObject): boolean {
  const type = tool['type'];
  return type === undefined || type === null || type === 'custom' || type === 'tool';
}

// ── Anthropic → OpenAI ──────────────────────────────────────────────────────────────────────────

export function anthropicToolsToChat(tools: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const raw of objectsOf(tools)) {
    const tool = flattenAnthropicTool(raw);
    const name = asString(tool['name']);
    if (!isAnthropicCustomTool(tool) || !name) continue; // server tools have no Chat equivalent
    const fn: JsonObject = { name };
    description(fn, tool['description']);
    fn['parameters'] = asObject(tool['input_schema']) ?? EMPTY_SCHEMA;
    out.push({ type: 'function', function: fn });
  }
  return out;
}

export function anthropicToolsToResponses(tools: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const raw of objectsOf(tools)) {
    const tool = flattenAnthropicTool(raw);
    const type = asString(tool['type']);
    if (type?.startsWith('web_search_')) {
      out.push({ type: 'web_search' });
      continue;
    }
    const name = asString(tool['name']);
    if (!isAnthropicCustomTool(tool) || !name) continue;
    const fn: JsonObject = { type: 'function', name };
    description(fn, tool['description']);
    fn['parameters'] = asObject(tool['input_schema']) ?? EMPTY_SCHEMA;
    out.push(fn);
  }
  return out;
}

interface OpenAiToolChoice {
  toolChoice?: unknown;
  parallelToolCalls?: boolean;
}

/** Anthropic tool_choice → Chat (`nested`) or Responses (`flat`) tool_choice + parallel_tool_calls. */
function anthropicToolChoiceToOpenAi(choice: unknown, shape: 'nested' | 'flat'): OpenAiToolChoice {
  const value = asObject(choice);
  if (!value) return {};
  const disable = asBoolean(value['disable_parallel_tool_use']) ?? false;
  switch (value['type']) {
    case 'auto':
      return { toolChoice: 'auto', parallelToolCalls: !disable };
    case 'any':
      return { toolChoice: 'required', parallelToolCalls: !disable };
    case 'none':
      return { toolChoice: 'none' };
    case 'tool': {
      const name = asString(value['name']) ?? '';
      const toolChoice = shape === 'nested' ? { type: 'function', function: { name } } : { type: 'function', name };
      return { toolChoice, parallelToolCalls: !disable };
    }
    default:
      return {};
  }
}

/**
 * Sets `tools` on an OpenAI request built from an Anthropic one, with `tool_choice` and
 * `parallel_tool_calls` from the Anthropic `tool_choice`; nothing when there are no tools.
 */
export function setOpenAiTools(out: JsonObject, tools: JsonObject[], anthropicChoice: unknown, shape: 'nested' | 'flat'): void {
  if (tools.length === 0) return;
  out['tools'] = tools;
  const { toolChoice, parallelToolCalls } = anthropicToolChoiceToOpenAi(anthropicChoice, shape);
  if (toolChoice !== undefined) out['tool_choice'] = toolChoice;
  if (parallelToolCalls !== undefined) out['parallel_tool_calls'] = parallelToolCalls;
}

// ── OpenAI → Anthropic ──────────────────────────────────────────────────────────────────────────

/** Chat tools (nested) or Responses tools (flat) → Anthropic custom tools. Non-function tools are dropped. */
export function openAiToolsToAnthropic(tools: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const tool of objectsOf(tools)) {
    if (tool['type'] !== 'function') continue;
    const fn = asObject(tool['function']) ?? tool;
    const name = asString(fn['name']);
    if (!name) continue;
    const converted: JsonObject = { type: 'custom', name };
    description(converted, fn['description']);
    converted['input_schema'] = asObject(fn['parameters']) ?? EMPTY_SCHEMA;
    out.push(converted);
  }
  return out;
}

/** Chat (nested) or Responses (flat) tool_choice → the name of a forced function, if any. */
function forcedFunctionName(choice: JsonObject): string | undefined {
  if (choice['type'] !== 'function') return undefined;
  return asString(asObject(choice['function'])?.['name']) ?? asString(choice['name']);
}

/**
 * OpenAI tool_choice + parallel_tool_calls → Anthropic tool_choice. Returns undefined when nothing
 * should be sent. `parallel_tool_calls:false` without a tool_choice gives `{type:"auto", disable…}`.
 */
export function openAiToolChoiceToAnthropic(choice: unknown, parallelToolCalls: unknown): JsonObject | undefined {
  let result: JsonObject | undefined;
  if (typeof choice === 'string') {
    if (choice === 'auto') result = { type: 'auto' };
    else if (choice === 'required') result = { type: 'any' };
    else if (choice === 'none') return { type: 'none' };
  } else if (isObject(choice)) {
    const name = forcedFunctionName(choice);
    if (name) result = { type: 'tool', name };
    else if (choice['type'] === 'allowed_tools') result = { type: asString(choice['mode']) === 'required' ? 'any' : 'auto' };
  }
  if (typeof parallelToolCalls === 'boolean') {
    if (result) result['disable_parallel_tool_use'] = !parallelToolCalls;
    else if (!parallelToolCalls) result = { type: 'auto', disable_parallel_tool_use: true };
  }
  return result;
}

// ── Chat ⇄ Responses ────────────────────────────────────────────────────────────────────────────

/** Chat tools (nested) → Responses tools (flat); other keys kept; non-function tools pass through. */
export function chatToolsToResponses(tools: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const tool of objectsOf(tools)) {
    if (tool['type'] === 'function') {
      const fn = asObject(tool['function']) ?? {};
      const name = asString(fn['name']);
      if (!name) continue;
      const { name: _name, description: desc, parameters, ...rest } = fn;
      const flat: JsonObject = { type: 'function', name };
      description(flat, desc);
      flat['parameters'] = asObject(parameters) ?? EMPTY_SCHEMA;
      for (const [key, value] of Object.entries(rest)) if (value !== undefined && value !== null) flat[key] = value;
      out.push(flat);
    } else if (tool['type'] === 'custom' && isObject(tool['custom'])) {
      out.push({ type: 'custom', ...tool['custom'] });
    } else {
      out.push(tool);
    }
  }
  return out;
}

/** Responses tools (flat) → Chat tools (nested). Non-function tools are dropped ([Defect] B18). */
export function responsesToolsToChat(tools: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const tool of objectsOf(tools)) {
    if (tool['type'] !== 'function') continue;
    if (isObject(tool['function'])) {
      out.push(tool);
      continue;
    }
    const name = asString(tool['name']);
    if (!name) continue;
    const fn: JsonObject = { name };
    description(fn, tool['description']);
    fn['parameters'] = asObject(tool['parameters']) ?? EMPTY_SCHEMA;
    if (typeof tool['strict'] === 'boolean') fn['strict'] = tool['strict'];
    out.push({ type: 'function', function: fn });
  }
  return out;
}

/** Chat tool_choice → Responses: strings pass through; the nested named form becomes flat. */
export function chatToolChoiceToResponses(choice: unknown): unknown {
  if (!isObject(choice)) return choice;
  if (choice['type'] === 'function' && isObject(choice['function'])) {
    const { function: fn, ...rest } = choice;
    return { ...rest, type: 'function', name: asString(fn['name']) ?? '' };
  }
  return choice;
}

/** Responses tool_choice → Chat: strings pass through; the flat named form becomes nested. */
export function responsesToolChoiceToChat(choice: unknown): unknown {
  if (!isObject(choice)) return choice;
  if (choice['type'] === 'function' && !isObject(choice['function'])) {
    return { type: 'function', function: { name: asString(choice['name']) ?? '' } };
  }
  if (choice['type'] === 'function') return choice;
  if (choice['type'] === 'allowed_tools') return asString(choice['mode']) === 'required' ? 'required' : 'auto';
  return 'auto';
}
