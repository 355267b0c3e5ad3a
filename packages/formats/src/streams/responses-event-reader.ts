// Reads an openai.responses event stream for the directions that start from it: model and usage
// from the lifecycle events, reasoning and text deltas, function calls by item id (with their
// argument deltas counted), finished items, and the terminal and error events, each handed to the
// target's sink.
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isObject } from '../shared/json.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromResponses } from '../usage.js';
import { UpstreamReader } from './upstream-reader.js';

/** What the target does with each piece of a Responses stream. `T` is its state for a function call. */
export interface ResponsesEventSink<T> {
  /** Idempotent start: from a lifecycle event's response (model already read), or undefined before other output. */
  start(response: JsonObject | undefined): void;
  /** response.reasoning_summary_part.added. */
  reasoningPartAdded(itemId: string, summaryIndex: number): void;
  /** A non-empty reasoning summary or reasoning text delta; `index` is its summary (or content) index. */
  reasoning(itemId: string, index: number, delta: string): void;
  /** An output_text or refusal delta (possibly empty). */
  text(itemId: string | undefined, delta: string, refusal: boolean): void;
  /** A function_call item arrives (also a repeated one), after `start`, before it is matched by id. */
  beforeFunctionCall(): void;
  /** A new function_call item; returns the target's state for it. */
  functionCallStart(item: JsonObject, itemId: string): T;
  /** A non-empty arguments delta of a known function call. */
  functionCallArguments(call: T, delta: string): void;
  reasoningDone(item: JsonObject, itemId: string): void;
  messageDone(item: JsonObject, itemId: string): void;
  /** `deltas`: how many arguments deltas the call had. */
  functionCallDone(item: JsonObject, call: T, deltas: number): void;
  /** response.completed / response.incomplete (usage already read). */
  completed(status: unknown, incompleteReason: unknown): void;
  /** response.failed (usage already read). */
  failed(response: JsonObject, code: string | undefined, message: string): void;
  /** An `error` event; `source` is its `error` object or the event itself. */
  error(source: JsonObject, message: string): void;
}

interface FunctionCall<T> {
  readonly call: T;
  deltas: number;
}

export class ResponsesEventReader<T> extends UpstreamReader {
  private readonly calls = new Map<string, FunctionCall<T>>();
  private usageValue: NormalizedUsage | undefined;

  constructor(private readonly sink: ResponsesEventSink<T>) {
    super();
  }

  get usage(): NormalizedUsage | undefined {
    return this.usageValue;
  }

  get hasFunctionCalls(): boolean {
    return this.calls.size > 0;
  }

  /** Reads the model of `response` (when given), then starts the target. */
  startFrom(response: JsonObject | undefined): void {
    if (response) this.modelName = asString(response['model']) ?? this.modelName;
    this.sink.start(response);
  }

  read(event: JsonObject): void {
    const type = event['type'];
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        this.startFrom(asObject(event['response']));
        break;
      case 'response.reasoning_summary_part.added':
        this.sink.reasoningPartAdded(asString(event['item_id']) ?? '', asNumber(event['summary_index']) ?? 0);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const delta = asString(event['delta']) ?? '';
        if (delta.length === 0) break;
        this.sink.reasoning(asString(event['item_id']) ?? '', asNumber(event['summary_index']) ?? asNumber(event['content_index']) ?? 0, delta);
        break;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.sink.text(asString(event['item_id']), asString(event['delta']) ?? '', type === 'response.refusal.delta');
        break;
      case 'response.output_item.added': {
        const item = asObject(event['item']);
        if (item?.['type'] === 'function_call') this.functionCallAdded(item);
        break;
      }
      case 'response.function_call_arguments.delta': {
        const call = this.calls.get(asString(event['item_id']) ?? '');
        const delta = asString(event['delta']) ?? '';
        if (!call || delta.length === 0) break;
        call.deltas += 1;
        this.sink.functionCallArguments(call.call, delta);
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
        this.sink.completed(response['status'] ?? (type === 'response.incomplete' ? 'incomplete' : 'completed'), asObject(response['incomplete_details'])?.['reason']);
        break;
      }
      case 'response.failed': {
        const response = asObject(event['response']) ?? {};
        if (isObject(response['usage'])) this.usageValue = usageFromResponses(response['usage']);
        const error = asObject(response['error']) ?? {};
        this.sink.failed(response, asString(error['code']), asString(error['message']) ?? 'The response failed');
        break;
      }
      case 'error': {
        const source = asObject(event['error']) ?? event;
        this.sink.error(source, asString(source['message']) ?? 'Upstream error');
        break;
      }
      default:
        break; // content_part.*, *.done text events, annotations, tool-progress events, unknown types
    }
  }

  private functionCallAdded(item: JsonObject): void {
    this.sink.start(undefined);
    this.sink.beforeFunctionCall();
    const itemId = asString(item['id']) ?? asString(item['call_id']) ?? `fc_${this.calls.size}`;
    if (this.calls.has(itemId)) return;
    this.calls.set(itemId, { call: this.sink.functionCallStart(item, itemId), deltas: 0 });
  }

  private itemDone(item: JsonObject): void {
    const itemId = asString(item['id']) ?? '';
    switch (item['type']) {
      case 'reasoning':
        this.sink.reasoningDone(item, itemId);
        break;
      case 'message':
        this.sink.messageDone(item, itemId);
        break;
      case 'function_call': {
        if (!this.calls.has(itemId)) this.functionCallAdded(item);
        const call = this.calls.get(itemId);
        if (call) this.sink.functionCallDone(item, call.call, call.deltas);
        break;
      }
      default:
        break;
    }
  }
}
