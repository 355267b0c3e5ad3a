// The official SDKs as type judges: the shapes our converters produce must be assignable to the
// types `openai` and `@anthropic-ai/sdk` give the same objects. tsc checks this file (pnpm typecheck).
// `Relaxed<T>` only makes fields the SDK declares as `X | null` optional (the APIs omit many of them);
// every other field, enum and discriminant is checked as the SDK declares it.
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AnthropicMessagesResponse,
  AnthropicStreamEvent,
  ChatCompletionChunk,
  ChatCompletionResponse,
  ResponsesResponse,
  ResponsesStreamEvent,
} from '../src/index.js';
import { convertResponse } from '../src/index.js';

type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
// SDK-only fields: `caller` (programmatic tool calling, absent from plain tool_use blocks),
// `output_text` (a convenience the SDK computes itself) and `cache_write_tokens` (declared required,
// but absent from the live Codex usage recorded in fixtures/endpoint-samples).
type SdkOnlyKeys = 'caller' | 'output_text' | 'cache_write_tokens';
// Echoes of the client's own Responses request (its tools and tool_choice), not shapes we build.
type EchoKeys = 'tools' | 'tool_choice';
type LooseKeys<T> = NullableKeys<T> | OptionalKeys<T> | Extract<keyof T, SdkOnlyKeys>;
// Error `code`s follow formats.md §8.6 (e.g. `server_is_overloaded`), wider than the SDK's enum.
type Field<K, V> = K extends 'code' ? (V extends string ? string : V) : V;
type RelaxedObject<T> = { [K in Exclude<keyof T, LooseKeys<T> | EchoKeys>]: Relaxed<Field<K, T[K]>> } & {
  [K in Exclude<LooseKeys<T>, EchoKeys>]?: Relaxed<Field<K, Exclude<T[K], undefined>>>;
} & { [K in Extract<keyof T, EchoKeys>]?: unknown };
type Relaxed<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Relaxed<U>[]
    : T extends object
      ? RelaxedObject<T>
      : T;

/** Compile-time assignability check: `check<Target>()(value)` fails typecheck unless value fits Target. */
const check =
  <Target>() =>
  <Value extends Target>(value: Value): Value =>
    value;

/** A one-text-block Anthropic response. */
const anthropicHi = () => ({
  id: 'msg_1',
  model: 'm',
  content: [{ type: 'text', text: 'hi' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 1, output_tokens: 1 },
});

describe('SDK type judges', () => {
  it('Chat Completions outputs are assignable to openai types', () => {
    expectTypeOf(check<Relaxed<OpenAI.ChatCompletion>>()<ChatCompletionResponse>).toBeFunction();
    expectTypeOf(check<Relaxed<OpenAI.ChatCompletionChunk>>()<ChatCompletionChunk>).toBeFunction();
    const converted = convertResponse('anthropic.messages', 'openai.chat_completions', anthropicHi());
    const typed: Relaxed<OpenAI.ChatCompletion> = converted;
    expect(typed.choices[0]?.message.content).toBe('hi');
  });

  it('Responses outputs are assignable to openai types', () => {
    expectTypeOf(check<Relaxed<OpenAI.Responses.Response>>()<ResponsesResponse>).toBeFunction();
    expectTypeOf(check<Relaxed<OpenAI.Responses.ResponseStreamEvent>>()<ResponsesStreamEvent>).toBeFunction();
    const converted = convertResponse('anthropic.messages', 'openai.responses', anthropicHi());
    const typed: Relaxed<OpenAI.Responses.Response> = converted;
    expect(typed.status).toBe('completed');
  });

  it('Anthropic outputs are assignable to @anthropic-ai/sdk types', () => {
    expectTypeOf(check<Relaxed<Anthropic.Message>>()<AnthropicMessagesResponse>).toBeFunction();
    expectTypeOf(
      check<Relaxed<Anthropic.RawMessageStreamEvent> | { type: 'ping' } | { type: 'error'; error: { type: string; message: string } }>()<AnthropicStreamEvent>,
    ).toBeFunction();
    const converted = convertResponse('openai.chat_completions', 'anthropic.messages', {
      id: 'chatcmpl-1',
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
    });
    const typed: Relaxed<Anthropic.Message> = converted;
    expect(typed.stop_reason).toBe('end_turn');
  });
});
