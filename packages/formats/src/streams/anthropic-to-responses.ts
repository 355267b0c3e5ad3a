// anthropic.messages stream → openai.responses stream (formats.md §7.5 [Rec]): items follow block
// order, each item closes at its block's content_block_stop, text after a tool call opens a new
// message item, usage = message_start merged with message_delta ([Defect] B8).
import type { ConversionContext } from '../context.js';
import { anthropicTypeToCode, failureToResponsesCode } from '../errors/error-mapping.js';
import { encodeThinkingSignature } from '../shared/anthropic-signature.js';
import { ensureIdentifier } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import { asNumber, asObject, asString, isNonEmptyObject } from '../shared/json.js';
import { anthropicStopToResponses } from '../shared/stop-reasons.js';
import { stringifyArguments } from '../shared/tool-arguments.js';
import type { NormalizedUsage } from '../usage.js';
import type { StreamFailure, StreamOutput } from './output.js';
import type { FunctionCallHandle } from './responses-event-writer.js';
import { ResponsesEventWriter } from './responses-event-writer.js';
import type { StreamTranslator } from './translator.js';
import { AnthropicUsageTracker, startMessage } from './translator.js';

interface BlockState {
  kind: 'text' | 'thinking' | 'tool' | 'other';
  call: FunctionCallHandle | undefined;
  startInput: unknown;
  signature: string;
}

export class AnthropicToResponsesTranslator implements StreamTranslator {
  private readonly writer: ResponsesEventWriter;
  private readonly usageTracker = new AnthropicUsageTracker();
  private readonly blocks = new Map<number, BlockState>();
  private stopReason: unknown = undefined;
  private modelName: string | undefined;
  private finishedFlag = false;

  constructor(out: StreamOutput, context: ConversionContext | undefined) {
    this.writer = new ResponsesEventWriter(out, { clientRequest: context?.clientRequest, clientModel: context?.clientModel });
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

  private ensureStarted(message?: JsonObject): void {
    if (this.writer.started) return;
    const [id, suffix] = ensureIdentifier('resp', asString(message?.['id']));
    this.writer.start(id, suffix, asNumber(message?.['created_at']), this.modelName);
  }

  event(event: JsonObject): void {
    if (this.writer.ended) return;
    switch (event['type']) {
      case 'message_start': {
        const message = startMessage(event);
        this.modelName = asString(message['model']) ?? this.modelName;
        this.usageTracker.merge(message['usage']);
        this.ensureStarted(message);
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
        this.complete();
        break;
      case 'error': {
        const error = asObject(event['error']) ?? {};
        this.ensureStarted();
        this.writer.fail(anthropicTypeToCode(asString(error['type']) ?? 'api_error'), asString(error['message']) ?? 'Upstream error', this.usage);
        break;
      }
      default:
        break; // ping and unknown events
    }
  }

  private blockStart(event: JsonObject): void {
    this.ensureStarted();
    const index = typeof event['index'] === 'number' ? event['index'] : this.blocks.size;
    const block = asObject(event['content_block']) ?? {};
    const state: BlockState = { kind: 'other', call: undefined, startInput: undefined, signature: asString(block['signature']) ?? '' };
    switch (block['type']) {
      case 'text':
        state.kind = 'text';
        this.writer.textDelta(asString(block['text']) ?? '');
        break;
      case 'thinking':
        state.kind = 'thinking';
        this.writer.reasoningDelta(asString(block['thinking']) ?? '');
        break;
      case 'tool_use':
        state.kind = 'tool';
        state.startInput = block['input'];
        state.call = this.writer.openFunctionCall(asString(block['id']) ?? `call_${index}`, asString(block['name']) ?? '');
        break;
      default:
        break; // redacted_thinking (dropped, formats.md §7.5) and server tool blocks
    }
    this.blocks.set(index, state);
  }

  private blockDelta(event: JsonObject): void {
    const delta = asObject(event['delta']);
    const state = typeof event['index'] === 'number' ? this.blocks.get(event['index']) : undefined;
    if (!delta || !state) return;
    switch (delta['type']) {
      case 'text_delta':
        if (state.kind === 'text') this.writer.textDelta(asString(delta['text']) ?? '');
        break;
      case 'thinking_delta':
        if (state.kind === 'thinking') this.writer.reasoningDelta(asString(delta['thinking']) ?? '');
        break;
      case 'input_json_delta':
        if (state.call) this.writer.functionArguments(state.call, asString(delta['partial_json']) ?? '');
        break;
      case 'signature_delta':
        state.signature += asString(delta['signature']) ?? '';
        break;
      default:
        break; // citations_delta, unknown
    }
  }

  private blockStop(event: JsonObject): void {
    const state = typeof event['index'] === 'number' ? this.blocks.get(event['index']) : undefined;
    if (!state) return;
    if (state.kind === 'text') this.writer.closeMessage();
    else if (state.kind === 'thinking') {
      const encrypted = state.signature.length > 0 ? encodeThinkingSignature(state.signature) : undefined;
      if (this.writer.reasoningOpen) this.writer.closeReasoning(encrypted);
      else if (encrypted) this.writer.opaqueReasoning(encrypted); // thinking omitted from display, signature kept
    }
    else if (state.call) {
      this.writer.closeFunctionCall(state.call, isNonEmptyObject(state.startInput) ? stringifyArguments(state.startInput) : undefined);
    }
  }

  private complete(): void {
    const outcome = anthropicStopToResponses(this.stopReason);
    this.writer.complete(outcome.status, outcome.incompleteReason, this.usage);
  }

  done(): void {
    // Anthropic streams have no [DONE].
  }

  end(): void {
    if (this.writer.started && !this.writer.ended) this.complete();
  }

  fail(failure: StreamFailure): void {
    if (this.writer.ended) return;
    this.ensureStarted();
    this.writer.fail(failureToResponsesCode(failure), failure.message, this.usage);
  }
}
