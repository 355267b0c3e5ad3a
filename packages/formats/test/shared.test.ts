// formats.md §11.1: identifiers, usage and thinking helpers; plus the §4 tables they rest on.
import { describe, expect, it } from 'vitest';
import {
  clampCallId,
  ensureIdentifier,
  splitThinkingXml,
  stripBillingHeader,
  thinkingToXml,
  toChatUsage,
  toResponsesUsage,
  toAnthropicUsage,
  usageFromAnthropic,
  usageFromChat,
  usageFromResponse,
  usageFromResponses,
} from '../src/index.js';
import { applyThinkingBudget, clampChatEffort, effortToBudget, thinkingToEffort } from '../src/shared/reasoning.js';
import { ThinkingTagSplitter } from '../src/shared/thinking-tag-splitter.js';
import { parseArgumentsLenient, stringifyArguments } from '../src/shared/tool-arguments.js';
import {
  anthropicStopToChatFinish,
  chatFinishToAnthropicStop,
  responsesToAnthropicStop,
  responsesToChatFinish,
} from '../src/shared/stop-reasons.js';

describe('§11.1 identifiers', () => {
  it('keeps an id that already has the prefix', () => {
    expect(ensureIdentifier('resp', 'resp_abc')).toEqual(['resp_abc', 'abc']);
  });
  it('re-prefixes a resp_ id', () => {
    expect(ensureIdentifier('msg', 'resp_abc')).toEqual(['msg_abc', 'abc']);
  });
  it('takes the suffix after the first underscore', () => {
    expect(ensureIdentifier('msg', 'msg_x_y')).toEqual(['msg_x_y', 'x_y']);
  });
  it('makes a random 32-hex id otherwise', () => {
    const [id, suffix] = ensureIdentifier('resp', 'msg_01ABC');
    expect(suffix).toMatch(/^[0-9a-f]{32}$/);
    expect(id).toBe(`resp_${suffix}`);
    expect(ensureIdentifier('resp', 'msg_01ABC')[1]).not.toBe(suffix);
  });
  it('clamps call ids longer than 64 characters to call_<sha1>', () => {
    expect(clampCallId(`toolu_${'a'.repeat(64)}`)).toBe('call_cacc5dac2db18ec72b55ec626daa928fc0225d9b');
    expect(clampCallId('toolu_01')).toBe('toolu_01');
    expect(clampCallId('x'.repeat(64))).toBe('x'.repeat(64));
  });
});

describe('§11.1 usage', () => {
  it('Anthropic → Chat adds cached tokens to prompt_tokens', () => {
    const usage = toChatUsage(usageFromAnthropic({ input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 }));
    expect(usage).toMatchObject({ prompt_tokens: 140, completion_tokens: 50, total_tokens: 190, prompt_tokens_details: { cached_tokens: 30 } });
  });
  it('Anthropic cache_creation breakdown counts as input, not as cached (→ Responses)', () => {
    const usage = toResponsesUsage(usageFromAnthropic({ input_tokens: 5, output_tokens: 1, cache_creation: { ephemeral_5m_input_tokens: 7, ephemeral_1h_input_tokens: 3 } }));
    expect(usage.input_tokens).toBe(15);
    expect(usage.input_tokens_details.cached_tokens).toBe(0);
    expect(usage.total_tokens).toBe(16);
  });
  const responsesUsage = { input_tokens: 100, input_tokens_details: { cached_tokens: 40 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 130 };
  it('Responses → Chat keeps cached and reasoning tokens', () => {
    expect(toChatUsage(usageFromResponses(responsesUsage))).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 30,
      total_tokens: 130,
      prompt_tokens_details: { cached_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });
  it('Responses → Anthropic subtracts cached tokens from input', () => {
    expect(toAnthropicUsage(usageFromResponses(responsesUsage))).toEqual({
      input_tokens: 60,
      output_tokens: 30,
      cache_read_input_tokens: 40,
      cache_creation_input_tokens: 0,
    });
  });
  it('Chat → Anthropic subtracts cached tokens; total is recomputed, never copied', () => {
    const normalized = usageFromChat({ prompt_tokens: 20, completion_tokens: 10, total_tokens: 999, prompt_tokens_details: { cached_tokens: 5 } });
    expect(normalized).toEqual({ inputTokens: 15, outputTokens: 10, cacheReadTokens: 5, cacheCreationTokens: 0, reasoningTokens: 0 });
    expect(toChatUsage(normalized).total_tokens).toBe(30);
  });
  it('missing numbers count as 0 and garbage does not throw', () => {
    expect(usageFromAnthropic(undefined)).toEqual({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0, reasoningTokens: 0 });
    expect(usageFromChat({ prompt_tokens: 'x' })).toMatchObject({ inputTokens: 0 });
  });
  it('usageFromResponse reads each format, and undefined without usage', () => {
    expect(usageFromResponse('anthropic.messages', { usage: { input_tokens: 3, output_tokens: 4 } })).toMatchObject({ inputTokens: 3, outputTokens: 4 });
    expect(usageFromResponse('openai.chat_completions', { usage: { prompt_tokens: 3, completion_tokens: 4 } })).toMatchObject({ inputTokens: 3, outputTokens: 4 });
    expect(usageFromResponse('openai.responses', { response: { usage: { input_tokens: 3, output_tokens: 4 } } })).toMatchObject({ inputTokens: 3 });
    expect(usageFromResponse('openai.responses', { id: 'x' })).toBeUndefined();
    expect(usageFromResponse('anthropic.messages', 'nope')).toBeUndefined();
  });
});

describe('§11.1 thinking XML and system prompt cleaning', () => {
  it('serialises with and without a signature', () => {
    expect(thinkingToXml({ thinking: 'Hmm', signature: 'sig' })).toBe('<thinking signature="sig">Hmm</thinking>');
    expect(thinkingToXml({ thinking: 'Hmm', signature: '  ' })).toBe('<thinking>Hmm</thinking>');
    expect(thinkingToXml({ thinking: 'x', signature: 'a"b' })).toBe('<thinking signature="a&quot;b">x</thinking>');
  });
  it('splits text and thinking segments', () => {
    expect(splitThinkingXml('A<thinking signature="s">T</thinking>B')).toEqual([
      { type: 'text', text: 'A' },
      { type: 'thinking', thinking: 'T', signature: 's' },
      { type: 'text', text: 'B' },
    ]);
  });
  it('joins adjacent thinking segments with the same signature by a blank line', () => {
    expect(splitThinkingXml('<thinking>a</thinking><thinking>b</thinking>')).toEqual([{ type: 'thinking', thinking: 'a\n\nb', signature: '' }]);
  });
  it('strips billing header lines', () => {
    expect(stripBillingHeader('x-anthropic-billing-header: cc_version=1; cch=9f;\nYou are terse.')).toBe('You are terse.');
    expect(stripBillingHeader('  X-Anthropic-Billing-Header: a\n')).toBe('');
  });
});

describe('incremental thinking tag splitter', () => {
  const run = (chunks: string[]): string[] => {
    const splitter = new ThinkingTagSplitter();
    const out: string[] = [];
    const sink = {
      text: (t: string) => out.push(`T:${t}`),
      thinking: (t: string) => out.push(`K:${t}`),
      open: (s: string) => out.push(`OPEN:${s}`),
      close: () => out.push('CLOSE'),
    };
    for (const chunk of chunks) splitter.push(chunk, sink);
    splitter.flush(sink);
    // merge adjacent same-kind pieces so chunking does not matter
    const merged: string[] = [];
    for (const piece of out) {
      const last = merged[merged.length - 1];
      if (last && last.slice(0, 2) === piece.slice(0, 2) && (piece.startsWith('T:') || piece.startsWith('K:'))) merged[merged.length - 1] = last + piece.slice(2);
      else merged.push(piece);
    }
    return merged;
  };
  const text = 'Hi <thinking signature="abc">deep < thought</thinking> done <b>';
  const expected = ['T:Hi ', 'OPEN:abc', 'K:deep < thought', 'CLOSE', 'T: done <b>'];
  it('finds tags in one chunk', () => expect(run([text])).toEqual(expected));
  it('finds tags split at every position', () => {
    for (let i = 1; i < text.length; i++) expect(run([text.slice(0, i), text.slice(i)])).toEqual(expected);
  });
  it('finds tags in 1-character chunks, case-insensitively', () => {
    expect(run([...'a<THINKING>b</Thinking>c'])).toEqual(['T:a', 'OPEN:', 'K:b', 'CLOSE', 'T:c']);
  });
  it('releases a held partial tag at the end', () => expect(run(['x <think'])).toEqual(['T:x <think']));
});

describe('§4.3 stop/finish mapping, §4.5 arguments, §4.7 effort ⇄ budget', () => {
  it('maps stop reasons both ways ([Rec] refusal ⇄ content_filter)', () => {
    expect(anthropicStopToChatFinish('end_turn')).toBe('stop');
    expect(anthropicStopToChatFinish('max_tokens')).toBe('length');
    expect(anthropicStopToChatFinish('tool_use')).toBe('tool_calls');
    expect(anthropicStopToChatFinish('refusal')).toBe('content_filter');
    expect(anthropicStopToChatFinish(null)).toBe('stop');
    expect(chatFinishToAnthropicStop('content_filter')).toBe('refusal');
    expect(chatFinishToAnthropicStop('function_call')).toBe('tool_use');
    expect(chatFinishToAnthropicStop(undefined)).toBe('end_turn');
    expect(responsesToChatFinish(false, 'incomplete', 'max_output_tokens')).toBe('length');
    expect(responsesToChatFinish(true, 'incomplete', 'max_output_tokens')).toBe('tool_calls');
    expect(responsesToAnthropicStop(false, 'incomplete', 'content_filter')).toBe('refusal');
  });
  it('parses arguments leniently and stringifies compactly', () => {
    expect(parseArgumentsLenient('')).toEqual({});
    expect(parseArgumentsLenient('  ')).toEqual({});
    expect(parseArgumentsLenient('{oops')).toEqual({ arguments: '{oops' });
    expect(parseArgumentsLenient('[1]')).toEqual({ arguments: '[1]' });
    expect(parseArgumentsLenient('{"a":1}')).toEqual({ a: 1 });
    expect(stringifyArguments({ city: 'Paris' })).toBe('{"city":"Paris"}');
    expect(stringifyArguments(undefined)).toBe('{}');
  });
  it('never budgets under Anthropic’s 1024 minimum', () => {
    expect(effortToBudget('minimal')).toBeUndefined();
    expect(effortToBudget('low')).toBe(1024);
    expect(effortToBudget('medium')).toBe(5000);
    expect(effortToBudget(' HIGH ')).toBe(10000);
    const body: Record<string, unknown> = { max_tokens: 100, temperature: 0.2, top_k: 5, top_p: 0.5, tool_choice: { type: 'any' } };
    applyThinkingBudget(body, 10);
    expect(body).toEqual({ max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, top_p: 0.95, tool_choice: { type: 'auto' } });
  });
  it('maps budgets and clamps efforts', () => {
    expect(thinkingToEffort({ type: 'enabled', budget_tokens: 2000 })).toBe('low');
    expect(thinkingToEffort({ type: 'enabled', budget_tokens: 8000 })).toBe('medium');
    expect(thinkingToEffort({ type: 'enabled', budget_tokens: 20000 })).toBe('high');
    expect(thinkingToEffort({ type: 'adaptive' })).toBe('medium');
    expect(thinkingToEffort({ type: 'disabled' })).toBeUndefined();
    expect(clampChatEffort('xhigh')).toBe('high');
    expect(clampChatEffort('none')).toBe('minimal');
  });
});
