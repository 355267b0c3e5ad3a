// anthropic.messages stream → openai.chat_completions stream (formats.md §7.4 [Rec]). Tool calls are
// keyed by content-block index, so a tool call after text or thinking arrives ([Defect] B1).
import type { ConversionContext } from '../context.js';
import { anthropicToOpenAiError, failureToOpenAi } from '../errors/error-mapping.js';
import { idSuffix } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asObject, asString, isNonEmptyObject, nowSeconds } from '../shared/json.js';
import { anthropicStopToChatFinish } from '../shared/stop-reasons.js';
import { stringifyArguments } from '../shared/tool-arguments.js';
import type { NormalizedUsage } from '../usage.js';
import { ChatChunkWriter } from './chat-chunk-writer.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { StreamTranslator } from './translator.js';
import { AnthropicUsageTracker, startMessage } from './translator.js';

interface BlockState {
  kind: 'text' | 'thinking' | 'tool' | 'other';
  tool: number;
  deltas: number;
  startInput: unknown;
}

export class AnthropicToChatTranslator implements StreamTranslator {
  private readonly writer: ChatChunkWriter;
  private readonly usageTracker = new AnthropicUsageTracker();
  private readonly blocks = new Map<number, BlockState>();
  private nextTool = 0;
  private stopReason: unknown = undefined;
  private modelName: string | undefined;
  private finishedFlag = false;
  private closed = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = new ChatChunkWriter(out, {
      includeUsage: context?.includeUsage,
      thinkingXml: context?.thinkingXml ?? true,
      clientModel: context?.clientModel,
    });
  }

  get usage(): NormalizedUsage | undefined {
    return this.usageTracker.usage;
  }

  get model(): string | undefined {
    return this.modelName;
  }

  get finished(): boolean {
    return this.finishedFlag;
  }

  event(event: JsonObject): void {
    if (this.closed) return;
    switch (event['type']) {
      case 'message_start': {
        const message = startMessage(event);
        this.modelName = asString(message['model']) ?? this.modelName;
        this.usageTracker.merge(message['usage']);
        this.writer.start(idSuffix(message['id']), nowSeconds(), this.modelName);
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
        if (delta && delta['stop_reason'] !== undefined && delta['stop_reason'] !== null) this.stopReason = delta['stop_reason'];
        this.usageTracker.merge(event['usage']);
        break;
      }
      case 'message_stop':
        this.finishedFlag = true;
        this.finish();
        break;
      case 'error': {
        const error = asObject(event['error']) ?? {};
        const message = asString(error['message']) ?? 'Upstream error';
        const mapped = anthropicToOpenAiError(asString(error['type']), message);
        this.writer.error(message, mapped.type, mapped.code);
        this.closed = true;
        break;
      }
      default:
        break; // ping and unknown events
    }
  }

  private blockStart(event: JsonObject): void {
    const index = typeof event['index'] === 'number' ? event['index'] : this.blocks.size;
    const block = asObject(event['content_block']) ?? {};
    const state: BlockState = { kind: 'other', tool: -1, deltas: 0, startInput: undefined };
    switch (block['type']) {
      case 'text':
        state.kind = 'text';
        this.writer.content(asString(block['text']) ?? '');
        break;
      case 'thinking':
        state.kind = 'thinking';
        this.writer.openThinking();
        this.writer.reasoning(asString(block['thinking']) ?? '');
        break;
      case 'tool_use':
        state.kind = 'tool';
        state.tool = this.nextTool++;
        state.startInput = block['input'];
        this.writer.toolHeader(state.tool, asString(block['id']) ?? `call_${state.tool}`, asString(block['name']) ?? '');
        break;
      default:
        break; // redacted_thinking, server tool blocks: no Chat form
    }
    this.blocks.set(index, state);
  }

  private blockDelta(event: JsonObject): void {
    const delta = asObject(event['delta']);
    if (!delta) return;
    const state = typeof event['index'] === 'number' ? this.blocks.get(event['index']) : undefined;
    switch (delta['type']) {
      case 'text_delta':
        this.writer.content(asString(delta['text']) ?? '');
        break;
      case 'thinking_delta':
        this.writer.reasoning(asString(delta['thinking']) ?? '');
        break;
      case 'input_json_delta': {
        const partial = asString(delta['partial_json']) ?? '';
        if (state?.kind === 'tool' && partial.length > 0) {
          state.deltas += 1;
          this.writer.toolArguments(state.tool, partial);
        }
        break;
      }
      default:
        break; // signature_delta, citations_delta, unknown
    }
  }

  private blockStop(event: JsonObject): void {
    const state = typeof event['index'] === 'number' ? this.blocks.get(event['index']) : undefined;
    if (!state) return;
    if (state.kind === 'thinking') this.writer.closeThinking();
    else if (state.kind === 'tool' && state.deltas === 0 && isNonEmptyObject(state.startInput)) {
      this.writer.toolArguments(state.tool, stringifyArguments(state.startInput));
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.finish(anthropicStopToChatFinish(this.stopReason), this.usageTracker.usage);
  }

  done(): void {
    // Anthropic streams have no [DONE]; a proxy-recorded one is ignored.
  }

  end(): void {
    if (this.writer.started) this.finish();
    this.closed = true;
  }

  fail(failure: StreamFailure): void {
    if (this.closed) return;
    this.closed = true;
    const mapped = failureToOpenAi(failure);
    this.writer.error(failure.message, mapped.type, mapped.code);
  }
}
