// openai.chat_completions stream → anthropic.messages stream (formats.md §7.6 [Rec]): no
// accumulator; tool calls are tracked by index and streamed as they come; blocks are closed at the
// first finish_reason, and message_delta waits for the end of input so a trailing usage-only chunk
// is counted ([Defect] B2, B3, B23).
import type { ConversionContext } from '../context.js';
import { codeToAnthropicType, failureToAnthropicType, openAiToAnthropicType } from '../errors/error-mapping.js';
import { anthropicToolId, idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asString } from '../shared/json.js';
import { chatFinishToAnthropicStop } from '../shared/stop-reasons.js';
import type { ThinkingTagSink } from '../shared/thinking-tag-splitter.js';
import { AnthropicEventWriter } from './anthropic-event-writer.js';
import type { ChatChunkSink } from './chat-chunk-reader.js';
import { ChatChunkReader } from './chat-chunk-reader.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { StreamTranslator } from './translator.js';

/** Tool calls are handled by their Anthropic block index. */
export class ChatToAnthropicTranslator implements StreamTranslator, ChatChunkSink<number> {
  readonly upstream = new ChatChunkReader<number>(this);
  readonly content: ThinkingTagSink;
  private readonly writer: AnthropicEventWriter;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    const writer = new AnthropicEventWriter(out, context?.clientModel);
    this.writer = writer;
    this.content = {
      text: (text) => writer.text(text),
      thinking: (text) => writer.thinking(text),
      open: () => {
        writer.closeBlock();
        writer.openThinking();
      },
      close: () => writer.closeBlock(),
    };
  }

  start(): void {
    if (!this.writer.started) this.writer.start(`msg_${idSuffix(this.upstream.id)}`, this.upstream.model);
  }

  event(chunk: JsonObject): void {
    if (!this.writer.ended) this.upstream.read(chunk);
  }

  error(error: JsonObject): void {
    const code = asString(error['code']);
    const type = asString(error['type']);
    this.start();
    this.upstream.flush();
    this.writer.error(type ? openAiToAnthropicType(type, code, 500) : codeToAnthropicType(code), asString(error['message']) ?? 'Upstream error');
  }

  toolStart(id: string, name: string): number {
    return this.writer.tool(anthropicToolId(id), name);
  }

  toolArguments(block: number, args: string): void {
    this.writer.toolInput(block, args);
  }

  finishReached(): void {
    this.writer.closeBlock();
  }

  private finish(): void {
    if (this.writer.ended) return;
    this.start();
    this.upstream.flush();
    let stop = chatFinishToAnthropicStop(this.upstream.finishReason);
    if (stop === 'end_turn' && this.upstream.refused) stop = 'refusal';
    this.writer.finish(stop, this.upstream.usage);
  }

  done(): void {
    this.upstream.done();
    this.finish();
  }

  end(): void {
    this.finish();
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.start();
    this.upstream.flush();
    this.writer.error(failureToAnthropicType(failure), failure.message);
  }
}
