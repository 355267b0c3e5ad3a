// Writes Chat Completions chunks (formats.md §7.2, §7.4 [Rec]): one id and `created` for the whole
// stream, `object` and `finish_reason: null` always present, usage placed per include_usage.
import type { ConversionContext } from '../context.js';
import { failureToOpenAi } from '../errors/error-mapping.js';
import type { NormalizedUsage } from '../usage.js';
import { toChatUsage } from '../usage.js';
import { randomHex32 } from '../shared/ids.js';
import { nowSeconds } from '../shared/json.js';
import type { StreamFailure, StreamOutput } from './output.js';

export interface ChatWriterOptions {
  /** true → separate usage chunk; false → no usage; undefined → usage on the finish chunk. */
  includeUsage: boolean | undefined;
  /** `<thinking>` XML in content (default) or `reasoning_content` deltas. */
  thinkingXml: boolean;
  /** Model name override (alias restore). */
  clientModel: string | undefined;
}

const OPEN_DELTA_END = ',"finish_reason":null,"logprobs":null}]}';

export class ChatChunkWriter {
  /** A writer set up from a Chat client's conversion context. */
  static forClient(out: StreamOutput, context: ConversionContext | undefined): ChatChunkWriter {
    return new ChatChunkWriter(out, {
      includeUsage: context?.includeUsage,
      thinkingXml: context?.thinkingXml ?? true,
      clientModel: context?.clientModel,
    });
  }

  private prefix = '';
  private head = '';
  private startedFlag = false;
  private finishedFlag = false;

  constructor(
    private readonly out: StreamOutput,
    private readonly options: ChatWriterOptions,
  ) {}

  get started(): boolean {
    return this.startedFlag;
  }

  get finishSent(): boolean {
    return this.finishedFlag;
  }

  /** Fixes id/created/model and sends the role chunk. Idempotent. */
  start(idSuffix: string | undefined, created: number | undefined, model: string | undefined): void {
    if (this.startedFlag) return;
    this.startedFlag = true;
    const id = `chatcmpl-${idSuffix ?? randomHex32()}`;
    const name = this.options.clientModel ?? model ?? '';
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created ?? nowSeconds()},"model":${JSON.stringify(name)}`;
    this.prefix = `${this.head},"choices":[{"index":0,"delta":`;
    this.out.data(`${this.prefix}{"role":"assistant","content":""}${OPEN_DELTA_END}`);
  }

  private delta(json: string): void {
    if (!this.startedFlag) this.start(undefined, undefined, undefined);
    this.out.data(this.prefix + json + OPEN_DELTA_END);
  }

  content(text: string): void {
    if (text.length > 0) this.delta(`{"content":${JSON.stringify(text)}}`);
  }

  refusal(text: string): void {
    if (text.length > 0) this.delta(`{"refusal":${JSON.stringify(text)}}`);
  }

  /** A piece of reasoning text: content (XML on) or `reasoning_content` (XML off). */
  reasoning(text: string): void {
    if (text.length === 0) return;
    if (this.options.thinkingXml) this.content(text);
    else this.delta(`{"reasoning_content":${JSON.stringify(text)}}`);
  }

  openThinking(): void {
    if (this.options.thinkingXml) this.content('<thinking>');
  }

  closeThinking(): void {
    if (this.options.thinkingXml) this.content('</thinking>');
  }

  toolHeader(index: number, id: string, name: string): void {
    this.delta(
      `{"tool_calls":[{"index":${index},"id":${JSON.stringify(id)},"type":"function","function":{"name":${JSON.stringify(name)},"arguments":""}}]}`,
    );
  }

  toolArguments(index: number, args: string): void {
    if (args.length > 0) this.delta(`{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(args)}}}]}`);
  }

  /** The finish chunk, plus usage as include_usage asks. Sent once. */
  finish(reason: string, usage: NormalizedUsage | undefined): void {
    if (this.finishedFlag) return;
    if (!this.startedFlag) this.start(undefined, undefined, undefined);
    this.finishedFlag = true;
    const finish = `${this.prefix}{},"finish_reason":${JSON.stringify(reason)},"logprobs":null}]`;
    const usageJson = usage ? JSON.stringify(toChatUsage(usage)) : undefined;
    if (this.options.includeUsage === undefined && usageJson) this.out.data(`${finish},"usage":${usageJson}}`);
    else this.out.data(`${finish}}`);
    if (this.options.includeUsage === true && usageJson) this.out.data(`${this.head},"choices":[],"usage":${usageJson}}`);
  }

  /** `data: {"error":{…}}` (§2.4 [Rec]); the converter adds `[DONE]` afterwards. */
  error(message: string, type: string, code: string | null): void {
    this.finishedFlag = true;
    this.out.data(JSON.stringify({ error: { message, type, code, param: null } }));
  }

  /** The error chunk for a transport failure (`StreamConverter.fail`). */
  failure(failure: StreamFailure): void {
    const mapped = failureToOpenAi(failure);
    this.error(failure.message, mapped.type, mapped.code);
  }
}
