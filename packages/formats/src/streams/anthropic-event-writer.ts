// Writes an Anthropic Messages event stream (formats.md §7.1): sequential content blocks with
// consecutive indices, message_start with null stop fields, message_delta + message_stop at the end.
import type { AnthropicStopReason } from '../models/anthropic.js';
import type { NormalizedUsage } from '../usage.js';
import { toAnthropicUsage } from '../usage.js';
import type { StreamOutput } from './output.js';

type BlockKind = 'text' | 'thinking' | 'tool';

export class AnthropicEventWriter {
  private index = -1;
  private open: BlockKind | null = null;
  private startedFlag = false;
  private endedFlag = false;

  constructor(
    private readonly out: StreamOutput,
    private readonly clientModel: string | undefined,
  ) {}

  get started(): boolean {
    return this.startedFlag;
  }

  get ended(): boolean {
    return this.endedFlag;
  }

  get openBlock(): BlockKind | null {
    return this.open;
  }

  get currentIndex(): number {
    return this.index;
  }

  start(id: string, model: string | undefined): void {
    if (this.startedFlag) return;
    this.startedFlag = true;
    const message = {
      id,
      type: 'message',
      role: 'assistant',
      model: this.clientModel ?? model ?? '',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    this.out.event('message_start', JSON.stringify({ type: 'message_start', message }));
  }

  private openNew(kind: BlockKind, blockJson: string): number {
    this.closeBlock();
    this.index += 1;
    this.open = kind;
    this.out.event('content_block_start', `{"type":"content_block_start","index":${this.index},"content_block":${blockJson}}`);
    return this.index;
  }

  text(text: string): void {
    if (text.length === 0) return;
    if (this.open !== 'text') this.openNew('text', '{"type":"text","text":""}');
    this.out.event(
      'content_block_delta',
      `{"type":"content_block_delta","index":${this.index},"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}`,
    );
  }

  /** Opens a thinking block if none is open (even without text yet). */
  openThinking(): void {
    if (this.open !== 'thinking') this.openNew('thinking', '{"type":"thinking","thinking":"","signature":""}');
  }

  thinking(text: string): void {
    if (text.length === 0) return;
    this.openThinking();
    this.out.event(
      'content_block_delta',
      `{"type":"content_block_delta","index":${this.index},"delta":{"type":"thinking_delta","thinking":${JSON.stringify(text)}}}`,
    );
  }

  signature(signature: string): void {
    if (this.open !== 'thinking') return;
    this.out.event(
      'content_block_delta',
      `{"type":"content_block_delta","index":${this.index},"delta":{"type":"signature_delta","signature":${JSON.stringify(signature)}}}`,
    );
  }

  /** Starts a tool_use block and returns its index. */
  tool(id: string, name: string): number {
    return this.openNew('tool', `{"type":"tool_use","id":${JSON.stringify(id)},"name":${JSON.stringify(name)},"input":{}}`);
  }

  toolInput(index: number, partialJson: string): void {
    if (partialJson.length === 0) return;
    this.out.event(
      'content_block_delta',
      `{"type":"content_block_delta","index":${index},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(partialJson)}}}`,
    );
  }

  closeBlock(): void {
    if (this.open === null) return;
    this.open = null;
    this.out.event('content_block_stop', `{"type":"content_block_stop","index":${this.index}}`);
  }

  /** Closes the open block, then message_delta and message_stop. Sent once. */
  finish(stopReason: AnthropicStopReason, usage: NormalizedUsage | undefined): void {
    if (this.endedFlag) return;
    this.closeBlock();
    this.endedFlag = true;
    const anthropicUsage = toAnthropicUsage(usage ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, reasoningTokens: 0 });
    const delta = { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: anthropicUsage };
    this.out.event('message_delta', JSON.stringify(delta));
    this.out.event('message_stop', '{"type":"message_stop"}');
  }

  /** An `error` event; nothing follows it. */
  error(type: string, message: string): void {
    if (this.endedFlag) return;
    this.closeBlock();
    this.endedFlag = true;
    this.out.event('error', JSON.stringify({ type: 'error', error: { type, message } }));
  }
}
