// openai.chat_completions stream → anthropic.messages stream (formats.md §7.6 [Rec]): no
// accumulator; tool calls are tracked by index and streamed as they come; blocks are closed at the
// first finish_reason, and message_delta waits for the end of input so a trailing usage-only chunk
// is counted ([Defect] B2, B3, B23).
import type { ConversionContext } from '../context.js';
import { codeToAnthropicType, failureToAnthropicType, openAiToAnthropicType } from '../errors/error-mapping.js';
import { anthropicToolId, idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asObject, asString, isObject } from '../shared/json.js';
import { chatFinishToAnthropicStop } from '../shared/stop-reasons.js';
import { ThinkingTagSplitter } from '../shared/thinking-tag-splitter.js';
import type { ThinkingTagSink } from '../shared/thinking-tag-splitter.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromChat } from '../usage.js';
import { AnthropicEventWriter } from './anthropic-event-writer.js';
import { deltaReasoning } from './chat-delta-reader.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { StreamTranslator } from './translator.js';

export class ChatToAnthropicTranslator implements StreamTranslator {
  private readonly writer: AnthropicEventWriter;
  private readonly splitter = new ThinkingTagSplitter();
  private readonly toolBlocks = new Map<number, number>();
  private readonly sink: ThinkingTagSink;
  private finishReason: unknown = undefined;
  private usageValue: NormalizedUsage | undefined;
  private modelName: string | undefined;
  private idValue: string | undefined;
  private finishedFlag = false;
  private refused = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    const writer = new AnthropicEventWriter(out, context?.clientModel);
    this.writer = writer;
    this.sink = {
      text: (text) => writer.text(text),
      thinking: (text) => writer.thinking(text),
      open: () => {
        writer.closeBlock();
        writer.openThinking();
      },
      close: () => writer.closeBlock(),
    };
  }

  get usage(): NormalizedUsage | undefined {
    return this.usageValue;
  }

  get model(): string | undefined {
    return this.modelName;
  }

  get finished(): boolean {
    return this.finishedFlag;
  }

  private ensureStarted(): void {
    if (!this.writer.started) this.writer.start(`msg_${idSuffix(this.idValue)}`, this.modelName);
  }

  event(chunk: JsonObject): void {
    if (this.writer.ended) return;
    if (typeof chunk['model'] === 'string' && chunk['model'].length > 0) this.modelName = chunk['model'];
    if (this.idValue === undefined && typeof chunk['id'] === 'string' && chunk['id'].length > 0) this.idValue = chunk['id'];
    if (isObject(chunk['error'])) {
      const error = chunk['error'];
      const code = asString(error['code']);
      const type = asString(error['type']);
      this.ensureStarted();
      this.splitter.flush(this.sink);
      this.writer.error(type ? openAiToAnthropicType(type, code, 500) : codeToAnthropicType(code), asString(error['message']) ?? 'Upstream error');
      return;
    }
    if (isObject(chunk['usage'])) this.usageValue = usageFromChat(chunk['usage']);
    const choices = chunk['choices'];
    if (!Array.isArray(choices) || choices.length === 0) return;
    const choice = choices.find((c): c is JsonObject => isObject(c) && (c['index'] === 0 || c['index'] === undefined));
    if (!choice) return;
    this.ensureStarted();
    if (this.finishReason !== undefined) return; // everything after the first finish is closed
    const delta = asObject(choice['delta']);
    if (delta) this.applyDelta(delta);
    const finish = choice['finish_reason'];
    if (typeof finish === 'string' && finish.length > 0) {
      this.finishReason = finish;
      this.finishedFlag = true;
      this.splitter.flush(this.sink);
      this.writer.closeBlock();
    }
  }

  private applyDelta(delta: JsonObject): void {
    const reasoning = deltaReasoning(delta);
    if (reasoning.length > 0) this.writer.thinking(reasoning);
    const content = delta['content'];
    if (typeof content === 'string' && content.length > 0) this.splitter.push(content, this.sink);
    const refusal = delta['refusal'];
    if (typeof refusal === 'string' && refusal.length > 0) {
      this.refused = true;
      this.writer.text(refusal);
    }
    const toolCalls = delta['tool_calls'];
    if (!Array.isArray(toolCalls)) return;
    for (const call of toolCalls) {
      if (!isObject(call)) continue;
      const index = typeof call['index'] === 'number' ? call['index'] : this.toolBlocks.size;
      const fn = asObject(call['function']) ?? {};
      let block = this.toolBlocks.get(index);
      if (block === undefined) {
        this.splitter.flush(this.sink);
        block = this.writer.tool(anthropicToolId(asString(call['id']) ?? `call_${index}`), asString(fn['name']) ?? '');
        this.toolBlocks.set(index, block);
      }
      const args = asString(fn['arguments']);
      if (args) this.writer.toolInput(block, args);
    }
  }

  private finish(): void {
    if (this.writer.ended) return;
    this.ensureStarted();
    this.splitter.flush(this.sink);
    let stop = chatFinishToAnthropicStop(this.finishReason);
    if (stop === 'end_turn' && this.refused) stop = 'refusal';
    this.writer.finish(stop, this.usageValue);
  }

  done(): void {
    this.finishedFlag = true;
    this.finish();
  }

  end(): void {
    this.finish();
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.ensureStarted();
    this.splitter.flush(this.sink);
    this.writer.error(failureToAnthropicType(failure), failure.message);
  }
}
