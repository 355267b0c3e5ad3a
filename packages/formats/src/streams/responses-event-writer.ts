// Writes an OpenAI Responses event stream (formats.md §7.3, §7.5 [Rec]): sequence numbers from 0,
// one output item per reasoning run, text run and function call, in the order they were opened,
// each closed with its done events; a full Responses object in created / completed / failed.
import type {
  ResponsesOutputFunctionCall,
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesReasoningItem,
  ResponsesStatus,
} from '../models/responses.js';
import type { ConversionContext } from '../context.js';
import { buildResponseEnvelope } from '../responses/responses-envelope.js';
import type { JsonObject } from '../shared/json.js';
import { nowSeconds } from '../shared/json.js';
import type { IncompleteReason } from '../shared/stop-reasons.js';
import type { NormalizedUsage } from '../usage.js';
import { toResponsesUsage } from '../usage.js';
import type { StreamOutput } from './output.js';

interface ReasoningState {
  outputIndex: number;
  itemId: string;
  itemIdJson: string;
  parts: string[];
  current: string;
  partOpen: boolean;
}

interface MessageState {
  outputIndex: number;
  itemId: string;
  itemIdJson: string;
  text: string;
}

export interface FunctionCallHandle {
  readonly outputIndex: number;
  readonly itemId: string;
  readonly callId: string;
  readonly name: string;
  args: string;
  deltas: number;
  closed: boolean;
}

export interface ResponsesWriterOptions {
  clientRequest: Readonly<JsonObject> | undefined;
  clientModel: string | undefined;
}

export class ResponsesEventWriter {
  /** A writer set up from a Responses client's conversion context. */
  static forClient(out: StreamOutput, context: ConversionContext | undefined): ResponsesEventWriter {
    return new ResponsesEventWriter(out, { clientRequest: context?.clientRequest, clientModel: context?.clientModel });
  }

  private seq = 0;
  private id = '';
  private suffix = '';
  private createdAt = 0;
  private model = '';
  private nextOutputIndex = 0;
  private readonly items: (ResponsesOutputItem | undefined)[] = [];
  private reasoning: ReasoningState | undefined;
  private message: MessageState | undefined;
  private reasoningCount = 0;
  private messageCount = 0;
  private functionCount = 0;
  private readonly openCalls: FunctionCallHandle[] = [];
  private startedFlag = false;
  private endedFlag = false;

  constructor(
    private readonly out: StreamOutput,
    private readonly options: ResponsesWriterOptions,
  ) {}

  get started(): boolean {
    return this.startedFlag;
  }

  get ended(): boolean {
    return this.endedFlag;
  }

  get hasFunctionCalls(): boolean {
    return this.functionCount > 0;
  }

  private emit(type: string, body: string): void {
    this.out.event(type, `{"type":"${type}","sequence_number":${this.seq++}${body}}`);
  }

  private emitObject(type: string, fields: JsonObject): void {
    const json = JSON.stringify(fields);
    this.emit(type, json.length > 2 ? `,${json.slice(1, -1)}` : '');
  }

  private envelope(status: ResponsesStatus, extra: { usage?: NormalizedUsage; incompleteReason?: IncompleteReason; error?: { code: string; message: string } } = {}): JsonObject {
    return buildResponseEnvelope({
      id: this.id,
      createdAt: this.createdAt,
      model: this.options.clientModel ?? this.model,
      status,
      output: this.items.filter((item): item is ResponsesOutputItem => item !== undefined),
      usage: extra.usage ? toResponsesUsage(extra.usage) : undefined,
      incompleteReason: extra.incompleteReason,
      error: extra.error ?? null,
      clientRequest: this.options.clientRequest,
    });
  }

  /** response.created + response.in_progress. `suffix` is shared by the resp_/msg_/rs_/fc_ ids. */
  start(id: string, suffix: string, createdAt: number | undefined, model: string | undefined): void {
    if (this.startedFlag) return;
    this.startedFlag = true;
    this.id = id;
    this.suffix = suffix;
    this.createdAt = createdAt ?? nowSeconds();
    this.model = model ?? '';
    const response = this.envelope('in_progress');
    this.emitObject('response.created', { response });
    this.emitObject('response.in_progress', { response });
  }

  // ── reasoning ────────────────────────────────────────────────────────────────────────────────

  get reasoningOpen(): boolean {
    return this.reasoning !== undefined;
  }

  private openReasoning(): ReasoningState {
    const itemId = this.reasoningCount === 0 ? `rs_${this.suffix}` : `rs_${this.suffix}_${this.reasoningCount}`;
    this.reasoningCount += 1;
    const state: ReasoningState = { outputIndex: this.nextOutputIndex++, itemId, itemIdJson: JSON.stringify(itemId), parts: [], current: '', partOpen: false };
    this.reasoning = state;
    this.emitObject('response.output_item.added', {
      output_index: state.outputIndex,
      item: { id: itemId, type: 'reasoning', status: 'in_progress', summary: [] },
    });
    return state;
  }

  reasoningDelta(text: string): void {
    if (text.length === 0) return;
    const state = this.reasoning ?? this.openReasoning();
    const summaryIndex = state.parts.length;
    if (!state.partOpen) {
      state.partOpen = true;
      this.emit(
        'response.reasoning_summary_part.added',
        `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"summary_index":${summaryIndex},"part":{"type":"summary_text","text":""}`,
      );
    }
    state.current += text;
    this.emit(
      'response.reasoning_summary_text.delta',
      `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"summary_index":${summaryIndex},"delta":${JSON.stringify(text)}`,
    );
  }

  /** Ends the current summary part; the next reasoning delta starts a new one. */
  reasoningPartBreak(): void {
    const state = this.reasoning;
    if (!state?.partOpen) return;
    const summaryIndex = state.parts.length;
    const textJson = JSON.stringify(state.current);
    this.emit('response.reasoning_summary_text.done', `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"summary_index":${summaryIndex},"text":${textJson}`);
    this.emit(
      'response.reasoning_summary_part.done',
      `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"summary_index":${summaryIndex},"part":{"type":"summary_text","text":${textJson}}`,
    );
    state.parts.push(state.current);
    state.current = '';
    state.partOpen = false;
  }

  /** Closes the open reasoning item; `encryptedContent` is set on the completed item when given. */
  closeReasoning(encryptedContent?: string): void {
    const state = this.reasoning;
    if (!state) return;
    this.reasoningPartBreak();
    this.reasoning = undefined;
    const item: ResponsesReasoningItem = {
      id: state.itemId,
      type: 'reasoning',
      status: 'completed',
      summary: state.parts.map((text) => ({ type: 'summary_text', text })),
    };
    if (encryptedContent !== undefined) item.encrypted_content = encryptedContent;
    this.items[state.outputIndex] = item;
    this.emitObject('response.output_item.done', { output_index: state.outputIndex, item });
  }

  /** A reasoning item without summary text (e.g. redacted thinking), added and done at once. */
  opaqueReasoning(encryptedContent: string): void {
    this.closeReasoning();
    const state = this.openReasoning();
    this.reasoning = undefined;
    const item: ResponsesReasoningItem = { id: state.itemId, type: 'reasoning', status: 'completed', summary: [], encrypted_content: encryptedContent };
    this.items[state.outputIndex] = item;
    this.emitObject('response.output_item.done', { output_index: state.outputIndex, item });
  }

  // ── message text ─────────────────────────────────────────────────────────────────────────────

  get messageOpen(): boolean {
    return this.message !== undefined;
  }

  private openMessage(): MessageState {
    const itemId = this.messageCount === 0 ? `msg_${this.suffix}` : `msg_${this.suffix}_${this.messageCount}`;
    this.messageCount += 1;
    const state: MessageState = { outputIndex: this.nextOutputIndex++, itemId, itemIdJson: JSON.stringify(itemId), text: '' };
    this.message = state;
    this.emitObject('response.output_item.added', {
      output_index: state.outputIndex,
      item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
    });
    this.emit(
      'response.content_part.added',
      `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}`,
    );
    return state;
  }

  textDelta(text: string): void {
    if (text.length === 0) return;
    const state = this.message ?? this.openMessage();
    state.text += text;
    this.emit(
      'response.output_text.delta',
      `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"content_index":0,"delta":${JSON.stringify(text)},"logprobs":[]`,
    );
  }

  closeMessage(): void {
    const state = this.message;
    if (!state) return;
    this.message = undefined;
    const textJson = JSON.stringify(state.text);
    const head = `,"item_id":${state.itemIdJson},"output_index":${state.outputIndex},"content_index":0`;
    this.emit('response.output_text.done', `${head},"text":${textJson},"logprobs":[]`);
    this.emit('response.content_part.done', `${head},"part":{"type":"output_text","text":${textJson},"annotations":[],"logprobs":[]}`);
    const item: ResponsesOutputMessage = {
      id: state.itemId,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: state.text, annotations: [], logprobs: [] }],
    };
    this.items[state.outputIndex] = item;
    this.emitObject('response.output_item.done', { output_index: state.outputIndex, item });
  }

  // ── function calls ───────────────────────────────────────────────────────────────────────────

  openFunctionCall(callId: string, name: string): FunctionCallHandle {
    const itemId = `fc_${this.suffix}_${this.functionCount}`;
    this.functionCount += 1;
    const handle: FunctionCallHandle = { outputIndex: this.nextOutputIndex++, itemId, callId, name, args: '', deltas: 0, closed: false };
    this.openCalls.push(handle);
    this.emitObject('response.output_item.added', {
      output_index: handle.outputIndex,
      item: { id: itemId, type: 'function_call', status: 'in_progress', name, call_id: callId, arguments: '' },
    });
    return handle;
  }

  functionArguments(handle: FunctionCallHandle, delta: string): void {
    if (delta.length === 0 || handle.closed) return;
    handle.args += delta;
    handle.deltas += 1;
    this.emit('response.function_call_arguments.delta', `,"item_id":${JSON.stringify(handle.itemId)},"output_index":${handle.outputIndex},"delta":${JSON.stringify(delta)}`);
  }

  /** arguments.done + output_item.done; `fallback` is sent as one delta when no delta arrived. */
  closeFunctionCall(handle: FunctionCallHandle, fallback?: string): void {
    if (handle.closed) return;
    if (handle.deltas === 0 && fallback !== undefined && fallback.length > 0) this.functionArguments(handle, fallback);
    handle.closed = true;
    const index = this.openCalls.indexOf(handle);
    if (index !== -1) this.openCalls.splice(index, 1);
    const args = handle.args.length > 0 ? handle.args : '{}';
    this.emitObject('response.function_call_arguments.done', {
      item_id: handle.itemId,
      output_index: handle.outputIndex,
      name: handle.name,
      arguments: args,
    });
    const item: ResponsesOutputFunctionCall = {
      id: handle.itemId,
      type: 'function_call',
      status: 'completed',
      name: handle.name,
      call_id: handle.callId,
      arguments: args,
    };
    this.items[handle.outputIndex] = item;
    this.emitObject('response.output_item.done', { output_index: handle.outputIndex, item });
  }

  closeAll(): void {
    this.closeReasoning();
    this.closeMessage();
    for (const handle of [...this.openCalls]) this.closeFunctionCall(handle);
  }

  // ── terminal events ──────────────────────────────────────────────────────────────────────────

  /** response.completed, or response.incomplete with incomplete_details. */
  complete(status: 'completed' | 'incomplete', incompleteReason: IncompleteReason | undefined, usage: NormalizedUsage | undefined): void {
    if (this.endedFlag) return;
    this.closeAll();
    this.endedFlag = true;
    const response = this.envelope(status, { ...(usage ? { usage } : {}), ...(incompleteReason ? { incompleteReason } : {}) });
    this.emitObject(status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  }

  /** A flat `error` event followed by `response.failed` (§7.5 [Rec], §2.4). */
  fail(code: string, message: string, usage?: NormalizedUsage): void {
    if (this.endedFlag) return;
    this.endedFlag = true;
    this.emitObject('error', { code, message, param: null });
    if (!this.startedFlag) return;
    const response = this.envelope('failed', { ...(usage ? { usage } : {}), error: { code, message } });
    this.emitObject('response.failed', { response });
  }
}
