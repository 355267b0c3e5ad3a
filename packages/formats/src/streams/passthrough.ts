// Same-format streams (formats.md §2.3 [Rec], README decision 8): the upstream bytes are re-emitted
// unchanged while usage, model and the normal end are read on the side. Only the events that can
// carry them are JSON-parsed.
import type { FormatId } from '../format-id.js';
import { failureToAnthropicType, failureToOpenAi, failureToResponsesCode } from '../errors/error-mapping.js';
import type { JsonObject } from '../shared/json.js';
import { asObject, asString, isObject } from '../shared/json.js';
import type { SseEvent, SseParser } from '../sse/sse-parser.js';
import { createSseParser } from '../sse/sse-parser.js';
import { condenseLifecycleEvent } from '../sse/condense-envelope.js';
import { Utf8StreamDecoder } from '../sse/utf8-stream-decoder.js';
import { DONE_EVENT } from '../sse/serialize-sse.js';
import type { NormalizedUsage } from '../usage.js';
import { usageFromChat, usageFromResponses } from '../usage.js';
import type { StreamFailure } from './output.js';
import type { StreamConverter } from './stream-converter-types.js';
import { AnthropicUsageTracker } from './anthropic-usage-tracker.js';

const ANTHROPIC_TRACKED = new Set(['message_start', 'message_delta', 'message_stop', 'error']);
const RESPONSES_TRACKED = new Set(['response.created', 'response.completed', 'response.incomplete', 'response.failed']);

function parseObject(data: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function sequenceNumber(data: string): number | undefined {
  const at = data.indexOf('"sequence_number":');
  if (at === -1) return undefined;
  const value = Number.parseInt(data.slice(at + 18, at + 34), 10);
  return Number.isFinite(value) ? value : undefined;
}

export class PassthroughStream implements StreamConverter {
  private readonly decoder = new Utf8StreamDecoder();
  private readonly parser: SseParser;
  private readonly anthropicUsage = new AnthropicUsageTracker();
  private usageValue: NormalizedUsage | undefined;
  private modelName: string | undefined;
  private finishedFlag = false;
  private closed = false;
  private sawDone = false;
  private lastSequence = -1;
  private tail = '';
  /** The newest event dropped undecoded (observer), whose sequence number fail() may need. */
  private lastSkipped: Buffer | undefined;
  /** An undecoded response.created (observer), read only when the model is asked for and unknown. */
  private createdRaw: Buffer | undefined;
  /** True for an observer: the caller relays the upstream bytes, push() returns ''. */
  readonly forwardsInput: boolean;

  /**
   * `echo: false` makes an observer: `push()` returns '' (the caller relays the upstream bytes
   * itself, with no decode and re-encode), and `end()` returns only what we add (Chat's `[DONE]`).
   */
  constructor(
    private readonly format: FormatId,
    private readonly echo = true,
  ) {
    this.forwardsInput = !echo;
    // An observer reads bytes and lets the parser drop the events it does not track undecoded.
    const tracked = format === 'anthropic.messages' ? ANTHROPIC_TRACKED : format === 'openai.responses' ? RESPONSES_TRACKED : undefined;
    this.parser = createSseParser(
      (event) => this.observe(event),
      echo || tracked === undefined
        ? {}
        : {
            // response.created repeats the whole request (instructions included): its model is
            // read from it only if no response.completed brings one.
            skipEvent: (name) => !tracked.has(name) || name === 'response.created',
            onSkipped: (name, raw) => {
              this.lastSkipped = raw;
              if (name === 'response.created') this.createdRaw = raw;
            },
            ...(format === 'openai.responses' ? { condenseEvent: condenseLifecycleEvent } : {}),
          },
    );
  }

  get usage(): NormalizedUsage | undefined {
    return this.format === 'anthropic.messages' ? this.anthropicUsage.usage : this.usageValue;
  }

  get model(): string | undefined {
    if (this.modelName === undefined && this.createdRaw !== undefined) {
      const raw = this.createdRaw;
      this.createdRaw = undefined;
      const parser = createSseParser((event) => {
        const response = asObject(parseObject(event.data)?.['response']);
        this.modelName = asString(response?.['model']) ?? this.modelName;
      });
      parser.push(raw);
      parser.end();
    }
    return this.modelName;
  }

  get finished(): boolean {
    return this.finishedFlag;
  }

  private observe(event: SseEvent): void {
    const data = event.data;
    if (data === '[DONE]') {
      this.sawDone = true;
      if (this.format === 'openai.chat_completions') this.finishedFlag = true;
      return;
    }
    switch (this.format) {
      case 'anthropic.messages':
        this.observeAnthropic(event);
        break;
      case 'openai.responses':
        this.observeResponses(event);
        break;
      case 'openai.chat_completions':
        this.observeChat(data);
        break;
    }
  }

  private observeAnthropic(event: SseEvent): void {
    if (event.event !== undefined && !ANTHROPIC_TRACKED.has(event.event)) return;
    const value = parseObject(event.data);
    if (!value) return;
    switch (value['type'] ?? event.event) {
      case 'message_start': {
        const message = asObject(value['message']) ?? {};
        this.modelName = asString(message['model']) ?? this.modelName;
        this.anthropicUsage.merge(message['usage']);
        break;
      }
      case 'message_delta':
        this.anthropicUsage.merge(value['usage']);
        break;
      case 'message_stop':
        this.finishedFlag = true;
        break;
      default:
        break;
    }
  }

  private observeResponses(event: SseEvent): void {
    const sequence = sequenceNumber(event.data);
    if (sequence !== undefined) this.lastSequence = sequence;
    this.lastSkipped = undefined;
    if (event.event !== undefined && !RESPONSES_TRACKED.has(event.event)) return;
    if (event.event === undefined && !event.data.includes('"response.')) return;
    const value = parseObject(event.data);
    const response = asObject(value?.['response']);
    if (!value || !response) return;
    this.modelName = asString(response['model']) ?? this.modelName;
    if (isObject(response['usage'])) this.usageValue = usageFromResponses(response['usage']);
    if (value['type'] === 'response.completed' || value['type'] === 'response.incomplete') this.finishedFlag = true;
  }

  private observeChat(data: string): void {
    const first = this.modelName === undefined;
    const hasUsage = data.includes('"usage":{');
    const hasFinish = data.includes('"finish_reason":"');
    if (!first && !hasUsage && !hasFinish) return;
    const value = parseObject(data);
    if (!value) return;
    if (typeof value['model'] === 'string' && value['model'].length > 0) this.modelName = value['model'];
    if (isObject(value['usage'])) this.usageValue = usageFromChat(value['usage']);
    if (hasFinish) this.finishedFlag = true;
  }

  private remember(text: string): string {
    if (text.length >= 4) this.tail = text.slice(-4);
    else if (text.length > 0) this.tail = (this.tail + text).slice(-4);
    return text;
  }

  /** Text that ends any partial upstream event before we append our own. */
  private separator(): string {
    const t = this.tail;
    const atBoundary = t.endsWith('\n\n') || t.endsWith('\r\r') || t.endsWith('\n\r\n') || t.endsWith('\n\r') || t === '\n\n' || t.length === 0;
    return atBoundary ? '' : '\n\n';
  }

  push(chunk: Uint8Array | string): string {
    if (this.closed) return '';
    if (!this.echo && typeof chunk !== 'string') {
      this.parser.push(chunk);
      // Only line breaks matter to separator(): the last bytes as Latin-1 are enough.
      const length = chunk.byteLength;
      const last = Buffer.from(chunk.buffer, chunk.byteOffset + Math.max(0, length - 4), Math.min(4, length)).toString('latin1');
      this.remember(last);
      return '';
    }
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    this.parser.push(text);
    this.remember(text);
    return this.echo ? text : '';
  }

  end(): string {
    if (this.closed) return '';
    this.closed = true;
    const rest = this.decoder.end();
    this.parser.push(rest);
    this.parser.end();
    this.remember(rest);
    let text = this.echo ? rest : '';
    if (this.format === 'openai.chat_completions' && !this.sawDone) text += this.separator() + DONE_EVENT;
    return text;
  }

  fail(failure: StreamFailure): string {
    if (this.closed) return '';
    this.closed = true;
    const prefix = this.separator();
    switch (this.format) {
      case 'anthropic.messages':
        return `${prefix}event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: failureToAnthropicType(failure), message: failure.message } })}\n\n`;
      case 'openai.responses': {
        const skipped = this.lastSkipped === undefined ? undefined : sequenceNumber(this.lastSkipped.toString('utf8'));
        const body = { type: 'error', sequence_number: (skipped ?? this.lastSequence) + 1, code: failureToResponsesCode(failure), message: failure.message, param: null };
        return `${prefix}event: error\ndata: ${JSON.stringify(body)}\n\n`;
      }
      case 'openai.chat_completions': {
        const mapped = failureToOpenAi(failure);
        return `${prefix}data: ${JSON.stringify({ error: { message: failure.message, type: mapped.type, code: mapped.code, param: null } })}\n\n${DONE_EVENT}`;
      }
    }
  }
}
