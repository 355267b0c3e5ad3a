// Every recorded sample in /work/shared/fixtures/endpoint-samples, converted in each direction it
// applies to (requests, whole responses, streams), with round trips where the conversion is lossless.
import { describe, expect, it } from 'vitest';
import type { FormatId, NormalizedUsage } from '../src/index.js';
import { convertRequest, convertResponse, createConversionContext, usageFromAnthropic, usageFromChat, usageFromResponses } from '../src/index.js';
import type { Summary } from './helpers.js';
import { fixtureFormat, fixtureNames, fixtureSse, loadFixture, readSse, runStream, summarize } from './helpers.js';

const FORMATS: FormatId[] = ['anthropic.messages', 'openai.chat_completions', 'openai.responses'];
const others = (format: FormatId) => FORMATS.filter((f) => f !== format);
const names = fixtureNames();
const streamNames = names.filter((name) => name.endsWith('_stream'));
const bodyNames = names.filter((name) => !name.endsWith('_stream'));

function usageOf(format: FormatId, usage: unknown): NormalizedUsage {
  if (format === 'anthropic.messages') return usageFromAnthropic(usage);
  if (format === 'openai.chat_completions') return usageFromChat(usage);
  return usageFromResponses(usage);
}

/** What a recorded stream says, read straight from its own final events. */
function expectedFromRecording(name: string): Summary & { normalized: NormalizedUsage } {
  const fixture = loadFixture(name);
  const events = (fixture.response.events ?? []).filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Record<string, unknown>);
  if (fixtureFormat(name) === 'openai.responses') {
    const response = events.at(-1)!['response'] as { output: Record<string, unknown>[]; usage: unknown; status: string };
    return {
      text: response.output.filter((i) => i['type'] === 'message').flatMap((i) => (i['content'] as { text: string }[]).map((p) => p.text)).join(''),
      thinking: response.output.filter((i) => i['type'] === 'reasoning').flatMap((i) => (i['summary'] as { text: string }[]).map((p) => p.text)).join('\n\n'),
      tools: response.output.filter((i) => i['type'] === 'function_call').map((i) => ({ id: i['call_id'] as string, name: i['name'] as string, input: JSON.parse(i['arguments'] as string) as unknown })),
      stop: response.status,
      usage: response.usage as Record<string, unknown>,
      normalized: usageFromResponses(response.usage),
    };
  }
  const aggregated = (fixture.response as unknown as { summary: { aggregated_response: { content: Record<string, unknown>[]; stop_reason: string } } }).summary.aggregated_response;
  const start = events.find((e) => e['type'] === 'message_start')!['message'] as { usage: Record<string, unknown> };
  const delta = events.find((e) => e['type'] === 'message_delta')!['usage'] as Record<string, unknown>;
  return {
    text: aggregated.content.filter((b) => b['type'] === 'text').map((b) => b['text'] as string).join(''),
    thinking: '',
    tools: aggregated.content.filter((b) => b['type'] === 'tool_use').map((b) => ({ id: b['id'] as string, name: b['name'] as string, input: b['input'] })),
    stop: aggregated.stop_reason,
    usage: delta,
    normalized: usageFromAnthropic({ ...start.usage, ...delta }),
  };
}

describe('recorded streams, converted to every other format', () => {
  for (const name of streamNames) {
    const source = fixtureFormat(name);
    const expected = expectedFromRecording(name);
    for (const target of others(source)) {
      it(`${name}: ${source} → ${target} keeps text, thinking, tool calls and usage`, () => {
        const { text, converter } = runStream(source, target, fixtureSse(loadFixture(name)));
        const got = summarize(target, text);
        expect(got.text).toBe(expected.text);
        expect(got.thinking).toBe(expected.thinking);
        expect(got.tools).toEqual(expected.tools);
        // Anthropic usage has no reasoning-token field in the formats.md vectors: it is not carried.
        const carried = target === 'anthropic.messages' ? { ...expected.normalized, reasoningTokens: 0 } : expected.normalized;
        expect(usageOf(target, got.usage)).toEqual(carried);
        expect(converter.usage).toEqual(expected.normalized);
        expect(converter.finished).toBe(true);
        expect(converter.model).toMatch(/^(claude|gpt)/);
        expect(text.includes('[DONE]')).toBe(target === 'openai.chat_completions');
      });
    }
    it(`${name}: passthrough re-emits the bytes and tracks usage`, () => {
      const input = fixtureSse(loadFixture(name));
      const { text, converter } = runStream(source, source, input);
      expect(text).toBe(input);
      expect(converter.usage).toEqual(expected.normalized);
      expect(converter.finished).toBe(true);
    });
  }

  it('claude_messages_tools_stream → responses: function calls at output_index 1 and 2 after the message (ST3)', () => {
    const events = readSse(runStream('anthropic.messages', 'openai.responses', fixtureSse(loadFixture('claude_messages_tools_stream'))).text).map((e) => e.json!);
    const done = events.filter((e) => e['type'] === 'response.output_item.done').map((e) => [e['output_index'], (e['item'] as Record<string, unknown>)['type'], (e['item'] as Record<string, unknown>)['call_id']]);
    expect(done).toEqual([
      [0, 'message', undefined],
      [1, 'function_call', 'toolu_01V8FdsLpokGb6tJ3okwkSDe'],
      [2, 'function_call', 'toolu_01LaXuzSn9P2JiYc1U99SZRv'],
    ]);
    const completed = events.at(-1)!['response'] as { usage: Record<string, number>; output: { arguments?: string }[] };
    expect(completed.usage).toMatchObject({ input_tokens: 572, output_tokens: 186, total_tokens: 758 });
    expect(JSON.parse(completed.output[1]!.arguments!)).toEqual({ location: 'New York' });
  });

  it('codex_responses_tools_stream → chat: tool ids are the call_ ids, never fc_ (ST6)', () => {
    const text = runStream('openai.responses', 'openai.chat_completions', fixtureSse(loadFixture('codex_responses_tools_stream'))).text;
    const tools = summarize('openai.chat_completions', text).tools;
    expect(tools.map((t) => t.id)).toEqual(['call_eUSoRaSdhGFRVK4PMkXefkGK', 'call_8PVI0M8Z0FET0LRZJAvSjCHa']);
    expect(text).not.toContain('"id":"fc_');
  });

  it('codex_responses_thinking_stream → chat: each summary part appears exactly once (B4)', () => {
    const fixture = loadFixture('codex_responses_thinking_stream');
    const text = runStream('openai.responses', 'openai.chat_completions', fixtureSse(fixture)).text;
    const content = summarize('openai.chat_completions', text);
    const parts = expectedFromRecording('codex_responses_thinking_stream').thinking.split('\n\n**');
    expect(parts).toHaveLength(2);
    const whole = readSse(text)
      .map((e) => ((e.json?.['choices'] as { delta: { content?: string } }[] | undefined)?.[0]?.delta.content ?? ''))
      .join('');
    for (const part of parts) expect(whole.split(part.replace(/^\*\*/, '')).length - 1).toBe(1);
    expect(whole.match(/<thinking>/g)).toHaveLength(1);
    expect(content.text.startsWith('- Factorial')).toBe(true);
  });
});

describe('chat streams (made from the recordings) → anthropic and responses', () => {
  for (const name of streamNames) {
    const source = fixtureFormat(name);
    const expected = expectedFromRecording(name);
    const chatStream = (includeUsage: boolean) =>
      runStream(source, 'openai.chat_completions', fixtureSse(loadFixture(name)), createConversionContext('openai.chat_completions', source, { messages: [], stream_options: { include_usage: includeUsage } })).text;
    for (const target of ['anthropic.messages', 'openai.responses'] as const) {
      it(`${name} → chat → ${target} is lossless for text, thinking, tools and usage`, () => {
        const { text, converter } = runStream('openai.chat_completions', target, chatStream(true));
        const got = summarize(target, text);
        expect(got.text).toBe(expected.text);
        expect(got.thinking).toBe(expected.thinking);
        expect(got.tools).toEqual(expected.tools);
        const normalized = usageOf(target, got.usage);
        // Chat has no cache-creation field: creation tokens come back as input tokens.
        expect(normalized.inputTokens + normalized.cacheCreationTokens).toBe(expected.normalized.inputTokens + expected.normalized.cacheCreationTokens);
        expect(normalized.cacheReadTokens).toBe(expected.normalized.cacheReadTokens);
        expect(normalized.outputTokens).toBe(expected.normalized.outputTokens);
        expect(converter.finished).toBe(true);
      });
    }
  }
});

describe('recorded requests', () => {
  for (const name of bodyNames) {
    const fixture = loadFixture(name);
    const source = fixtureFormat(name);
    const payload = fixture.request.payload;
    for (const target of others(source)) {
      it(`${name}: ${source} request → ${target}`, () => {
        const { body, context } = convertRequest(source, target, payload);
        expect(body['model']).toBe(payload['model']);
        expect(context.from).toBe(source);
        const toolNames = (tools: unknown) => ((tools as Record<string, unknown>[] | undefined) ?? []).map((t) => (t['function'] as { name?: string } | undefined)?.name ?? t['name']);
        expect(toolNames(body['tools'])).toEqual(toolNames(payload['tools']));
        // and back again: lossless for these requests
        const back = convertRequest(target, source, body).body;
        if (source === 'anthropic.messages') {
          const { stream: _stream, ...rest } = payload;
          expect(back).toEqual(payload['stream'] === true ? payload : rest);
        } else {
          expect(back['model']).toBe(payload['model']);
          expect(toolNames(back['tools'])).toEqual(toolNames(payload['tools']));
          const text = (input: unknown) => JSON.stringify(input).match(/(?<="(?:text|content)":")[^"]+/g);
          expect(text(back['input'])).toEqual(text(payload['input']));
          if (target === 'openai.chat_completions') {
            // lossless through Chat; through Anthropic, structured output becomes a system-prompt
            // instruction and the effort a thinking budget (documented lossy points)
            expect((back['text'] as { format?: unknown } | undefined)?.format).toEqual((payload['text'] as { format?: unknown } | undefined)?.format);
            expect((back['reasoning'] as { effort?: unknown } | undefined)?.effort).toEqual((payload['reasoning'] as { effort?: unknown } | undefined)?.effort);
          } else if (payload['text'] !== undefined) {
            expect(String(body['system'])).toContain('Single-word response to the math question.');
          }
        }
      });
    }
  }
});

describe('recorded whole responses', () => {
  for (const name of bodyNames) {
    const fixture = loadFixture(name);
    const source = fixtureFormat(name);
    const body = fixture.response.body!;
    for (const target of others(source)) {
      it(`${name}: ${source} response → ${target} and back`, () => {
        const converted = convertResponse(source, target, body);
        const back = convertResponse(target, source, converted);
        if (source === 'anthropic.messages') {
          expect(back['content']).toEqual(body['content']);
          expect(back['stop_reason']).toBe(body['stop_reason']);
          expect(usageFromAnthropic(back['usage'])).toEqual(usageFromAnthropic(body['usage']));
        } else {
          const kinds = (output: unknown) =>
            (output as Record<string, unknown>[])
              .filter((item) => item['type'] !== 'reasoning' || (item['summary'] as unknown[]).length > 0)
              .map((item) => [item['type'], item['call_id'] ?? null, item['name'] ?? null, item['arguments'] ?? null, JSON.stringify(item['content'] ?? item['summary'])]);
          const strip = (rows: unknown[][]) => rows.map((row) => row.slice(0, 4));
          expect(strip(kinds(back['output']))).toEqual(strip(kinds(body['output'])));
          // several summary parts come back as one, joined by a blank line (documented lossy point)
          const texts = (output: unknown) => (JSON.stringify(output).match(/(?<="text":")(?:[^"\\]|\\.)+/g) ?? []).join('\\n\\n');
          expect(texts(back['output'])).toEqual(texts(body['output']));
        }
      });
    }
  }
  it('codex_responses_thinking → chat puts both summaries in one <thinking> block before the answer', () => {
    const out = convertResponse('openai.responses', 'openai.chat_completions', loadFixture('codex_responses_thinking').response.body);
    const content = out.choices[0]!.message.content!;
    expect(content.startsWith('<thinking>**Providing factorial explanation**')).toBe(true);
    expect(content).toContain('guidelines.\n\n**Providing factorial result**');
    expect(content.endsWith('</thinking>The factorial of 5 is 120.\nQuick check: 5! = 5 × 4 × 3 × 2 × 1 = 120.')).toBe(true);
  });
  it('codex_responses_tools → anthropic keeps both tool calls with their call ids', () => {
    const out = convertResponse('openai.responses', 'anthropic.messages', loadFixture('codex_responses_tools').response.body);
    expect(out.stop_reason).toBe('tool_use');
    expect(out.content.map((b) => [b.type, b['id']])).toEqual([
      ['tool_use', 'call_FHmj5yRZmCPk0NddEKOrtbPh'],
      ['tool_use', 'call_lC5lxjZjj8b63LbRm7fyCWn5'],
    ]);
  });
  it('claude_messages_tools → chat → anthropic keeps tool ids so tool results match', () => {
    const body = loadFixture('claude_messages_tools').response.body!;
    const chat = convertResponse('anthropic.messages', 'openai.chat_completions', body);
    expect(chat.choices[0]!.message.tool_calls!.map((c) => c.id)).toEqual(['toolu_01DE6pD1c6qGRUrZr6FTd5yQ', 'toolu_014h4Nr4a8mhDMKRjj745d4h']);
    expect(chat.choices[0]!.finish_reason).toBe('tool_calls');
  });
});
