// openai.responses stream → openai.chat_completions stream (formats.md §7.7 [Rec]): reasoning is
// sent once and incrementally ([Defect] B4), tool ids are the call_ ids, incomplete/failed map to
// length / content_filter / an error chunk ([Defect] B24), error events are converted ([Defect] B22).
import type { ConversionContext, ToolSummary } from '../context.js';
import { codeToOpenAiType } from '../errors/error-mapping.js';
import { idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asString, objectsOf } from '../shared/json.js';
import { reasoningSummaryText } from '../shared/reasoning-summary.js';
import { responsesToChatFinish } from '../shared/stop-reasons.js';
import { ChatChunkWriter } from './chat-chunk-writer.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { ResponsesEventSink } from './responses-event-reader.js';
import { ResponsesEventReader } from './responses-event-reader.js';
import { guessToolName } from './tool-name-guess.js';
import type { StreamTranslator } from './translator.js';

/** A function call as a Chat tool call; its header waits for a name (arguments are held until then). */
interface ToolState {
  n: number;
  callId: string;
  name: string;
  headerSent: boolean;
  pending: string;
}

/** Reasoning deltas become one `<thinking>` run per reasoning item ("\n\n" between summary parts). */
export class ResponsesToChatTranslator implements StreamTranslator, ResponsesEventSink<ToolState> {
  readonly upstream = new ResponsesEventReader<ToolState>(this);
  private readonly writer: ChatChunkWriter;
  private readonly declaredTools: readonly ToolSummary[] | undefined;
  private readonly seenItems = new Set<string>();
  private nextTool = 0;
  private thinkingItem: string | undefined;
  private thinkingIndex = 0;
  private closed = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = ChatChunkWriter.forClient(out, context);
    this.declaredTools = context?.tools;
  }

  start(response?: JsonObject): void {
    if (!this.writer.started) this.writer.start(idSuffix(response?.['id']), asNumber(response?.['created_at']), this.upstream.model);
  }

  event(event: JsonObject): void {
    if (!this.closed) this.upstream.read(event);
  }

  private closeThinking(): void {
    if (this.thinkingItem === undefined) return;
    this.thinkingItem = undefined;
    this.writer.closeThinking();
  }

  reasoningPartAdded(): void {
    // `<thinking>` opens with the first reasoning text.
  }

  reasoning(itemId: string, index: number, delta: string): void {
    this.start();
    this.seenItems.add(itemId);
    if (this.thinkingItem !== itemId) {
      this.closeThinking();
      this.thinkingItem = itemId;
      this.thinkingIndex = index;
      this.writer.openThinking();
    } else if (index !== this.thinkingIndex) {
      this.thinkingIndex = index;
      this.writer.reasoning('\n\n');
    }
    this.writer.reasoning(delta);
  }

  text(itemId: string | undefined, delta: string, refusal: boolean): void {
    this.start();
    this.closeThinking();
    if (itemId) this.seenItems.add(itemId);
    if (refusal) this.writer.refusal(delta);
    else this.writer.content(delta);
  }

  beforeFunctionCall(): void {
    this.closeThinking();
  }

  functionCallStart(item: JsonObject, itemId: string): ToolState {
    const state: ToolState = {
      n: this.nextTool++,
      callId: asString(item['call_id']) ?? itemId,
      name: asString(item['name']) ?? '',
      headerSent: false,
      pending: '',
    };
    if (state.name.length > 0) {
      state.headerSent = true;
      this.writer.toolHeader(state.n, state.callId, state.name);
    }
    return state;
  }

  functionCallArguments(tool: ToolState, delta: string): void {
    if (tool.headerSent) this.writer.toolArguments(tool.n, delta);
    else tool.pending += delta;
  }

  reasoningDone(item: JsonObject, itemId: string): void {
    if (this.thinkingItem === itemId) this.closeThinking();
    else if (!this.seenItems.has(itemId)) {
      const text = reasoningSummaryText(item);
      if (text.length > 0) {
        this.start();
        this.closeThinking();
        this.writer.openThinking();
        this.writer.reasoning(text);
        this.writer.closeThinking();
      }
    }
  }

  messageDone(item: JsonObject, itemId: string): void {
    if (this.seenItems.has(itemId)) return;
    this.start();
    this.closeThinking();
    for (const part of objectsOf(item['content'])) {
      if (part['type'] === 'output_text') this.writer.content(asString(part['text']) ?? '');
      else if (part['type'] === 'refusal') this.writer.refusal(asString(part['refusal']) ?? '');
    }
  }

  functionCallDone(item: JsonObject, tool: ToolState, deltas: number): void {
    const finalArgs = asString(item['arguments']) ?? '';
    if (!tool.headerSent) {
      tool.name = asString(item['name']) ?? guessToolName(this.declaredTools, tool.n, tool.pending || finalArgs);
      tool.headerSent = true;
      this.writer.toolHeader(tool.n, tool.callId, tool.name);
      this.writer.toolArguments(tool.n, tool.pending || finalArgs);
    } else if (deltas === 0) {
      this.writer.toolArguments(tool.n, finalArgs);
    }
  }

  completed(status: unknown, incompleteReason: unknown): void {
    this.finish(status, incompleteReason);
  }

  failed(_response: JsonObject, code: string | undefined, message: string): void {
    this.sendError(code ?? null, message);
  }

  error(source: JsonObject, message: string): void {
    this.sendError(asString(source['code']) ?? asString(source['type'] === 'error' ? undefined : source['type']) ?? null, message);
  }

  private sendError(code: string | null, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeThinking();
    this.writer.error(message, codeToOpenAiType(code), code);
  }

  private finish(status: unknown, reason: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.closeThinking();
    this.writer.finish(responsesToChatFinish(this.upstream.hasFunctionCalls, status, reason), this.upstream.usage);
  }

  done(): void {
    // Responses streams have no [DONE]; the terminal event decides.
  }

  end(): void {
    if (this.writer.started) this.finish('completed', undefined);
    this.closed = true;
  }

  fail(failure: StreamFailure): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.failure(failure);
  }
}
