// openai.chat_completions stream → openai.responses stream (formats.md §7.8 [Rec]): no accumulator;
// a function_call item is announced on a tool call's first delta and its arguments streamed; all
// items close at the first finish_reason; response.completed waits for the end of input so a
// trailing usage chunk is included ([Defect] B3); length / content_filter → response.incomplete.
import type { ConversionContext } from '../context.js';
import { failureToResponsesCode } from '../errors/error-mapping.js';
import { ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asString } from '../shared/json.js';
import { chatFinishToResponses } from '../shared/stop-reasons.js';
import type { ThinkingTagSink } from '../shared/thinking-tag-splitter.js';
import type { ChatChunkSink } from './chat-chunk-reader.js';
import { ChatChunkReader } from './chat-chunk-reader.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { FunctionCallHandle } from './responses-event-writer.js';
import { ResponsesEventWriter } from './responses-event-writer.js';
import type { StreamTranslator } from './translator.js';

export class ChatToResponsesTranslator implements StreamTranslator, ChatChunkSink<FunctionCallHandle> {
  readonly upstream = new ChatChunkReader<FunctionCallHandle>(this);
  readonly content: ThinkingTagSink;
  private readonly writer: ResponsesEventWriter;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    const writer = ResponsesEventWriter.forClient(out, context);
    this.writer = writer;
    this.content = {
      text: (text) => {
        writer.closeReasoning();
        writer.textDelta(text);
      },
      thinking: (text) => {
        writer.closeMessage();
        writer.reasoningDelta(text);
      },
      open: () => {
        writer.closeMessage();
        writer.reasoningPartBreak();
      },
      close: () => writer.reasoningPartBreak(),
    };
  }

  start(created?: number): void {
    if (this.writer.started) return;
    const [id, suffix] = ensureIdentifier('resp', this.upstream.id);
    this.writer.start(id, suffix, created, this.upstream.model);
  }

  event(chunk: JsonObject): void {
    if (!this.writer.ended) this.upstream.read(chunk);
  }

  error(error: JsonObject): void {
    this.start();
    this.writer.fail(asString(error['code']) ?? asString(error['type']) ?? 'server_error', asString(error['message']) ?? 'Upstream error', this.upstream.usage);
  }

  toolStart(id: string, name: string): FunctionCallHandle {
    this.writer.closeReasoning();
    this.writer.closeMessage();
    return this.writer.openFunctionCall(id, name);
  }

  toolArguments(call: FunctionCallHandle, args: string): void {
    this.writer.functionArguments(call, args);
  }

  finishReached(): void {
    this.writer.closeAll();
  }

  private complete(): void {
    if (this.writer.ended) return;
    this.start();
    this.upstream.flush();
    const outcome = chatFinishToResponses(this.upstream.finishReason);
    this.writer.complete(outcome.status, outcome.incompleteReason, this.upstream.usage);
  }

  done(): void {
    this.upstream.done();
    this.complete();
  }

  end(): void {
    this.complete();
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.start();
    this.writer.fail(failureToResponsesCode(failure), failure.message, this.upstream.usage);
  }
}
