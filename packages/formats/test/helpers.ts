// Test helpers: fixtures from /work/shared (beside the repo), SSE building, seeded re-chunking and
// a small independent SSE reader for assertions.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConversionContext, FormatId, StreamConverter } from '../src/index.js';
import { createStreamConverter } from '../src/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../../shared/fixtures/endpoint-samples/', import.meta.url));

export interface RecordedEvent {
  event?: string;
  data: string;
  json?: unknown;
}

export interface Fixture {
  name: string;
  endpoint: string;
  stream: boolean;
  request: { payload: Record<string, unknown> };
  response: { status_code: number; body?: Record<string, unknown>; events?: RecordedEvent[] };
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -5))
    .sort();
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8')) as Fixture;
}

/** The upstream format a recorded sample speaks. */
export function fixtureFormat(name: string): FormatId {
  return name.startsWith('claude') ? 'anthropic.messages' : 'openai.responses';
}

/** The recorded events as SSE bytes (`event:` line when the event had a name). */
export function fixtureSse(fixture: Fixture): string {
  return (fixture.response.events ?? []).map((e) => (e.event ? `event: ${e.event}\n` : '') + `data: ${e.data}\n\n`).join('');
}

/** Builds SSE text from JSON events (named by their `type` when `named`). */
export function sseOf(events: readonly unknown[], named = true): string {
  return events
    .map((event) => {
      if (typeof event === 'string') return `data: ${event}\n\n`;
      const type = (event as { type?: unknown }).type;
      return (named && typeof type === 'string' ? `event: ${type}\n` : '') + `data: ${JSON.stringify(event)}\n\n`;
    })
    .join('');
}

/** Mulberry32: a small seeded PRNG so re-chunking is deterministic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits bytes at random boundaries (maxSize 1 gives 1-byte chunks). */
export function rechunk(bytes: Uint8Array, seed: number, maxSize: number): Uint8Array[] {
  const random = seededRandom(seed);
  const chunks: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(random() * maxSize);
    chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
    at += size;
  }
  return chunks;
}

export function toCrlf(sse: string): string {
  return sse.replace(/\n/g, '\r\n');
}

export function toCr(sse: string): string {
  return sse.replace(/\n/g, '\r');
}

/** Adds comment lines and (for Anthropic) ping events between events. */
export function withNoise(sse: string, format: FormatId): string {
  const events = sse.split('\n\n').filter((part) => part.length > 0);
  const ping = format === 'anthropic.messages' ? 'event: ping\ndata: {"type": "ping"}\n\n' : '';
  return `: keep-alive\n\n${events.map((event) => `${event}\n\n: comment line\n${ping}`).join('')}`;
}

/** Runs a whole SSE text (or chunk list) through a converter; returns the full output. */
export function runStream(
  from: FormatId,
  to: FormatId,
  input: string | readonly (string | Uint8Array)[],
  context?: ConversionContext,
): { text: string; converter: StreamConverter } {
  const converter = createStreamConverter(from, to, context);
  let text = '';
  for (const chunk of typeof input === 'string' ? [input] : input) text += converter.push(chunk);
  text += converter.end();
  return { text, converter };
}

export interface OutputEvent {
  event: string | undefined;
  data: string;
  json: Record<string, unknown> | undefined;
}

/** Independent SSE reader for our own (LF-framed) output. */
export function readSse(text: string): OutputEvent[] {
  const events: OutputEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim().length === 0) continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    const joined = data.join('\n');
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(joined);
      if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    events.push({ event, data: joined, json });
  }
  return events;
}

/** The JSON payloads of an SSE output (skips [DONE]). */
export function jsonEvents(text: string): Record<string, unknown>[] {
  return readSse(text)
    .map((event) => event.json)
    .filter((json): json is Record<string, unknown> => json !== undefined);
}

/** Replaces random ids and clock values so outputs of two runs can be compared byte for byte. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/[0-9a-f]{32}/g, 'RANDOM')
    .replace(/"created(_at)?":\d+/g, '"created$1":0');
}

/** Chat chunks' `choices[0]` (skips usage-only chunks and [DONE]). */
export function chatChoices(text: string): Record<string, unknown>[] {
  return jsonEvents(text)
    .filter((chunk) => Array.isArray(chunk['choices']) && (chunk['choices'] as unknown[]).length > 0)
    .map((chunk) => (chunk['choices'] as Record<string, unknown>[])[0]!);
}

/** Concatenated tool-call arguments per index from Chat chunks. */
export function chatToolCalls(text: string): { id?: string; name?: string; arguments: string }[] {
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  for (const choice of chatChoices(text)) {
    const delta = choice['delta'] as { tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[] };
    for (const call of delta.tool_calls ?? []) {
      const entry = (calls[call.index] ??= { arguments: '' });
      if (call.id) entry.id = call.id;
      if (call.function?.name) entry.name = call.function.name;
      entry.arguments += call.function?.arguments ?? '';
    }
  }
  return calls;
}

/** Concatenated `content` of Chat chunks. */
export function chatContent(text: string): string {
  return chatChoices(text)
    .map((choice) => (choice['delta'] as { content?: string }).content ?? '')
    .join('');
}

export interface Summary {
  text: string;
  thinking: string;
  tools: { id: string; name: string; input: unknown }[];
  stop: string | undefined;
  usage: Record<string, unknown> | undefined;
}

/** Folds an Anthropic event stream (our output) into text, thinking, tool calls, stop and usage. */
export function summarizeAnthropic(text: string): Summary {
  const blocks = new Map<number, { type: string; text: string; id?: string; name?: string }>();
  let stop: string | undefined;
  let usage: Record<string, unknown> | undefined;
  for (const event of jsonEvents(text)) {
    const index = event['index'] as number;
    if (event['type'] === 'content_block_start') {
      const block = event['content_block'] as { type: string; id?: string; name?: string };
      blocks.set(index, { type: block.type, text: '', ...(block.id ? { id: block.id } : {}), ...(block.name !== undefined ? { name: block.name } : {}) });
    } else if (event['type'] === 'content_block_delta') {
      const delta = event['delta'] as { text?: string; thinking?: string; partial_json?: string };
      const block = blocks.get(index)!;
      block.text += delta.text ?? delta.thinking ?? delta.partial_json ?? '';
    } else if (event['type'] === 'message_delta') {
      stop = (event['delta'] as { stop_reason: string }).stop_reason;
      usage = event['usage'] as Record<string, unknown>;
    }
  }
  const ordered = [...blocks.entries()].sort((a, b) => a[0] - b[0]).map(([, block]) => block);
  return {
    text: ordered.filter((b) => b.type === 'text').map((b) => b.text).join(''),
    thinking: ordered.filter((b) => b.type === 'thinking').map((b) => b.text).join('\n\n'),
    tools: ordered.filter((b) => b.type === 'tool_use').map((b) => ({ id: b.id!, name: b.name!, input: b.text ? JSON.parse(b.text) : {} })),
    stop,
    usage,
  };
}

/** Folds a Chat chunk stream (our output). Thinking is read from the `<thinking>` XML in content. */
export function summarizeChat(text: string): Summary {
  const content = chatContent(text);
  const thinking: string[] = [];
  const visible = content.replace(/<thinking>([\s\S]*?)<\/thinking>/g, (_, inner: string) => {
    thinking.push(inner);
    return '';
  });
  const chunks = jsonEvents(text);
  const usage = [...chunks].reverse().find((chunk) => chunk['usage'])?.['usage'] as Record<string, unknown> | undefined;
  const stop = chatChoices(text).find((choice) => choice['finish_reason'] !== null)?.['finish_reason'] as string | undefined;
  return {
    text: visible,
    thinking: thinking.join('\n\n'),
    tools: chatToolCalls(text).map((call) => ({ id: call.id!, name: call.name!, input: call.arguments ? JSON.parse(call.arguments) : {} })),
    stop,
    usage,
  };
}

/** Folds a Responses event stream (our output) from its terminal event. */
export function summarizeResponses(text: string): Summary {
  const events = jsonEvents(text);
  const terminal = events.find((event) => event['type'] === 'response.completed' || event['type'] === 'response.incomplete');
  const response = (terminal?.['response'] ?? {}) as { status?: string; output?: Record<string, unknown>[]; usage?: Record<string, unknown> };
  const output = response.output ?? [];
  return {
    text: output
      .filter((item) => item['type'] === 'message')
      .flatMap((item) => (item['content'] as { text?: string }[]).map((part) => part.text ?? ''))
      .join(''),
    thinking: output
      .filter((item) => item['type'] === 'reasoning')
      .flatMap((item) => (item['summary'] as { text: string }[]).map((part) => part.text))
      .join('\n\n'),
    tools: output
      .filter((item) => item['type'] === 'function_call')
      .map((item) => ({ id: item['call_id'] as string, name: item['name'] as string, input: JSON.parse(item['arguments'] as string) as unknown })),
    stop: response.status,
    usage: response.usage,
  };
}

export function summarize(format: FormatId, text: string): Summary {
  if (format === 'anthropic.messages') return summarizeAnthropic(text);
  if (format === 'openai.chat_completions') return summarizeChat(text);
  return summarizeResponses(text);
}
