// The Responses object envelope (formats.md §7.5 [Rec]): echoes the client's own Responses request
// (instructions, tools, tool_choice, sampling, reasoning, text, metadata, store, user) and uses API
// defaults for the rest. Shared by the non-streaming and the streaming converters.
import type { ResponsesOutputItem, ResponsesResponse, ResponsesStatus, ResponsesUsage } from '../models/responses.js';
import type { JsonObject } from '../shared/json.js';
import { asBoolean, asNumber, asObject, asString, isObject } from '../shared/json.js';

export interface EnvelopeParams {
  id: string;
  createdAt: number;
  model: string;
  status: ResponsesStatus;
  output: ResponsesOutputItem[];
  usage?: ResponsesUsage | undefined;
  error?: { code: string; message: string } | null;
  incompleteReason?: 'max_output_tokens' | 'content_filter' | undefined;
  clientRequest?: Readonly<JsonObject> | undefined;
}

function reasoningEcho(value: unknown): ResponsesResponse['reasoning'] {
  const reasoning = asObject(value);
  return {
    effort: (asString(reasoning?.['effort']) ?? null) as NonNullable<ResponsesResponse['reasoning']>['effort'],
    summary: (asString(reasoning?.['summary']) ?? null) as NonNullable<ResponsesResponse['reasoning']>['summary'],
  };
}

export function buildResponseEnvelope(params: EnvelopeParams): ResponsesResponse {
  const request: Readonly<JsonObject> = params.clientRequest ?? {};
  const text = asObject(request['text']);
  const metadata = asObject(request['metadata']);
  const envelope: ResponsesResponse = {
    id: params.id,
    object: 'response',
    created_at: params.createdAt,
    status: params.status,
    background: false,
    error: params.error ?? null,
    incomplete_details: params.incompleteReason ? { reason: params.incompleteReason } : null,
    instructions: asString(request['instructions']) ?? null,
    max_output_tokens: asNumber(request['max_output_tokens']) ?? null,
    model: params.model,
    output: params.output,
    parallel_tool_calls: asBoolean(request['parallel_tool_calls']) ?? true,
    previous_response_id: null,
    reasoning: reasoningEcho(request['reasoning']),
    store: asBoolean(request['store']) ?? true,
    temperature: asNumber(request['temperature']) ?? 1,
    text: text && isObject(text['format']) ? text : { format: { type: 'text' }, ...(text ?? {}) },
    tool_choice: (request['tool_choice'] ?? 'auto') as ResponsesResponse['tool_choice'],
    tools: (Array.isArray(request['tools']) ? request['tools'] : []) as ResponsesResponse['tools'],
    top_p: asNumber(request['top_p']) ?? 1,
    truncation: 'disabled',
    metadata: (metadata ?? {}) as Record<string, string>,
  };
  const user = asString(request['user']);
  if (user !== undefined) envelope.user = user;
  if (params.usage) envelope.usage = params.usage;
  return envelope;
}
