// Typed model of the OpenAI Responses API (formats.md §3.3). Index signatures keep unknown fields;
// unknown input items, tools and stream events are tolerated and dropped deliberately.

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
  [key: string]: unknown;
}

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  /** Always empty here: citations are not converted. */
  annotations: [];
  logprobs?: [];
  [key: string]: unknown;
}

export interface ResponsesInputImage {
  type: 'input_image';
  image_url?: string;
  file_id?: string;
  detail?: 'auto' | 'low' | 'high';
  [key: string]: unknown;
}

export interface ResponsesInputFile {
  type: 'input_file';
  file_data?: string;
  file_id?: string;
  file_url?: string;
  filename?: string;
  [key: string]: unknown;
}

export interface ResponsesRefusal {
  type: 'refusal';
  refusal: string;
  [key: string]: unknown;
}

export type ResponsesInputContentPart = ResponsesInputText | ResponsesInputImage | ResponsesInputFile;

export interface ResponsesMessageItem {
  type?: 'message';
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | Array<ResponsesInputContentPart | { type: 'output_text'; text: string; [key: string]: unknown } | ResponsesRefusal>;
  id?: string;
  status?: string;
  [key: string]: unknown;
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  call_id: string;
  name: string;
  arguments: string;
  id?: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [key: string]: unknown;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string | ResponsesInputContentPart[];
  id?: string;
  [key: string]: unknown;
}

export interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
  [key: string]: unknown;
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: ResponsesSummaryText[];
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [key: string]: unknown;
}

export interface ResponsesItemReference {
  type: 'item_reference';
  id: string;
  [key: string]: unknown;
}

export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesReasoningItem
  | ResponsesItemReference;

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters: Record<string, unknown> | null;
  strict: boolean | null;
  [key: string]: unknown;
}

/** Any non-function tool (web_search, file_search, custom, mcp, …). */
export interface ResponsesOtherTool {
  type: string;
  [key: string]: unknown;
}

export type ResponsesTool = ResponsesFunctionTool | ResponsesOtherTool;

export type ResponsesToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string } | { type: string; [key: string]: unknown };

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean | null; description?: string };

export type ResponsesReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface ResponsesRequest {
  model: string;
  input: string | ResponsesInputItem[];
  instructions?: string;
  max_output_tokens?: number;
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  reasoning?: { effort?: ResponsesReasoningEffort | null; summary?: 'auto' | 'concise' | 'detailed' | null };
  text?: { format?: ResponsesTextFormat; verbosity?: 'low' | 'medium' | 'high' | null };
  metadata?: Record<string, string>;
  user?: string;
  store?: boolean;
  include?: string[];
  previous_response_id?: string;
  prompt_cache_key?: string;
  safety_identifier?: string;
  service_tier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority';
  top_logprobs?: number;
  [key: string]: unknown;
}

export type ResponsesStatus = 'completed' | 'incomplete' | 'in_progress' | 'failed' | 'queued' | 'cancelled';

export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: Array<ResponsesOutputText | ResponsesRefusal>;
  [key: string]: unknown;
}

export interface ResponsesOutputFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  [key: string]: unknown;
}

export type ResponsesOutputItem = ResponsesOutputMessage | ResponsesReasoningItem | ResponsesOutputFunctionCall;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
  [key: string]: unknown;
}

export interface ResponsesError {
  code: string;
  message: string;
}

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  error: ResponsesError | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  metadata: Record<string, string> | null;
  temperature: number | null;
  top_p: number | null;
  tool_choice: ResponsesToolChoice;
  tools: ResponsesTool[];
  usage?: ResponsesUsage;
  max_output_tokens?: number | null;
  reasoning?: { effort?: ResponsesReasoningEffort | null; summary?: 'auto' | 'concise' | 'detailed' | null } | null;
  text?: { format?: ResponsesTextFormat; verbosity?: 'low' | 'medium' | 'high' | null };
  store?: boolean;
  user?: string;
  background?: boolean | null;
  previous_response_id?: string | null;
  truncation?: 'auto' | 'disabled' | null;
  [key: string]: unknown;
}

interface SequencedEvent {
  sequence_number: number;
}

type LifecycleType = 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed';

export type ResponsesLifecycleEvent = {
  [T in LifecycleType]: SequencedEvent & { type: T; response: ResponsesResponse };
}[LifecycleType];

type OutputItemType = 'response.output_item.added' | 'response.output_item.done';

export type ResponsesOutputItemEvent = {
  [T in OutputItemType]: SequencedEvent & { type: T; output_index: number; item: ResponsesOutputItem };
}[OutputItemType];

type ContentPartType = 'response.content_part.added' | 'response.content_part.done';

export type ResponsesContentPartEvent = {
  [T in ContentPartType]: SequencedEvent & {
    type: T;
    item_id: string;
    output_index: number;
    content_index: number;
    part: ResponsesOutputText | ResponsesRefusal;
  };
}[ContentPartType];

export type ResponsesTextDeltaEvent = SequencedEvent & {
  type: 'response.output_text.delta';
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
  logprobs: [];
};

export type ResponsesTextDoneEvent = SequencedEvent & {
  type: 'response.output_text.done';
  item_id: string;
  output_index: number;
  content_index: number;
  text: string;
  logprobs: [];
};

export type ResponsesFunctionArgumentsDeltaEvent = SequencedEvent & {
  type: 'response.function_call_arguments.delta';
  item_id: string;
  output_index: number;
  delta: string;
};

export type ResponsesFunctionArgumentsDoneEvent = SequencedEvent & {
  type: 'response.function_call_arguments.done';
  item_id: string;
  output_index: number;
  arguments: string;
  name: string;
};

type SummaryPartType = 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';

export type ResponsesReasoningSummaryPartEvent = {
  [T in SummaryPartType]: SequencedEvent & {
    type: T;
    item_id: string;
    output_index: number;
    summary_index: number;
    part: { type: 'summary_text'; text: string };
  };
}[SummaryPartType];

export type ResponsesReasoningSummaryTextDeltaEvent = SequencedEvent & {
  type: 'response.reasoning_summary_text.delta';
  item_id: string;
  output_index: number;
  summary_index: number;
  delta: string;
};

export type ResponsesReasoningSummaryTextDoneEvent = SequencedEvent & {
  type: 'response.reasoning_summary_text.done';
  item_id: string;
  output_index: number;
  summary_index: number;
  text: string;
};

export type ResponsesErrorEvent = SequencedEvent & {
  type: 'error';
  code: string | null;
  message: string;
  param: string | null;
};

export type ResponsesStreamEvent =
  | ResponsesLifecycleEvent
  | ResponsesOutputItemEvent
  | ResponsesContentPartEvent
  | ResponsesTextDeltaEvent
  | ResponsesTextDoneEvent
  | ResponsesFunctionArgumentsDeltaEvent
  | ResponsesFunctionArgumentsDoneEvent
  | ResponsesReasoningSummaryPartEvent
  | ResponsesReasoningSummaryTextDeltaEvent
  | ResponsesReasoningSummaryTextDoneEvent
  | ResponsesErrorEvent;
