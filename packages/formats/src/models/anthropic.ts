// Typed model of the Anthropic Messages API (formats.md §3.1), as far as the converters read or
// write it. Every object type carries an index signature: unknown fields are tolerated and carried,
// never a reason to reject a body. Unknown content block types are modelled by
// `AnthropicUnknownBlock` and are dropped deliberately by the cross-format converters.

export type AnthropicRole = 'user' | 'assistant';

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
  [key: string]: unknown;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl | null;
  citations?: unknown[] | null;
  [key: string]: unknown;
}

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string; [key: string]: unknown }
  | { type: 'url'; url: string; [key: string]: unknown };

export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: string; data: string; [key: string]: unknown }
  | { type: 'text'; media_type: 'text/plain'; data: string; [key: string]: unknown }
  | { type: 'url'; url: string; [key: string]: unknown }
  | { type: 'content'; content: string | AnthropicContentBlock[]; [key: string]: unknown };

export interface AnthropicDocumentBlock {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string | null;
  context?: string | null;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  [key: string]: unknown;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
  [key: string]: unknown;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
  [key: string]: unknown;
}

/** Any other block type (search_result, server_tool_use, web_search_tool_result, …). */
export interface AnthropicUnknownBlock {
  type: string;
  [key: string]: unknown;
}

/** A content block of a request message. */
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

export interface AnthropicMessage {
  role: AnthropicRole;
  content: string | Array<AnthropicContentBlock | AnthropicUnknownBlock>;
  [key: string]: unknown;
}

export interface AnthropicCustomTool {
  type?: 'custom';
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl | null;
  [key: string]: unknown;
}

/** Server tools such as `web_search_20250305`; only dropped or mapped by converters. */
export interface AnthropicServerTool {
  type: string;
  name: string;
  [key: string]: unknown;
}

export type AnthropicTool = AnthropicCustomTool | AnthropicServerTool;

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'disabled' }
  | { type: 'adaptive'; display?: 'summarized' | 'omitted' };

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string | AnthropicTextBlock[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  metadata?: { user_id?: string; [key: string]: unknown };
  thinking?: AnthropicThinkingConfig;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  service_tier?: 'auto' | 'standard_only';
  [key: string]: unknown;
}

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number } | null;
  output_tokens_details?: { thinking_tokens: number } | null;
  service_tier?: 'standard' | 'priority' | 'batch' | null;
  [key: string]: unknown;
}

/** A content block of a response (what the converters produce for Anthropic clients). */
export type AnthropicResponseContentBlock =
  | { type: 'text'; text: string; citations?: null; [key: string]: unknown }
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolUseBlock;

export interface AnthropicMessagesResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
  [key: string]: unknown;
}

export interface AnthropicMessageStartEvent {
  type: 'message_start';
  message: AnthropicMessagesResponse;
}

export interface AnthropicContentBlockStartEvent {
  type: 'content_block_start';
  index: number;
  content_block: AnthropicResponseContentBlock;
}

export type AnthropicContentDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string };

export interface AnthropicContentBlockDeltaEvent {
  type: 'content_block_delta';
  index: number;
  delta: AnthropicContentDelta;
}

export interface AnthropicContentBlockStopEvent {
  type: 'content_block_stop';
  index: number;
}

export interface AnthropicMessageDeltaUsage {
  output_tokens: number;
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens: number } | null;
  [key: string]: unknown;
}

export interface AnthropicMessageDeltaEvent {
  type: 'message_delta';
  delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
  usage: AnthropicMessageDeltaUsage;
}

export interface AnthropicMessageStopEvent {
  type: 'message_stop';
}

export interface AnthropicPingEvent {
  type: 'ping';
}

export interface AnthropicErrorEvent {
  type: 'error';
  error: { type: AnthropicErrorType | (string & {}); message: string };
}

export type AnthropicStreamEvent =
  | AnthropicMessageStartEvent
  | AnthropicContentBlockStartEvent
  | AnthropicContentBlockDeltaEvent
  | AnthropicContentBlockStopEvent
  | AnthropicMessageDeltaEvent
  | AnthropicMessageStopEvent
  | AnthropicPingEvent
  | AnthropicErrorEvent;

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id?: string;
  [key: string]: unknown;
}
