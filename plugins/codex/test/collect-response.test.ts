import { describe, expect, it } from 'vitest';
import { loadSample } from '@ccproxy/testkit';
import { collectResponse } from '../src/response/collect-response.js';

async function* chunks(text: string, size = 7): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
const sse = (events: { event?: string; data: string }[]) => events.map((event) => `${event.event ? `event: ${event.event}\n` : ''}data: ${event.data}\n\n`).join('');

describe('collectResponse', () => {
  it('rebuilds the final response from response.completed, whatever the chunking', async () => {
    const sample = loadSample('codex_responses_tools_stream');
    const collected = await collectResponse(chunks(sse(sample.response.events ?? []), 13));
    expect(collected.terminated).toBe(true);
    expect(collected.failure).toBeUndefined();
    const response = collected.response!;
    expect(response['status']).toBe('completed');
    expect((response['output'] as { type: string }[]).map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    expect(response['usage']).toMatchObject({ input_tokens: 2354, output_tokens: 342 });
  });

  it('fills the defaults and rebuilds output from output_item.done when the terminal event has none', async () => {
    const events = [
      { data: JSON.stringify({ type: 'response.created', response: { id: 'resp_1', output: null } }) },
      { data: JSON.stringify({ type: 'response.output_item.done', output_index: 1, item: { type: 'message', id: 'm2' } }) },
      { data: JSON.stringify({ type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', id: 'r1' } }) },
      { event: 'response.completed', data: JSON.stringify({ response: { id: 'resp_1', output: [] } }) },
    ];
    const { response } = await collectResponse(chunks(sse(events)));
    expect(response).toEqual({ id: 'resp_1', created_at: 0, status: 'completed', model: '', parallel_tool_calls: false, output: [{ type: 'reasoning', id: 'r1' }, { type: 'message', id: 'm2' }] });
  });

  it('reports response.failed and error events', async () => {
    const failed = await collectResponse(chunks(sse([{ data: JSON.stringify({ type: 'response.failed', response: { id: 'r', error: { code: 'server_error', message: 'boom' } } }) }])));
    expect(failed.failure).toMatchObject({ code: 'server_error', message: 'boom' });
    const error = await collectResponse(chunks(sse([{ event: 'error', data: JSON.stringify({ type: 'error', code: 'rate_limit_exceeded', message: 'slow' }) }])));
    expect(error.failure).toMatchObject({ code: 'rate_limit_exceeded', message: 'slow' });
  });

  it('says when the stream carried nothing or never finished', async () => {
    expect(await collectResponse(chunks(''))).toEqual({ response: undefined, failure: undefined, terminated: false });
    const partial = await collectResponse(chunks(sse([{ data: JSON.stringify({ type: 'response.created', response: { id: 'r' } }) }])));
    expect(partial.terminated).toBe(false);
  });
});

describe('collectResponse without SSE', () => {
  it('accepts one JSON Responses object (a backend that did not stream)', async () => {
    const body = JSON.stringify({ id: 'resp_9', object: 'response', status: 'completed', output: [{ type: 'message', content: [] }], usage: { input_tokens: 1, output_tokens: 2 } });
    const collected = await collectResponse(chunks(body, 50));
    expect(collected.terminated).toBe(true);
    expect(collected.response).toMatchObject({ id: 'resp_9', model: '', created_at: 0, usage: { output_tokens: 2 } });
  });
  it('reads a JSON error body as a failure, and anything else as nothing', async () => {
    expect((await collectResponse(chunks('{"error":{"code":"server_error","message":"x"}}'))).failure).toMatchObject({ code: 'server_error', message: 'x' });
    expect((await collectResponse(chunks('<html>bad gateway</html>'))).response).toBeUndefined();
  });
});
