// anthropic.messages stream → openai.responses stream (formats.md §7.5 [Rec]): items follow block
// order, each item closes at its block's content_block_stop, text after a tool call opens a new
// message item, usage = message_start merged with message_delta ([Defect] B8).
import type { ConversionContext } from '../context.js';
import { anthropicTypeToCode, failureToResponsesCode } from '../errors/error-mapping.js';
import { encodeThinkingSignature } from '../shared/anthropic-signature.js';
import { ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asString } from '../shared/json.js';
import { anthropicStopToResponses } from '../shared/stop-reasons.js';
import type { AnthropicEventSink } from './anthropic-event-reader.js';
import { AnthropicEventReader } from './anthropic-event-reader.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { FunctionCallHandle } from './responses-event-writer.js';
import { ResponsesEventWriter } from './responses-event-writer.js';
import type { StreamTranslator } from './translator.js';

export class AnthropicToResponsesTranslator implements StreamTranslator, AnthropicEventSink<FunctionCallHandle> {
  readonly upstream = new AnthropicEventReader<FunctionCallHandle>(this);
  private readonly writer: ResponsesEventWriter;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = ResponsesEventWriter.forClient(out, context);
  }

  private ensureStarted(message?: JsonObject): void {
    if (this.writer.started) return;
    const [id, suffix] = ensureIdentifier('resp', asString(message?.['id']));
    this.writer.start(id, suffix, asNumber(message?.['created_at']), this.upstream.model);
  }

  event(event: JsonObject): void {
    if (!this.writer.ended) this.upstream.read(event);
  }

  messageStart(message: JsonObject): void {
    this.ensureStarted(message);
  }

  blockStart(): void {
    this.ensureStarted();
  }

  text(text: string, inTextBlock: boolean): void {
    if (inTextBlock) this.writer.textDelta(text);
  }

  thinkingStart(): void {
    // The reasoning item opens with its first text.
  }

  thinking(text: string, inThinkingBlock: boolean): void {
    if (inThinkingBlock) this.writer.reasoningDelta(text);
  }

  toolStart(id: string | undefined, name: string, index: number): FunctionCallHandle {
    return this.writer.openFunctionCall(id ?? `call_${index}`, name);
  }

  toolArguments(call: FunctionCallHandle, partialJson: string): void {
    this.writer.functionArguments(call, partialJson);
  }

  textStop(): void {
    this.writer.closeMessage();
  }

  thinkingStop(signature: string): void {
    const encrypted = signature.length > 0 ? encodeThinkingSignature(signature) : undefined;
    if (this.writer.reasoningOpen) this.writer.closeReasoning(encrypted);
    else if (encrypted) this.writer.opaqueReasoning(encrypted); // thinking omitted from display, signature kept
  }

  toolStop(call: FunctionCallHandle, fallbackArguments: string | undefined): void {
    this.writer.closeFunctionCall(call, fallbackArguments);
  }

  messageStop(): void {
    this.complete();
  }

  error(type: string | undefined, message: string): void {
    this.ensureStarted();
    this.writer.fail(anthropicTypeToCode(type ?? 'api_error'), message, this.upstream.usage);
  }

  private complete(): void {
    const outcome = anthropicStopToResponses(this.upstream.stopReason);
    this.writer.complete(outcome.status, outcome.incompleteReason, this.upstream.usage);
  }

  done(): void {
    // Anthropic streams have no [DONE].
  }

  end(): void {
    if (this.writer.started && !this.writer.ended) this.complete();
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.ensureStarted();
    this.writer.fail(failureToResponsesCode(failure), failure.message, this.upstream.usage);
  }
}
