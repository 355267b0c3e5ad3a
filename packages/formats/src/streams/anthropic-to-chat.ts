// anthropic.messages stream → openai.chat_completions stream (formats.md §7.4 [Rec]). Tool calls are
// keyed by content-block index, so a tool call after text or thinking arrives ([Defect] B1).
import type { ConversionContext } from '../context.js';
import { anthropicToOpenAiError } from '../errors/error-mapping.js';
import { idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { nowSeconds } from '../shared/json.js';
import { anthropicStopToChatFinish } from '../shared/stop-reasons.js';
import type { AnthropicEventSink } from './anthropic-event-reader.js';
import { AnthropicEventReader } from './anthropic-event-reader.js';
import { ChatChunkWriter } from './chat-chunk-writer.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { StreamTranslator } from './translator.js';

/** Tool calls are handled by their Chat `tool_calls` index. */
export class AnthropicToChatTranslator implements StreamTranslator, AnthropicEventSink<number> {
  readonly upstream = new AnthropicEventReader<number>(this);
  private readonly writer: ChatChunkWriter;
  private nextTool = 0;
  private closed = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = ChatChunkWriter.forClient(out, context);
  }

  event(event: JsonObject): void {
    if (!this.closed) this.upstream.read(event);
  }

  messageStart(message: JsonObject): void {
    this.writer.start(idSuffix(message['id']), nowSeconds(), this.upstream.model);
  }

  blockStart(): void {
    // The role chunk waits for message_start or the first delta.
  }

  /** Chat has no blocks: text is sent whichever block it names. */
  text(text: string): void {
    this.writer.content(text);
  }

  thinkingStart(): void {
    this.writer.openThinking();
  }

  thinking(text: string): void {
    this.writer.reasoning(text);
  }

  toolStart(id: string | undefined, name: string): number {
    const tool = this.nextTool++;
    this.writer.toolHeader(tool, id ?? `call_${tool}`, name);
    return tool;
  }

  toolArguments(tool: number, partialJson: string): void {
    this.writer.toolArguments(tool, partialJson);
  }

  textStop(): void {
    // Chat content runs on.
  }

  thinkingStop(): void {
    this.writer.closeThinking(); // the signature has no Chat form
  }

  toolStop(tool: number, fallbackArguments: string | undefined): void {
    if (fallbackArguments !== undefined) this.writer.toolArguments(tool, fallbackArguments);
  }

  messageStop(): void {
    this.finish();
  }

  error(type: string | undefined, message: string): void {
    const mapped = anthropicToOpenAiError(type, message);
    this.writer.error(message, mapped.type, mapped.code);
    this.closed = true;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.finish(anthropicStopToChatFinish(this.upstream.stopReason), this.upstream.usage);
  }

  done(): void {
    // Anthropic streams have no [DONE]; a proxy-recorded one is ignored.
  }

  end(): void {
    if (this.writer.started) this.finish();
    this.closed = true;
  }

  fail(failure: StreamFailure): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.failure(failure);
  }
}
