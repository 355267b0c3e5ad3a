// createStreamObserver: the same-format fast path where the caller relays the upstream bytes and
// the observer only reads usage, model and the end — it must add nothing but Chat's terminator.
import { describe, expect, it } from 'vitest';
import { createStreamConverter, createStreamObserver } from '../src/index.js';
import { fixtureFormat, fixtureNames, fixtureSse, loadFixture, rechunk } from './helpers.js';

const streamNames = fixtureNames().filter((name) => name.endsWith('_stream'));

describe('createStreamObserver', () => {
  for (const name of streamNames) {
    it(`${name}: reads what the passthrough converter reads, for any chunking, and emits nothing`, () => {
      const format = fixtureFormat(name);
      const sse = fixtureSse(loadFixture(name));
      const reference = createStreamConverter(format, format);
      reference.push(sse);
      reference.end();
      for (const seed of [1, 2, 3]) {
        const observer = createStreamObserver(format);
        expect(observer.forwardsInput).toBe(true);
        let emitted = '';
        for (const chunk of rechunk(new TextEncoder().encode(sse), seed, seed === 1 ? 1 : 60)) emitted += observer.push(chunk);
        expect(emitted).toBe('');
        // A recorded Chat stream already ends with [DONE]: nothing is appended either.
        expect(observer.end()).toBe('');
        expect(observer.usage).toEqual(reference.usage);
        expect(observer.model).toBe(reference.model);
        expect(observer.finished).toBe(true);
      }
    });
  }

  it('appends only the missing [DONE] to a Chat stream cut before it, after a partial event', () => {
    const observer = createStreamObserver('openai.chat_completions');
    expect(observer.push('data: {"id":"c","model":"gpt-5","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: {"choi')).toBe('');
    expect(observer.end()).toBe('\n\ndata: [DONE]\n\n');
    expect(observer.model).toBe('gpt-5');
  });

  it('fails with the format error event, like the converter', () => {
    const observer = createStreamObserver('anthropic.messages');
    observer.push('event: ping\ndata: {"type":"ping"}\n\n');
    const failure = { status: 502, type: 'api_error', message: 'upstream dropped' };
    expect(observer.fail(failure)).toBe(createStreamConverter('anthropic.messages', 'anthropic.messages').fail(failure));
  });

  it('reads the model from response.created, undecoded until asked, when the stream never completes', () => {
    const observer = createStreamObserver('openai.responses');
    const created = 'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"r","model":"gpt-5-codex","instructions":"' + 'x'.repeat(5000) + '"}}\n\n';
    const delta = 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"delta":"hi"}\n\n';
    for (const chunk of rechunk(new TextEncoder().encode(created + delta), 9, 700)) observer.push(chunk);
    expect(observer.end()).toBe('');
    expect(observer.finished).toBe(false);
    expect(observer.model).toBe('gpt-5-codex');
    expect(observer.usage).toBeUndefined();
  });
});
