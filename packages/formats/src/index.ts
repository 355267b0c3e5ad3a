// @ccproxy/formats public API: explicit named exports only.
export type { FormatId } from './format-id.js';
export { FORMAT_IDS, isFormatId } from './format-id.js';
export type { ConversionContext, ConvertRequestOptions, ToolSummary } from './context.js';
export { createConversionContext } from './context.js';
export { FormatConversionError } from './errors/format-conversion-error.js';
export type { FormatConversionErrorOptions } from './errors/format-conversion-error.js';
export type { NormalizedUsage } from './usage.js';
export {
  usageFromAnthropic,
  usageFromChat,
  usageFromResponses,
  usageFromResponse,
  toAnthropicUsage,
  toChatUsage,
  toResponsesUsage,
} from './usage.js';
export { convertRequest } from './requests/convert-request.js';
export type { ConvertedRequest, RequestBodyOf } from './requests/convert-request.js';
export type {
  AnthropicMessagesRequest,
  AnthropicMessage,
  AnthropicRole,
  AnthropicContentBlock,
  AnthropicUnknownBlock,
  AnthropicTextBlock,
  AnthropicImageBlock,
  AnthropicImageSource,
  AnthropicDocumentBlock,
  AnthropicDocumentSource,
  AnthropicToolUseBlock,
  AnthropicToolResultBlock,
  AnthropicThinkingBlock,
  AnthropicRedactedThinkingBlock,
  AnthropicCacheControl,
  AnthropicTool,
  AnthropicCustomTool,
  AnthropicServerTool,
  AnthropicToolChoice,
  AnthropicThinkingConfig,
  AnthropicUsage,
  AnthropicStopReason,
  AnthropicResponseContentBlock,
  AnthropicMessagesResponse,
  AnthropicStreamEvent,
  AnthropicMessageStartEvent,
  AnthropicContentBlockStartEvent,
  AnthropicContentBlockDeltaEvent,
  AnthropicContentBlockStopEvent,
  AnthropicContentDelta,
  AnthropicMessageDeltaEvent,
  AnthropicMessageDeltaUsage,
  AnthropicMessageStopEvent,
  AnthropicPingEvent,
  AnthropicErrorEvent,
  AnthropicErrorType,
  AnthropicErrorBody,
} from './models/anthropic.js';
export type {
  ChatCompletionRequest,
  ChatMessage,
  ChatRole,
  ChatSystemMessage,
  ChatUserMessage,
  ChatAssistantMessage,
  ChatToolMessage,
  ChatContentPart,
  ChatTextPart,
  ChatImagePart,
  ChatFilePart,
  ChatRefusalPart,
  ChatToolCall,
  ChatFunctionTool,
  ChatToolChoice,
  ChatReasoningEffort,
  ChatResponseFormat,
  ChatFinishReason,
  ChatUsage,
  ChatResponseMessage,
  ChatCompletionResponse,
  ChatCompletionChunk,
  ChatChunkDelta,
  ChatChunkToolCall,
  OpenAiErrorBody,
} from './models/chat.js';
export type {
  ResponsesRequest,
  ResponsesInputItem,
  ResponsesMessageItem,
  ResponsesFunctionCallItem,
  ResponsesFunctionCallOutputItem,
  ResponsesReasoningItem,
  ResponsesItemReference,
  ResponsesInputContentPart,
  ResponsesInputText,
  ResponsesInputImage,
  ResponsesInputFile,
  ResponsesOutputText,
  ResponsesRefusal,
  ResponsesSummaryText,
  ResponsesTool,
  ResponsesFunctionTool,
  ResponsesOtherTool,
  ResponsesToolChoice,
  ResponsesTextFormat,
  ResponsesReasoningEffort,
  ResponsesStatus,
  ResponsesResponse,
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesOutputFunctionCall,
  ResponsesUsage,
  ResponsesError,
  ResponsesStreamEvent,
  ResponsesLifecycleEvent,
  ResponsesOutputItemEvent,
  ResponsesContentPartEvent,
  ResponsesTextDeltaEvent,
  ResponsesTextDoneEvent,
  ResponsesFunctionArgumentsDeltaEvent,
  ResponsesFunctionArgumentsDoneEvent,
  ResponsesReasoningSummaryPartEvent,
  ResponsesReasoningSummaryTextDeltaEvent,
  ResponsesReasoningSummaryTextDoneEvent,
  ResponsesErrorEvent,
} from './models/responses.js';
export { convertResponse } from './responses/convert-response.js';
export type { ResponseBodyOf } from './responses/convert-response.js';
export { convertError, errorBody } from './errors/convert-error.js';
export { createStreamConverter, createStreamObserver } from './streams/stream-converter.js';
export type { StreamConverter } from './streams/stream-converter-types.js';
export type { StreamFailure } from './streams/output.js';
export { createSseParser } from './sse/sse-parser.js';
export type { SseEvent, SseParser } from './sse/sse-parser.js';
export { serializeSse } from './sse/serialize-sse.js';
export { ensureIdentifier, clampCallId } from './shared/ids.js';
export { thinkingToXml, splitThinkingXml } from './shared/thinking-xml.js';
export type { XmlSegment, ThinkingSegment, TextSegment } from './shared/thinking-xml.js';
export { stripBillingHeader } from './shared/system-prompt.js';
