// openai.responses stream → anthropic.messages stream, directly (formats.md §7.9 [Rec]; replaces the
// [Py] responses→chat→anthropic chain of [Defect] B5): summaries become thinking blocks, text a text
// block, each function call a tool_use block with streamed input; usage from the terminal event.
import type { ConversionContext } from '../context.js';
import { codeToAnthropicType, failureToAnthropicType } from '../errors/error-mapping.js';
import { anthropicToolId, idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asString, objectsOf } from '../shared/json.js';
import { reasoningSummaryText } from '../shared/reasoning-summary.js';
import { responsesToAnthropicStop } from '../shared/stop-reasons.js';
import { AnthropicEventWriter } from './anthropic-event-writer.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { ResponsesEventSink } from './responses-event-reader.js';
import { ResponsesEventReader } from './responses-event-reader.js';
import type { StreamTranslator } from './translator.js';

/**
 * Each reasoning item is a thinking block, opened at its first summary part, with "\n\n" between
 * parts; each message item a text block. A function call is its tool_use block's index.
 */
export class ResponsesToAnthropicTranslator implements StreamTranslator, ResponsesEventSink<number> {
  readonly upstream = new ResponsesEventReader<number>(this);
  private readonly writer: AnthropicEventWriter;
  private readonly seenItems = new Set<string>();
  private thinkingItem: string | undefined;
  private thinkingIndex = 0;
  private textItem: string | undefined;
  private refused = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = new AnthropicEventWriter(out, context?.clientModel);
  }

  start(response?: JsonObject): void {
    if (!this.writer.started) this.writer.start(`msg_${idSuffix(response?.['id'])}`, this.upstream.model);
  }

  event(event: JsonObject): void {
    if (!this.writer.ended) this.upstream.read(event);
  }

  private closeOpen(): void {
    this.thinkingItem = undefined;
    this.textItem = undefined;
    this.writer.closeBlock();
  }

  reasoningPartAdded(itemId: string, summaryIndex: number): void {
    this.thinkingPart(itemId, summaryIndex);
  }

  reasoning(itemId: string, index: number, delta: string): void {
    this.thinkingPart(itemId, index);
    this.writer.thinking(delta);
  }

  private thinkingPart(itemId: string, summaryIndex: number): void {
    this.start();
    this.seenItems.add(itemId);
    if (this.thinkingItem === itemId && this.writer.openBlock === 'thinking') {
      if (summaryIndex !== this.thinkingIndex) {
        this.thinkingIndex = summaryIndex;
        this.writer.thinking('\n\n');
      }
      return;
    }
    this.closeOpen();
    this.thinkingItem = itemId;
    this.thinkingIndex = summaryIndex;
    this.writer.openThinking();
  }

  text(itemId: string | undefined, delta: string, refusal: boolean): void {
    if (delta.length === 0) return;
    if (refusal) this.refused = true;
    this.textDelta(itemId ?? '', delta);
  }

  private textDelta(itemId: string, delta: string): void {
    this.start();
    this.seenItems.add(itemId);
    if (this.textItem !== itemId || this.writer.openBlock !== 'text') {
      this.closeOpen();
      this.textItem = itemId;
    }
    this.writer.text(delta);
  }

  beforeFunctionCall(): void {
    // What is open closes only for a new call (functionCallStart).
  }

  functionCallStart(item: JsonObject, itemId: string): number {
    this.closeOpen();
    return this.writer.tool(anthropicToolId(asString(item['call_id']) ?? itemId), asString(item['name']) ?? '');
  }

  functionCallArguments(block: number, delta: string): void {
    this.writer.toolInput(block, delta);
  }

  reasoningDone(item: JsonObject, itemId: string): void {
    if (this.thinkingItem === itemId) this.closeOpen();
    else if (!this.seenItems.has(itemId)) {
      const text = reasoningSummaryText(item);
      if (text.length > 0) {
        this.start();
        this.closeOpen();
        this.writer.thinking(text);
        this.closeOpen();
      }
    }
  }

  messageDone(item: JsonObject, itemId: string): void {
    if (this.textItem === itemId) this.closeOpen();
    else if (!this.seenItems.has(itemId)) {
      for (const part of objectsOf(item['content'])) {
        const text = part['type'] === 'refusal' ? asString(part['refusal']) : asString(part['text']);
        if (part['type'] === 'refusal') this.refused = true;
        if (text) this.textDelta(itemId, text);
      }
      if (this.textItem === itemId) this.closeOpen();
    }
  }

  functionCallDone(item: JsonObject, block: number, deltas: number): void {
    if (deltas === 0) this.writer.toolInput(block, asString(item['arguments']) ?? '');
    if (this.writer.currentIndex === block) this.closeOpen();
  }

  completed(status: unknown, incompleteReason: unknown): void {
    this.writer.finish(responsesToAnthropicStop(this.upstream.hasFunctionCalls, status, incompleteReason, this.refused), this.upstream.usage);
  }

  failed(response: JsonObject, code: string | undefined, message: string): void {
    this.upstream.startFrom(response);
    this.writer.error(codeToAnthropicType(code), message);
  }

  error(source: JsonObject, message: string): void {
    this.start();
    this.writer.error(codeToAnthropicType(asString(source['code'])), message);
  }

  done(): void {
    // Responses streams have no [DONE].
  }

  end(): void {
    if (this.writer.ended) return;
    this.start();
    this.writer.finish(responsesToAnthropicStop(this.upstream.hasFunctionCalls, 'completed', undefined, this.refused), this.upstream.usage);
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.start();
    this.writer.error(failureToAnthropicType(failure), failure.message);
  }
}
