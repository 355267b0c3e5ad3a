// createStreamConverter: SSE bytes → JSON events → one direction's state machine → client SSE text.
import type { ConversionContext } from '../context.js';
import type { FormatId } from '../format-id.js';
import { isObject } from '../shared/json.js';
import type { SseEvent, SseParser } from '../sse/sse-parser.js';
import { createSseParser } from '../sse/sse-parser.js';
import { condenseLifecycleEvent } from '../sse/condense-envelope.js';
import { DONE_EVENT } from '../sse/serialize-sse.js';
import type { NormalizedUsage } from '../usage.js';
import { AnthropicToChatTranslator } from './anthropic-to-chat.js';
import { AnthropicToResponsesTranslator } from './anthropic-to-responses.js';
import { ChatToAnthropicTranslator } from './chat-to-anthropic.js';
import { ChatToResponsesTranslator } from './chat-to-responses.js';
import type { StreamFailure } from './output.js';
import { StreamOutput } from './output.js';
import { PassthroughStream } from './passthrough.js';
import { ResponsesToAnthropicTranslator } from './responses-to-anthropic.js';
import { ResponsesToChatTranslator } from './responses-to-chat.js';
import type { StreamConverter } from './stream-converter-types.js';
import type { StreamTranslator } from './translator.js';

function createTranslator(from: FormatId, to: FormatId, out: StreamOutput, context: ConversionContext | undefined): StreamTranslator {
  if (from === 'anthropic.messages') {
    return to === 'openai.chat_completions' ? new AnthropicToChatTranslator(out, context) : new AnthropicToResponsesTranslator(out, context);
  }
  if (from === 'openai.chat_completions') {
    return to === 'anthropic.messages' ? new ChatToAnthropicTranslator(out, context) : new ChatToResponsesTranslator(out, context);
  }
  return to === 'anthropic.messages' ? new ResponsesToAnthropicTranslator(out, context) : new ResponsesToChatTranslator(out, context);
}

/**
 * Upstream events no direction reads, skipped by their SSE event name before JSON parsing (the
 * Responses lifecycle events repeat the whole request envelope, often many kilobytes).
 */
const SKIPPED_EVENTS: Readonly<Record<FormatId, ReadonlySet<string>>> = {
  'anthropic.messages': new Set(['ping']),
  'openai.chat_completions': new Set(),
  'openai.responses': new Set([
    'response.in_progress',
    'response.content_part.added',
    'response.content_part.done',
    'response.output_text.done',
    'response.refusal.done',
    'response.function_call_arguments.done',
    'response.reasoning_summary_text.done',
    'response.reasoning_summary_part.done',
    'response.reasoning_text.done',
  ]),
};

/** Parses one SSE data payload: JSON, or the data lines joined without "\n" (formats.md §2.1). */
function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    if (!data.includes('\n')) return undefined;
    try {
      return JSON.parse(data.replace(/\n/g, ''));
    } catch {
      return undefined;
    }
  }
}

class ConvertingStream implements StreamConverter {
  private readonly out = new StreamOutput();
  private readonly parser: SseParser;
  private readonly translator: StreamTranslator;
  private readonly skipped: ReadonlySet<string>;
  private closed = false;

  constructor(
    private readonly target: FormatId,
    from: FormatId,
    context: ConversionContext | undefined,
  ) {
    this.translator = createTranslator(from, target, this.out, context);
    this.skipped = SKIPPED_EVENTS[from];
    const skipped = this.skipped;
    this.parser = createSseParser((event) => this.onEvent(event), {
      ...(skipped.size > 0 ? { skipEvent: (name: string) => skipped.has(name) } : {}),
      ...(from === 'openai.responses' ? { condenseEvent: condenseLifecycleEvent } : {}),
    });
  }

  get usage(): NormalizedUsage | undefined {
    return this.translator.upstream.usage;
  }

  get model(): string | undefined {
    return this.translator.upstream.model;
  }

  get finished(): boolean {
    return this.translator.upstream.finished;
  }

  private onEvent(event: SseEvent): void {
    const data = event.data;
    if (data === '[DONE]') {
      this.translator.done();
      return;
    }
    if (event.event !== undefined && this.skipped.has(event.event)) return;
    const value = parseData(data);
    if (!isObject(value)) return; // not JSON: skipped silently (§2.1)
    if (value['type'] === undefined && event.event !== undefined) value['type'] = event.event;
    this.translator.event(value);
  }

  /** A converter bug must not kill the client stream silently: it becomes the target's error event. */
  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      this.closed = true;
      this.translator.fail({ type: 'api_error', message: `Stream conversion failed: ${error instanceof Error ? error.message : String(error)}` });
      if (this.target === 'openai.chat_completions') this.out.raw(DONE_EVENT);
    }
  }

  push(chunk: Uint8Array | string): string {
    if (this.closed) return '';
    this.guard(() => this.parser.push(chunk));
    return this.out.take();
  }

  end(): string {
    if (this.closed) return '';
    this.guard(() => {
      this.parser.end();
      this.translator.end();
    });
    if (!this.closed && this.target === 'openai.chat_completions') this.out.raw(DONE_EVENT);
    this.closed = true;
    return this.out.take();
  }

  fail(error: StreamFailure): string {
    if (this.closed) return '';
    this.closed = true;
    this.translator.fail(error);
    if (this.target === 'openai.chat_completions') this.out.raw(DONE_EVENT);
    return this.out.take();
  }
}

/**
 * Creates an incremental stream converter from the upstream format (`from`) to the client format
 * (`to`). `from === to` re-emits the bytes unchanged while still tracking usage, model and the end.
 */
/**
 * A same-format stream observer: reads usage, model and the normal end like the passthrough
 * converter, but leaves the relaying of the upstream bytes to the caller — `push()` returns '',
 * `end()` and `fail()` return only the text to append (Chat's `[DONE]`, an error event).
 */
export function createStreamObserver(format: FormatId): StreamConverter & { readonly forwardsInput: true } {
  return new PassthroughStream(format, false) as PassthroughStream & { readonly forwardsInput: true };
}

export function createStreamConverter(from: FormatId, to: FormatId, context?: ConversionContext): StreamConverter {
  if (from === to) return new PassthroughStream(from);
  return new ConvertingStream(to, from, context);
}
