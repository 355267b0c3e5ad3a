// Reads an openai.chat_completions chunk stream for the directions that start from it: model, id and
// usage from any chunk, choice 0's reasoning, content (its `<thinking>` XML split out), refusal and
// tool calls by index, and the first finish_reason, after which the choice is closed.
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject } from '../shared/json.js';
import { ThinkingTagSplitter } from '../shared/thinking-tag-splitter.js';
import type { ThinkingTagSink } from '../shared/thinking-tag-splitter.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromChat } from '../usage.js';
import { deltaReasoning } from './chat-delta-reader.js';
import { UpstreamReader } from './upstream-reader.js';

/** What the target does with each piece of a Chat stream. `C` is its handle for a tool call. */
export interface ChatChunkSink<C> {
  /** Receives text and thinking: content split at its tags, `reasoning*` fields, refusals (as text). */
  readonly content: ThinkingTagSink;
  /** Before choice 0's first output (idempotent); `created` from the chunk. */
  start(created: number | undefined): void;
  /** An `error` chunk. */
  error(error: JsonObject): void;
  /** A tool call's first delta, after the held-back content was flushed; returns the target's handle. */
  toolStart(id: string, name: string): C;
  toolArguments(call: C, args: string): void;
  /** The first finish_reason, after the held-back content was flushed: close what is open. */
  finishReached(): void;
}

export class ChatChunkReader<C> extends UpstreamReader {
  private readonly splitter = new ThinkingTagSplitter();
  private readonly calls = new Map<number, C>();
  private usageValue: NormalizedUsage | undefined;
  private idValue: string | undefined;
  private finishValue: unknown = undefined;
  private refusedFlag = false;

  constructor(private readonly sink: ChatChunkSink<C>) {
    super();
  }

  get usage(): NormalizedUsage | undefined {
    return this.usageValue;
  }

  /** The first non-empty chunk id. */
  get id(): string | undefined {
    return this.idValue;
  }

  /** The first finish_reason (undefined until one arrives). */
  get finishReason(): unknown {
    return this.finishValue;
  }

  /** Whether a refusal delta came. */
  get refused(): boolean {
    return this.refusedFlag;
  }

  read(chunk: JsonObject): void {
    if (typeof chunk['model'] === 'string' && chunk['model'].length > 0) this.modelName = chunk['model'];
    if (this.idValue === undefined && typeof chunk['id'] === 'string' && chunk['id'].length > 0) this.idValue = chunk['id'];
    if (isObject(chunk['error'])) {
      this.sink.error(chunk['error']);
      return;
    }
    if (isObject(chunk['usage'])) this.usageValue = usageFromChat(chunk['usage']);
    const choices = chunk['choices'];
    if (!Array.isArray(choices) || choices.length === 0) return;
    const choice = choices.find((c): c is JsonObject => isObject(c) && (c['index'] === 0 || c['index'] === undefined));
    if (!choice) return;
    this.sink.start(asNumber(chunk['created']));
    if (this.finishValue !== undefined) return; // everything after the first finish is closed
    const delta = asObject(choice['delta']);
    if (delta) this.applyDelta(delta);
    const finish = choice['finish_reason'];
    if (typeof finish === 'string' && finish.length > 0) {
      this.finishValue = finish;
      this.finishedFlag = true;
      this.flush();
      this.sink.finishReached();
    }
  }

  /** The upstream's `data: [DONE]`. */
  done(): void {
    this.finishedFlag = true;
  }

  /** Sends content held back as a possible partial tag. */
  flush(): void {
    this.splitter.flush(this.sink.content);
  }

  private applyDelta(delta: JsonObject): void {
    const content = this.sink.content;
    const reasoning = deltaReasoning(delta);
    if (reasoning.length > 0) content.thinking(reasoning);
    const text = delta['content'];
    if (typeof text === 'string' && text.length > 0) this.splitter.push(text, content);
    const refusal = delta['refusal'];
    if (typeof refusal === 'string' && refusal.length > 0) {
      this.refusedFlag = true;
      content.text(refusal);
    }
    const toolCalls = delta['tool_calls'];
    if (!Array.isArray(toolCalls)) return;
    for (const call of toolCalls) {
      if (!isObject(call)) continue;
      const index = typeof call['index'] === 'number' ? call['index'] : this.calls.size;
      const fn = asObject(call['function']) ?? {};
      let handle = this.calls.get(index);
      if (handle === undefined) {
        this.flush();
        handle = this.sink.toolStart(asString(call['id']) ?? `call_${index}`, asString(fn['name']) ?? '');
        this.calls.set(index, handle);
      }
      const args = asString(fn['arguments']);
      if (args) this.sink.toolArguments(handle, args);
    }
  }
}
