// The side channel carried from request conversion to response and stream conversion
// (formats.md §1.4 [Rec]): one explicit object per request instead of async-local state.
import type { FormatId } from './format-id.js';
import type { JsonObject } from './shared/json.js';
import { asBoolean, asObject, asString, objectsOf } from './shared/json.js';

/** A function tool the client declared, kept for tool-name guessing in streams (§7.7). */
export interface ToolSummary {
  name: string;
  parameterKeys: readonly string[] | undefined;
}

export interface ConversionContext {
  /** The client's format (the request's source). */
  readonly from: FormatId;
  /** The upstream's format (the request's target). */
  readonly to: FormatId;
  /** When set, responses and streams report this model name instead of the upstream's. */
  clientModel?: string;
  /** The client's original request body (used to echo request fields in Responses envelopes). */
  clientRequest?: Readonly<JsonObject>;
  /** Whether the client asked for a stream. */
  stream?: boolean;
  /**
   * Chat clients: `stream_options.include_usage`. `true` → a separate `{choices:[], usage}` chunk;
   * `false` → no usage; undefined → usage on the finish chunk.
   */
  includeUsage?: boolean;
  /** Chat clients: render reasoning as `<thinking>` XML in content (default true) or as `reasoning_content`. */
  thinkingXml?: boolean;
  /** Function tools the client declared (name + parameter keys). */
  tools?: readonly ToolSummary[];
  /** A request id for correlation; never sent anywhere by the converters. */
  requestId?: string;
}

export interface ConvertRequestOptions {
  /** The model name to report back to the client (model alias restore). */
  clientModel?: string;
  /** Chat clients: `<thinking>` XML (default true) or `reasoning_content`. */
  thinkingXml?: boolean;
  /**
   * chat → responses: the reasoning effort to send when the client gave none (provider config,
   * §4.7 [Rec]). `undefined`/`null` → no `reasoning` field.
   */
  defaultReasoningEffort?: string | null;
  /**
   * → anthropic: turn extended thinking off when the final assistant turn of a tool loop has no
   * signed thinking block (a Chat client's streamed `<thinking>` carries none). The Anthropic API
   * rejects such requests; formats.md's vectors (RQ4, RQ7) keep thinking on, so the default is off.
   */
  guardThinkingHistory?: boolean;
  /** Reasoning summary mode sent with a mapped effort (default `auto`). */
  reasoningSummary?: 'auto' | 'concise' | 'detailed';
  requestId?: string;
}

function toolSummaries(tools: unknown): ToolSummary[] {
  const out: ToolSummary[] = [];
  for (const tool of objectsOf(tools)) {
    const fn = asObject(tool['function']) ?? tool;
    const name = asString(fn['name']);
    if (!name) continue;
    const schema = asObject(fn['parameters']) ?? asObject(fn['input_schema']);
    const properties = asObject(schema?.['properties']);
    out.push({ name, parameterKeys: properties ? Object.keys(properties) : undefined });
  }
  return out;
}

/** Builds the context for one request from the client's body. */
export function createConversionContext(
  from: FormatId,
  to: FormatId,
  clientRequest?: JsonObject,
  options: ConvertRequestOptions = {},
): ConversionContext {
  const context: ConversionContext = { from, to };
  if (clientRequest) {
    context.clientRequest = clientRequest;
    const stream = asBoolean(clientRequest['stream']);
    if (stream !== undefined) context.stream = stream;
    if (from === 'openai.chat_completions') {
      const includeUsage = asBoolean(asObject(clientRequest['stream_options'])?.['include_usage']);
      if (includeUsage !== undefined) context.includeUsage = includeUsage;
    }
    const tools = toolSummaries(clientRequest['tools']);
    if (tools.length > 0) context.tools = tools;
  }
  if (options.clientModel !== undefined) context.clientModel = options.clientModel;
  if (options.thinkingXml !== undefined) context.thinkingXml = options.thinkingXml;
  if (options.requestId !== undefined) context.requestId = options.requestId;
  return context;
}
