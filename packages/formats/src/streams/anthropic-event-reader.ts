// Reads an anthropic.messages event stream for the directions that start from it: model, usage and
// stop reason, content blocks by index (kind, tool input assembly, thinking signature), and hands
// each piece to the target's sink.
import type { JsonObject } from '../shared/json.js';
import { asObject, asString, isNonEmptyObject } from '../shared/json.js';
import { stringifyArguments } from '../shared/tool-arguments.js';
import type { NormalizedUsage } from '../usage.js';
import { AnthropicUsageTracker } from './anthropic-usage-tracker.js';
import { UpstreamReader } from './upstream-reader.js';

/** One upstream content block, keyed by its index. `C` is the target's handle for a tool call. */
interface BlockState<C> {
  kind: 'text' | 'thinking' | 'tool' | 'other';
  /** The target's handle, for tool_use blocks only. */
  call: C | undefined;
  /** tool_use: the `input` given at content_block_start. */
  startInput: unknown;
  /** tool_use: non-empty input_json_delta pieces so far. */
  deltas: number;
  /** thinking: the signature at content_block_start plus every signature_delta. */
  signature: string;
}

/** What the target does with each piece of an Anthropic stream. */
export interface AnthropicEventSink<C> {
  /** message_start (model and usage already read). */
  messageStart(message: JsonObject): void;
  /** Any content_block_start, before its kind's calls below. */
  blockStart(): void;
  /** Text from a text block's start or a text_delta; `inTextBlock` is false for a delta that names no text block. */
  text(text: string, inTextBlock: boolean): void;
  /** A thinking block opens (its initial text follows through `thinking`). */
  thinkingStart(): void;
  /** Thinking text; `inThinkingBlock` as for `text`. */
  thinking(text: string, inThinkingBlock: boolean): void;
  /** A tool_use block opens; returns the target's handle for it. */
  toolStart(id: string | undefined, name: string, index: number): C;
  /** A non-empty input_json_delta of a tool_use block. */
  toolArguments(call: C, partialJson: string): void;
  textStop(): void;
  thinkingStop(signature: string): void;
  /** `fallbackArguments`: the start `input` as JSON when it was non-empty and no delta came. */
  toolStop(call: C, fallbackArguments: string | undefined): void;
  messageStop(): void;
  error(type: string | undefined, message: string): void;
}

export class AnthropicEventReader<C> extends UpstreamReader {
  private readonly usageTracker = new AnthropicUsageTracker();
  private readonly blocks = new Map<number, BlockState<C>>();
  private stopValue: unknown = undefined;

  constructor(private readonly sink: AnthropicEventSink<C>) {
    super();
  }

  get usage(): NormalizedUsage | undefined {
    return this.usageTracker.usage;
  }

  /** The last non-null message_delta stop_reason. */
  get stopReason(): unknown {
    return this.stopValue;
  }

  read(event: JsonObject): void {
    switch (event['type']) {
      case 'message_start': {
        const message = asObject(event['message']) ?? {};
        this.modelName = asString(message['model']) ?? this.modelName;
        this.usageTracker.merge(message['usage']);
        this.sink.messageStart(message);
        break;
      }
      case 'content_block_start':
        this.blockStart(event);
        break;
      case 'content_block_delta':
        this.blockDelta(event);
        break;
      case 'content_block_stop':
        this.blockStop(event);
        break;
      case 'message_delta': {
        const delta = asObject(event['delta']);
        if (delta && delta['stop_reason'] !== undefined && delta['stop_reason'] !== null) this.stopValue = delta['stop_reason'];
        this.usageTracker.merge(event['usage']);
        break;
      }
      case 'message_stop':
        this.finishedFlag = true;
        this.sink.messageStop();
        break;
      case 'error': {
        const error = asObject(event['error']) ?? {};
        this.sink.error(asString(error['type']), asString(error['message']) ?? 'Upstream error');
        break;
      }
      default:
        break; // ping and unknown events
    }
  }

  private blockAt(event: JsonObject): BlockState<C> | undefined {
    return typeof event['index'] === 'number' ? this.blocks.get(event['index']) : undefined;
  }

  private blockStart(event: JsonObject): void {
    this.sink.blockStart();
    const index = typeof event['index'] === 'number' ? event['index'] : this.blocks.size;
    const block = asObject(event['content_block']) ?? {};
    const state: BlockState<C> = { kind: 'other', call: undefined, startInput: undefined, deltas: 0, signature: asString(block['signature']) ?? '' };
    switch (block['type']) {
      case 'text':
        state.kind = 'text';
        this.sink.text(asString(block['text']) ?? '', true);
        break;
      case 'thinking':
        state.kind = 'thinking';
        this.sink.thinkingStart();
        this.sink.thinking(asString(block['thinking']) ?? '', true);
        break;
      case 'tool_use':
        state.kind = 'tool';
        state.startInput = block['input'];
        state.call = this.sink.toolStart(asString(block['id']), asString(block['name']) ?? '', index);
        break;
      default:
        break; // redacted_thinking, server tool blocks: no form in the OpenAI formats
    }
    this.blocks.set(index, state);
  }

  private blockDelta(event: JsonObject): void {
    const delta = asObject(event['delta']);
    if (!delta) return;
    const state = this.blockAt(event);
    switch (delta['type']) {
      case 'text_delta':
        this.sink.text(asString(delta['text']) ?? '', state?.kind === 'text');
        break;
      case 'thinking_delta':
        this.sink.thinking(asString(delta['thinking']) ?? '', state?.kind === 'thinking');
        break;
      case 'input_json_delta': {
        const partial = asString(delta['partial_json']) ?? '';
        if (state?.call !== undefined && partial.length > 0) {
          state.deltas += 1;
          this.sink.toolArguments(state.call, partial);
        }
        break;
      }
      case 'signature_delta':
        if (state) state.signature += asString(delta['signature']) ?? '';
        break;
      default:
        break; // citations_delta, unknown
    }
  }

  private blockStop(event: JsonObject): void {
    const state = this.blockAt(event);
    if (!state) return;
    if (state.kind === 'text') this.sink.textStop();
    else if (state.kind === 'thinking') this.sink.thinkingStop(state.signature);
    else if (state.call !== undefined) {
      this.sink.toolStop(state.call, state.deltas === 0 && isNonEmptyObject(state.startInput) ? stringifyArguments(state.startInput) : undefined);
    }
  }
}
