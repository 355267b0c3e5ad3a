// formats.md §11.6 SSE framing, plus the incremental parser's edge cases.
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/index.js';
import { createSseParser, createStreamConverter, serializeSse } from '../src/index.js';
import { rechunk } from './helpers.js';

function parseAll(chunks: (string | Uint8Array)[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return events;
}

describe('§11.6 parse', () => {
  it('fills type from the event name', () => {
    const converter = createStreamConverter('anthropic.messages', 'anthropic.messages');
    expect(parseAll(['event: content_block_delta\ndata: {"index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n'])).toEqual([
      { event: 'content_block_delta', data: '{"index":0,"delta":{"type":"text_delta","text":"Hi"}}' },
    ]);
    // and the converters see `type` from the event name when the JSON lacks it
    const out = createStreamConverter('anthropic.messages', 'openai.chat_completions');
    const text = out.push('event: message_start\ndata: {"message":{"id":"msg_1","model":"m","usage":{}}}\n\nevent: content_block_start\ndata: {"index":0,"content_block":{"type":"text","text":""}}\n\nevent: content_block_delta\ndata: {"index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n');
    expect(text).toContain('"content":"Hi"');
    expect(converter.push('x')).toBe('x');
  });
  it('joins multi-line data with "\\n", and converters fall back to joining without it', () => {
    expect(parseAll(['data: {"a":\ndata: 1}\n\n'])).toEqual([{ data: '{"a":\n1}' }]);
    const converter = createStreamConverter('openai.chat_completions', 'anthropic.messages');
    const text = converter.push('data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"sp\ndata: lit"}}]}\n\n') + converter.end();
    expect(text).toContain('"text":"split"');
  });
  it('gives nothing for [DONE] to the converters and nothing for comments', () => {
    expect(parseAll([': keep-alive\n\n'])).toEqual([]);
    expect(parseAll(['data: [DONE]\n\n'])).toEqual([{ data: '[DONE]' }]);
  });
  it('delivers an event split across two reads once', () => {
    expect(parseAll(['data: {"x"', ':1}\n\n'])).toEqual([{ data: '{"x":1}' }]);
  });
  it('handles CRLF, CR, a CR split from its LF, BOM, ids and value-less fields', () => {
    const expected = [{ event: 'a', data: '1' }, { data: '2' }];
    expect(parseAll(['event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n'])).toEqual(expected);
    expect(parseAll(['event: a\rdata: 1\r\rdata: 2\r\r'])).toEqual(expected);
    expect(parseAll(['event: a\r', '\ndata: 1\r', '\n\r', '\ndata: 2\r\n\r\n'])).toEqual(expected);
    expect(parseAll(['\uFEFFdata:x\n\n'])).toEqual([{ data: 'x' }]);
    expect(parseAll(['id: 7\ndata: y\n\ndata\n\ndata: z\n\n'])).toEqual([{ data: 'y', id: '7' }, { data: 'z', id: '7' }]);
  });
  it('decodes UTF-8 split inside a character, at every byte position', () => {
    const bytes = new TextEncoder().encode('data: {"t":"héllo 🌍 ✓"}\n\n');
    for (let i = 1; i < bytes.length; i++) {
      expect(parseAll([bytes.subarray(0, i), bytes.subarray(i)])).toEqual([{ data: '{"t":"héllo 🌍 ✓"}' }]);
    }
    expect(parseAll(rechunk(bytes, 7, 1))).toEqual([{ data: '{"t":"héllo 🌍 ✓"}' }]);
  });
  it('parses a long line fed in 1-byte chunks (speed: see bench/formats)', () => {
    const long = 'x'.repeat(200_000);
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    const input = `data: ${long}\n\n`;
    for (let i = 0; i < input.length; i++) parser.push(input[i]!);
    parser.end();
    expect(events).toEqual([{ data: long }]);
  });
  it('delivers a final event without its blank line at end of input', () => {
    expect(parseAll(['data: last'])).toEqual([{ data: 'last' }]);
  });
});

describe('§11.6 serialise', () => {
  it('writes event + data lines, splitting multi-line data', () => {
    expect(serializeSse({ event: 'message_stop', data: '{"type":"message_stop"}' })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    expect(serializeSse({ data: '{"a":1}' })).toBe('data: {"a":1}\n\n');
    expect(serializeSse({ data: 'a\nb' })).toBe('data: a\ndata: b\n\n');
  });
  it('ends Anthropic and Responses streams without [DONE], Chat streams with it', () => {
    const anthropic = createStreamConverter('openai.chat_completions', 'anthropic.messages');
    anthropic.push('data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}]}\n\n');
    const end = anthropic.end();
    expect(end.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
    expect(end).not.toContain('[DONE]');
    const responses = createStreamConverter('anthropic.messages', 'openai.responses');
    responses.push('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{}}}\n\n');
    const responsesEnd = responses.end();
    expect(responsesEnd).toContain('event: response.completed\n');
    expect(responsesEnd).not.toContain('[DONE]');
    const chat = createStreamConverter('anthropic.messages', 'openai.chat_completions');
    chat.push('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{}}}\n\n');
    expect(chat.end().endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('passthrough (same format) streams', () => {
  it('re-emit the bytes unchanged while reading usage, model and the end', () => {
    const input = 'event: message_start\r\ndata: {"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":5,"cache_read_input_tokens":2,"output_tokens":1}}}\r\n\r\n: c\r\n\r\nevent: message_delta\r\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}\r\n\r\nevent: message_stop\r\ndata: {"type":"message_stop"}\r\n\r\n';
    const bytes = new TextEncoder().encode(input);
    const converter = createStreamConverter('anthropic.messages', 'anthropic.messages');
    let out = '';
    for (const chunk of rechunk(bytes, 3, 5)) out += converter.push(chunk);
    out += converter.end();
    expect(out).toBe(input);
    expect(converter.usage).toEqual({ inputTokens: 5, outputTokens: 9, cacheReadTokens: 2, cacheCreationTokens: 0, reasoningTokens: 0 });
    expect(converter.model).toBe('claude-x');
    expect(converter.finished).toBe(true);
  });
  it('chat passthrough reads the usage chunk and adds [DONE] only when missing', () => {
    const body = 'data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}\n\ndata: {"id":"c","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":4}}}\n\n';
    const withDone = createStreamConverter('openai.chat_completions', 'openai.chat_completions');
    expect(withDone.push(`${body}data: [DONE]\n\n`) + withDone.end()).toBe(`${body}data: [DONE]\n\n`);
    expect(withDone.usage).toMatchObject({ inputTokens: 5, cacheReadTokens: 4, outputTokens: 2 });
    expect(withDone.model).toBe('gpt-4o');
    expect(withDone.finished).toBe(true);
    const withoutDone = createStreamConverter('openai.chat_completions', 'openai.chat_completions');
    expect(withoutDone.push(body) + withoutDone.end()).toBe(`${body}data: [DONE]\n\n`);
    expect(withoutDone.finished).toBe(false);
  });
});
