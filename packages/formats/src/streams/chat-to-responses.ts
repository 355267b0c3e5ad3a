// openai.chat_completions stream → openai.responses stream (formats.md §7.8 [Rec]): no accumulator;
// a function_call item is announced on a tool call's first delta and its arguments streamed; all
// items close at the first finish_reason; response.completed waits for the end of input so a
// trailing usage chunk is included ([Defect] B3); length / content_filter → response.incomplete.
import type { ConversionContext } from '../context.js';
import { failureToResponsesCode } from '../errors/error-mapping.js';
import { ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject } from '../shared/json.js';
import { chatFinishToResponses } from '../shared/stop-reasons.js';
import { ThinkingTagSplitter } from '../shared/thinking-tag-splitter.js';
import type { ThinkingTagSink } from '../shared/thinking-tag-splitter.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromChat } from '../usage.js';
import { deltaReasoning } from './chat-delta-reader.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { FunctionCallHandle } from './responses-event-writer.js';
import { ResponsesEventWriter } from './responses-event-writer.js';
import type { StreamTranslator } from './translator.js';

export class ChatToResponsesTranslator implements StreamTranslator {
  private readonly writer: ResponsesEventWriter;
  private readonly splitter = new ThinkingTagSplitter();
  private readonly sink: ThinkingTagSink;
  private readonly calls = new Map<number, FunctionCallHandle>();
  private finishReason: unknown = undefined;
  private usageValue: NormalizedUsage | undefined;
  private modelName: string | undefined;
  private idValue: string | undefined;
  private finishedFlag = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    const writer = new ResponsesEventWriter(out, { clientRequest: context?.clientRequest, clientModel: context?.clientModel });
    this.writer = writer;
    this.sink = {
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

  get usage(): NormalizedUsage | undefined {
    return this.usageValue;
  }

  get model(): string | undefined {
    return this.modelName;
  }

  get finished(): boolean {
    return this.finishedFlag;
  }

  private ensureStarted(created?: number): void {
    if (this.writer.started) return;
    const [id, suffix] = ensureIdentifier('resp', this.idValue);
    this.writer.start(id, suffix, created, this.modelName);
  }

  event(chunk: JsonObject): void {
    if (this.writer.ended) return;
    if (typeof chunk['model'] === 'string' && chunk['model'].length > 0) this.modelName = chunk['model'];
    if (this.idValue === undefined && typeof chunk['id'] === 'string' && chunk['id'].length > 0) this.idValue = chunk['id'];
    if (isObject(chunk['error'])) {
      const error = chunk['error'];
      this.ensureStarted();
      this.writer.fail(asString(error['code']) ?? asString(error['type']) ?? 'server_error', asString(error['message']) ?? 'Upstream error', this.usageValue);
      return;
    }
    if (isObject(chunk['usage'])) this.usageValue = usageFromChat(chunk['usage']);
    const choices = chunk['choices'];
    if (!Array.isArray(choices) || choices.length === 0) return;
    const choice = choices.find((c): c is JsonObject => isObject(c) && (c['index'] === 0 || c['index'] === undefined));
    if (!choice) return;
    this.ensureStarted(asNumber(chunk['created']));
    if (this.finishReason !== undefined) return;
    const delta = asObject(choice['delta']);
    if (delta) this.applyDelta(delta);
    const finish = choice['finish_reason'];
    if (typeof finish === 'string' && finish.length > 0) {
      this.finishReason = finish;
      this.finishedFlag = true;
      this.splitter.flush(this.sink);
      this.writer.closeAll();
    }
  }

  private applyDelta(delta: JsonObject): void {
    const reasoning = deltaReasoning(delta);
    if (reasoning.length > 0) this.sink.thinking(reasoning);
    const content = delta['content'];
    if (typeof content === 'string' && content.length > 0) this.splitter.push(content, this.sink);
    const refusal = delta['refusal'];
    if (typeof refusal === 'string' && refusal.length > 0) this.sink.text(refusal);
    const toolCalls = delta['tool_calls'];
    if (!Array.isArray(toolCalls)) return;
    for (const call of toolCalls) {
      if (!isObject(call)) continue;
      const index = typeof call['index'] === 'number' ? call['index'] : this.calls.size;
      const fn = asObject(call['function']) ?? {};
      let handle = this.calls.get(index);
      if (!handle) {
        this.splitter.flush(this.sink);
        this.writer.closeReasoning();
        this.writer.closeMessage();
        handle = this.writer.openFunctionCall(asString(call['id']) ?? `call_${index}`, asString(fn['name']) ?? '');
        this.calls.set(index, handle);
      }
      const args = asString(fn['arguments']);
      if (args) this.writer.functionArguments(handle, args);
    }
  }

  private complete(): void {
    if (this.writer.ended) return;
    this.ensureStarted();
    this.splitter.flush(this.sink);
    const outcome = chatFinishToResponses(this.finishReason);
    this.writer.complete(outcome.status, outcome.incompleteReason, this.usageValue);
  }

  done(): void {
    this.finishedFlag = true;
    this.complete();
  }

  end(): void {
    this.complete();
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.ensureStarted();
    this.writer.fail(failureToResponsesCode(failure), failure.message, this.usageValue);
  }
}
