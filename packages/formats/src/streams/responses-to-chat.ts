// openai.responses stream → openai.chat_completions stream (formats.md §7.7 [Rec]): reasoning is
// sent once and incrementally ([Defect] B4), tool ids are the call_ ids, incomplete/failed map to
// length / content_filter / an error chunk ([Defect] B24), error events are converted ([Defect] B22).
import type { ConversionContext, ToolSummary } from '../context.js';
import { codeToOpenAiType, failureToOpenAi } from '../errors/error-mapping.js';
import { idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject, objectsOf } from '../shared/json.js';
import { reasoningSummaryText } from '../shared/reasoning-summary.js';
import { responsesToChatFinish } from '../shared/stop-reasons.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromResponses } from '../usage.js';
import { ChatChunkWriter } from './chat-chunk-writer.js';
import type { StreamFailure, StreamOutput } from './output.js';
import { guessToolName } from './tool-name-guess.js';
import type { StreamTranslator } from './translator.js';

interface ToolState {
  n: number;
  callId: string;
  name: string;
  headerSent: boolean;
  pending: string;
  deltas: number;
}

export class ResponsesToChatTranslator implements StreamTranslator {
  private readonly writer: ChatChunkWriter;
  private readonly tools = new Map<string, ToolState>();
  private readonly declaredTools: readonly ToolSummary[] | undefined;
  private readonly seenItems = new Set<string>();
  private nextTool = 0;
  private thinkingItem: string | undefined;
  private thinkingIndex = 0;
  private usageValue: NormalizedUsage | undefined;
  private modelName: string | undefined;
  private finishedFlag = false;
  private closed = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = new ChatChunkWriter(out, {
      includeUsage: context?.includeUsage,
      thinkingXml: context?.thinkingXml ?? true,
      clientModel: context?.clientModel,
    });
    this.declaredTools = context?.tools;
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

  private startFrom(response: JsonObject | undefined): void {
    if (response) this.modelName = asString(response['model']) ?? this.modelName;
    if (!this.writer.started) this.writer.start(idSuffix(response?.['id']), asNumber(response?.['created_at']), this.modelName);
  }

  private closeThinking(): void {
    if (this.thinkingItem === undefined) return;
    this.thinkingItem = undefined;
    this.writer.closeThinking();
  }

  event(event: JsonObject): void {
    if (this.closed) return;
    const type = event['type'];
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        this.startFrom(asObject(event['response']));
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        this.reasoningDelta(event);
        break;
      case 'response.output_text.delta': {
        this.startFrom(undefined);
        this.closeThinking();
        const itemId = asString(event['item_id']);
        if (itemId) this.seenItems.add(itemId);
        this.writer.content(asString(event['delta']) ?? '');
        break;
      }
      case 'response.refusal.delta': {
        this.startFrom(undefined);
        this.closeThinking();
        const itemId = asString(event['item_id']);
        if (itemId) this.seenItems.add(itemId);
        this.writer.refusal(asString(event['delta']) ?? '');
        break;
      }
      case 'response.output_item.added': {
        const item = asObject(event['item']);
        if (item?.['type'] === 'function_call') this.toolAdded(item);
        break;
      }
      case 'response.function_call_arguments.delta': {
        const tool = this.tools.get(asString(event['item_id']) ?? '');
        const delta = asString(event['delta']) ?? '';
        if (!tool || delta.length === 0) break;
        tool.deltas += 1;
        if (tool.headerSent) this.writer.toolArguments(tool.n, delta);
        else tool.pending += delta;
        break;
      }
      case 'response.output_item.done':
        this.itemDone(asObject(event['item']) ?? {});
        break;
      case 'response.completed':
      case 'response.incomplete': {
        const response = asObject(event['response']) ?? {};
        this.startFrom(response);
        if (isObject(response['usage'])) this.usageValue = usageFromResponses(response['usage']);
        this.finishedFlag = true;
        this.finish(response['status'] ?? (type === 'response.incomplete' ? 'incomplete' : 'completed'), asObject(response['incomplete_details'])?.['reason']);
        break;
      }
      case 'response.failed': {
        const response = asObject(event['response']) ?? {};
        if (isObject(response['usage'])) this.usageValue = usageFromResponses(response['usage']);
        const error = asObject(response['error']) ?? {};
        this.error(asString(error['code']) ?? null, asString(error['message']) ?? 'The response failed');
        break;
      }
      case 'error': {
        const nested = asObject(event['error']);
        const source = nested ?? event;
        this.error(asString(source['code']) ?? asString(source['type'] === 'error' ? undefined : source['type']) ?? null, asString(source['message']) ?? 'Upstream error');
        break;
      }
      default:
        break; // content_part.*, *.done text events, annotations, tool-progress events, unknown types
    }
  }

  private reasoningDelta(event: JsonObject): void {
    const delta = asString(event['delta']) ?? '';
    if (delta.length === 0) return;
    this.startFrom(undefined);
    const itemId = asString(event['item_id']) ?? '';
    const index = asNumber(event['summary_index']) ?? asNumber(event['content_index']) ?? 0;
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

  private toolAdded(item: JsonObject): void {
    this.startFrom(undefined);
    this.closeThinking();
    const itemId = asString(item['id']) ?? asString(item['call_id']) ?? `fc_${this.nextTool}`;
    if (this.tools.has(itemId)) return;
    const state: ToolState = {
      n: this.nextTool++,
      callId: asString(item['call_id']) ?? itemId,
      name: asString(item['name']) ?? '',
      headerSent: false,
      pending: '',
      deltas: 0,
    };
    this.tools.set(itemId, state);
    if (state.name.length > 0) {
      state.headerSent = true;
      this.writer.toolHeader(state.n, state.callId, state.name);
    }
  }

  private itemDone(item: JsonObject): void {
    const itemId = asString(item['id']) ?? '';
    switch (item['type']) {
      case 'reasoning':
        if (this.thinkingItem === itemId) this.closeThinking();
        else if (!this.seenItems.has(itemId)) {
          const text = reasoningSummaryText(item);
          if (text.length > 0) {
            this.startFrom(undefined);
            this.closeThinking();
            this.writer.openThinking();
            this.writer.reasoning(text);
            this.writer.closeThinking();
          }
        }
        break;
      case 'message':
        if (!this.seenItems.has(itemId)) {
          this.startFrom(undefined);
          this.closeThinking();
          for (const part of objectsOf(item['content'])) {
            if (part['type'] === 'output_text') this.writer.content(asString(part['text']) ?? '');
            else if (part['type'] === 'refusal') this.writer.refusal(asString(part['refusal']) ?? '');
          }
        }
        break;
      case 'function_call': {
        if (!this.tools.has(itemId)) this.toolAdded(item);
        const tool = this.tools.get(itemId);
        if (!tool) break;
        const finalArgs = asString(item['arguments']) ?? '';
        if (!tool.headerSent) {
          tool.name = asString(item['name']) ?? guessToolName(this.declaredTools, tool.n, tool.pending || finalArgs);
          tool.headerSent = true;
          this.writer.toolHeader(tool.n, tool.callId, tool.name);
          this.writer.toolArguments(tool.n, tool.pending || finalArgs);
        } else if (tool.deltas === 0) {
          this.writer.toolArguments(tool.n, finalArgs);
        }
        break;
      }
      default:
        break;
    }
  }

  private finish(status: unknown, reason: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.closeThinking();
    this.writer.finish(responsesToChatFinish(this.tools.size > 0, status, reason), this.usageValue);
  }

  private error(code: string | null, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeThinking();
    this.writer.error(message, codeToOpenAiType(code), code);
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
    const mapped = failureToOpenAi(failure);
    this.writer.error(failure.message, mapped.type, mapped.code);
  }
}
