// openai.responses stream → anthropic.messages stream, directly (formats.md §7.9 [Rec]; replaces the
// [Py] responses→chat→anthropic chain of [Defect] B5): summaries become thinking blocks, text a text
// block, each function call a tool_use block with streamed input; usage from the terminal event.
import type { ConversionContext } from '../context.js';
import { codeToAnthropicType, failureToAnthropicType } from '../errors/error-mapping.js';
import { anthropicToolId, idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject, objectsOf } from '../shared/json.js';
import { responsesToAnthropicStop } from '../shared/stop-reasons.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromResponses } from '../usage.js';
import { AnthropicEventWriter } from './anthropic-event-writer.js';
import type { StreamFailure, StreamOutput } from './output.js';
import { reasoningSummaryText } from '../shared/reasoning-summary.js';
import type { StreamTranslator } from './translator.js';

interface ToolBlock {
  block: number;
  deltas: number;
}

export class ResponsesToAnthropicTranslator implements StreamTranslator {
  private readonly writer: AnthropicEventWriter;
  private readonly tools = new Map<string, ToolBlock>();
  private readonly seenItems = new Set<string>();
  private thinkingItem: string | undefined;
  private thinkingIndex = 0;
  private textItem: string | undefined;
  private usageValue: NormalizedUsage | undefined;
  private modelName: string | undefined;
  private finishedFlag = false;
  private refused = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = new AnthropicEventWriter(out, context?.clientModel);
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
    if (!this.writer.started) this.writer.start(`msg_${idSuffix(response?.['id'])}`, this.modelName);
  }

  private closeOpen(): void {
    this.thinkingItem = undefined;
    this.textItem = undefined;
    this.writer.closeBlock();
  }

  event(event: JsonObject): void {
    if (this.writer.ended) return;
    switch (event['type']) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        this.startFrom(asObject(event['response']));
        break;
      case 'response.reasoning_summary_part.added':
        this.thinkingPart(asString(event['item_id']) ?? '', asNumber(event['summary_index']) ?? 0);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const delta = asString(event['delta']) ?? '';
        if (delta.length === 0) break;
        this.thinkingPart(asString(event['item_id']) ?? '', asNumber(event['summary_index']) ?? asNumber(event['content_index']) ?? 0);
        this.writer.thinking(delta);
        break;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const delta = asString(event['delta']) ?? '';
        if (delta.length === 0) break;
        if (event['type'] === 'response.refusal.delta') this.refused = true;
        this.textDelta(asString(event['item_id']) ?? '', delta);
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
        this.writer.toolInput(tool.block, delta);
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
        const status = response['status'] ?? (event['type'] === 'response.incomplete' ? 'incomplete' : 'completed');
        this.writer.finish(
          responsesToAnthropicStop(this.tools.size > 0, status, asObject(response['incomplete_details'])?.['reason'], this.refused),
          this.usageValue,
        );
        break;
      }
      case 'response.failed': {
        const response = asObject(event['response']) ?? {};
        if (isObject(response['usage'])) this.usageValue = usageFromResponses(response['usage']);
        const error = asObject(response['error']) ?? {};
        this.startFrom(response);
        this.writer.error(codeToAnthropicType(asString(error['code'])), asString(error['message']) ?? 'The response failed');
        break;
      }
      case 'error': {
        const source = asObject(event['error']) ?? event;
        this.startFrom(undefined);
        this.writer.error(codeToAnthropicType(asString(source['code'])), asString(source['message']) ?? 'Upstream error');
        break;
      }
      default:
        break; // content_part.*, *.done text events, annotations, tool-progress events, unknown types
    }
  }

  private thinkingPart(itemId: string, summaryIndex: number): void {
    this.startFrom(undefined);
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

  private textDelta(itemId: string, delta: string): void {
    this.startFrom(undefined);
    this.seenItems.add(itemId);
    if (this.textItem !== itemId || this.writer.openBlock !== 'text') {
      this.closeOpen();
      this.textItem = itemId;
    }
    this.writer.text(delta);
  }

  private toolAdded(item: JsonObject): void {
    this.startFrom(undefined);
    const itemId = asString(item['id']) ?? asString(item['call_id']) ?? `fc_${this.tools.size}`;
    if (this.tools.has(itemId)) return;
    this.closeOpen();
    const block = this.writer.tool(anthropicToolId(asString(item['call_id']) ?? itemId), asString(item['name']) ?? '');
    this.tools.set(itemId, { block, deltas: 0 });
  }

  private itemDone(item: JsonObject): void {
    const itemId = asString(item['id']) ?? '';
    switch (item['type']) {
      case 'reasoning':
        if (this.thinkingItem === itemId) this.closeOpen();
        else if (!this.seenItems.has(itemId)) {
          const text = reasoningSummaryText(item);
          if (text.length > 0) {
            this.startFrom(undefined);
            this.closeOpen();
            this.writer.thinking(text);
            this.closeOpen();
          }
        }
        break;
      case 'message':
        if (this.textItem === itemId) this.closeOpen();
        else if (!this.seenItems.has(itemId)) {
          for (const part of objectsOf(item['content'])) {
            const text = part['type'] === 'refusal' ? asString(part['refusal']) : asString(part['text']);
            if (part['type'] === 'refusal') this.refused = true;
            if (text) this.textDelta(itemId, text);
          }
          if (this.textItem === itemId) this.closeOpen();
        }
        break;
      case 'function_call': {
        if (!this.tools.has(itemId)) this.toolAdded(item);
        const tool = this.tools.get(itemId);
        if (!tool) break;
        if (tool.deltas === 0) this.writer.toolInput(tool.block, asString(item['arguments']) ?? '');
        if (this.writer.currentIndex === tool.block) this.closeOpen();
        break;
      }
      default:
        break;
    }
  }

  done(): void {
    // Responses streams have no [DONE].
  }

  end(): void {
    if (this.writer.ended) return;
    this.startFrom(undefined);
    this.writer.finish(responsesToAnthropicStop(this.tools.size > 0, 'completed', undefined, this.refused), this.usageValue);
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.startFrom(undefined);
    this.writer.error(failureToAnthropicType(failure), failure.message);
  }
}
