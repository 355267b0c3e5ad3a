// Typed model of the OpenAI Chat Completions API (formats.md §3.2). Index signatures keep unknown
// fields; converters read inputs tolerantly and write only the fields listed here.

export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface ChatTextPart {
  type: 'text';
  text: string;
  [key: string]: unknown;
}

export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  [key: string]: unknown;
}

export interface ChatFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  [key: string]: unknown;
}

export interface ChatRefusalPart {
  type: 'refusal';
  refusal: string;
  [key: string]: unknown;
}

export type ChatContentPart = ChatTextPart | ChatImagePart | ChatFilePart | ChatRefusalPart;

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  [key: string]: unknown;
}

export interface ChatSystemMessage {
  role: 'system' | 'developer';
  content: string | ChatTextPart[];
  name?: string;
  [key: string]: unknown;
}

export interface ChatUserMessage {
  role: 'user';
  content: string | Array<ChatTextPart | ChatImagePart | ChatFilePart>;
  name?: string;
  [key: string]: unknown;
}

export interface ChatAssistantMessage {
  role: 'assistant';
  content?: string | Array<ChatTextPart | ChatRefusalPart> | null;
  tool_calls?: ChatToolCall[];
  refusal?: string | null;
  name?: string;
  [key: string]: unknown;
}

export interface ChatToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | ChatTextPart[];
  [key: string]: unknown;
}

export type ChatMessage = ChatSystemMessage | ChatUserMessage | ChatAssistantMessage | ChatToolMessage;

export interface ChatFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
  [key: string]: unknown;
}

export type ChatToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

export type ChatReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean | null; description?: string };
    };

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  n?: number;
  seed?: number;
  user?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: ChatFunctionTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: ChatReasoningEffort;
  response_format?: ChatResponseFormat;
  verbosity?: 'low' | 'medium' | 'high';
  store?: boolean;
  service_tier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority';
  prompt_cache_key?: string;
  safety_identifier?: string;
  top_logprobs?: number;
  [key: string]: unknown;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number; audio_tokens?: number };
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  };
  [key: string]: unknown;
}

export interface ChatResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  tool_calls?: ChatToolCall[];
  /** De-facto extension (DeepSeek, vLLM, …) used when thinking XML is switched off. */
  reasoning_content?: string;
  [key: string]: unknown;
}

export interface ChatCompletionResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{ index: number; message: ChatResponseMessage; finish_reason: ChatFinishReason; logprobs: null }>;
  usage?: ChatUsage;
  [key: string]: unknown;
}

export interface ChatChunkToolCall {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string;
  tool_calls?: ChatChunkToolCall[];
  [key: string]: unknown;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: ChatChunkDelta; finish_reason: ChatFinishReason | null; logprobs?: null }>;
  usage?: ChatUsage | null;
  [key: string]: unknown;
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
  [key: string]: unknown;
}
