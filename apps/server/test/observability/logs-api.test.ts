import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers.js';
import { observedProxies, postJson, startObserved, waitForRows } from './observed-proxy.js';

const observed = observedProxies();

interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Reads SSE events from a fetch body; `until` waits for a condition on everything read so far. */
function sseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  return {
    events,
    async until(done: (seen: SseEvent[]) => boolean, timeoutMs = 3000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (!done(events) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<{ done: true; value: undefined }>((resolve) => setTimeout(() => resolve({ done: true, value: undefined }), Math.max(1, deadline - Date.now())))]);
        if (chunk.done) continue;
        buffer += decoder.decode(chunk.value, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event: SseEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data += line.slice(6);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith(':')) event.event = 'comment';
          }
          events.push(event);
        }
      }
      return events;
    },
  };
}

describe('/logs API', () => {
  it('is behind the proxy access token (x-api-key or Bearer), stream included', async () => {
    const proxy = await observed({ settings: { security: { auth_token: 'sekrit-token' } } });
    for (const path of ['/logs/query', '/logs/analytics', '/logs/health', '/logs/stream']) {
      const response = await fetch(`${proxy.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
    }
    expect((await fetch(`${proxy.url}/logs/reset`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${proxy.url}/logs/query`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${proxy.url}/logs/query`, { headers: { 'x-api-key': 'sekrit-token' } })).status).toBe(200);
    expect((await fetch(`${proxy.url}/logs/query`, { headers: { authorization: 'Bearer sekrit-token' } })).status).toBe(200);
    // The refused stream never subscribed.
    const health = await (await fetch(`${proxy.url}/logs/health`, { headers: { 'x-api-key': 'sekrit-token' } })).json() as { stream: { subscribers: number } };
    expect(health.stream.subscribers).toBe(0);
  });

  it('answers bad parameters with 400 naming the parameter and the allowed range', async () => {
    const proxy = await observed();
    const cases: [string, RegExp][] = [
      ['/logs/query?limit=x', /^limit: must be an integer from 1 to 1000 \(got "x"\)$/],
      ['/logs/query?limit=0', /^limit: must be an integer from 1 to 1000/],
      ['/logs/query?limit=1001', /^limit: must be an integer from 1 to 1000 \(got "1001"\)$/],
      ['/logs/query?order=sideways', /^order: must be one of asc, desc/],
      ['/logs/query?start_time=yesterday', /^start_time: must be Unix epoch seconds/],
      ['/logs/query?cursor=%25%25%25', /^cursor: invalid cursor/],
      ['/logs/query?streaming=perhaps', /^streaming: must be true or false/],
      ['/logs/query?status_code_min=99', /^status_code_min: must be an integer from 100 to 599/],
      ['/logs/analytics?hours=0', /^hours: must be an integer from 1 to 168 \(got "0"\)$/],
      ['/logs/analytics?hours=169', /^hours: must be an integer from 1 to 168/],
      ['/logs/analytics?bucket=week', /^bucket: must be one of auto, minute, hour, day/],
      ['/logs/stream?min_duration_ms=-1', /^min_duration_ms: must be a number ≥ 0/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await proxy.api<{ error: { type: string; message: string } }>(path);
      expect(status, path).toBe(400);
      expect(body.error.type).toBe('invalid_request_error');
      expect(body.error.message, path).toMatch(message);
    }
    const empty = await proxy.api<{ results: unknown[]; next_cursor: string | null; has_more: boolean }>('/logs/query?order=desc&limit=1&service_type=fake_llm');
    expect(empty.body).toMatchObject({ results: [], next_cursor: null, has_more: false });
  });

  it('rejects a cursor used with the other order', async () => {
    const proxy = await observed();
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    await waitForRows(proxy, 2);
    const page = await proxy.api<{ next_cursor: string; has_more: boolean }>('/logs/query?service_type=fake_llm&limit=1&order=desc');
    expect(page.body.has_more).toBe(true);
    const mismatch = await proxy.api<{ error: { message: string } }>(`/logs/query?limit=1&order=asc&cursor=${page.body.next_cursor}`);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toBe('cursor: does not match order=asc (it was issued for order=desc)');
  });

  it('streams matching rows live over SSE, filters them, and drops the subscription when the client leaves', async () => {
    const proxy = await observed({ analytics: { stream_heartbeat_seconds: 0.2 } });
    const controller = new AbortController();
    const response = await fetch(`${proxy.url}/logs/stream?status_code_min=400&service_type=fake_llm`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const stream = sseReader(response);
    const connected = await stream.until((events) => events.length >= 1);
    expect(connected[0]?.event).toBe('connected');
    expect(JSON.parse(connected[0]?.data ?? '{}')).toMatchObject({ filters: { status_code_min: '400', service_type: 'fake_llm' } });
    await waitFor(async () => (await proxy.api<{ stream: { subscribers: number } }>('/logs/health')).body.stream.subscribers === 1);

    const started = Date.now();
    await postJson(`${proxy.url}/fake/v1/messages`, { model: 'claude-sonnet-4-5' });
    const failed = await postJson(`${proxy.url}/fake/v1/messages`, { model: 'error-me' });
    const failedId = failed.headers.get('x-request-id');
    const events = await stream.until((seen) => seen.some((event) => event.event === 'log'));
    const logs = events.filter((event) => event.event === 'log');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(logs).toHaveLength(1);
    expect(logs[0]?.id).toBe(failedId);
    expect(JSON.parse(logs[0]?.data ?? '{}')).toMatchObject({ request_id: failedId, status_code: 400, error_type: 'invalid_request_error' });
    // Heartbeats keep idle connections open.
    const idle = await stream.until((seen) => seen.some((event) => event.event === 'comment'), 2000);
    expect(idle.some((event) => event.event === 'comment')).toBe(true);
    expect(idle.filter((event) => event.event === 'log')).toHaveLength(1);

    controller.abort();
    await waitFor(async () => (await proxy.api<{ stream: { subscribers: number } }>('/logs/health')).body.stream.subscribers === 0);
  });

  it('ends live streams as soon as the server announces its shutdown (no wait for the grace period)', async () => {
    const proxy = await startObserved({ settings: { server: { shutdown_grace_seconds: 10 } } });
    const response = await fetch(`${proxy.url}/logs/stream`);
    const stream = sseReader(response);
    await stream.until((events) => events.length >= 1);
    const started = Date.now();
    const closing = proxy.close();
    const events = await stream.until((seen) => seen.some((event) => event.event === 'disconnect'), 5000);
    await closing;
    await proxy.home.remove();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(events.at(-1)).toMatchObject({ event: 'disconnect', data: '{"reason":"server_shutdown"}' });
  });

  it('resets: reports how many rows were deleted, the table is empty, new requests are stored again', async () => {
    const proxy = await observed();
    for (let index = 0; index < 4; index++) await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' });
    await waitForRows(proxy, 4);
    const total = (await proxy.api<{ row_count: number }>('/logs/health')).body.row_count;
    const crossSite = await fetch(`${proxy.url}/logs/reset`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const reset = await proxy.api<{ status: string; deleted: number; backend: string }>('/logs/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ status: 'success', backend: 'duckdb' });
    expect(reset.body.deleted).toBeGreaterThanOrEqual(total);
    expect((await proxy.api<{ count: number }>('/logs/query?service_type=fake_llm')).body.count).toBe(0);
    await postJson(`${proxy.url}/fake/v1/chat/completions`, { model: 'gpt-5' });
    expect(await waitForRows(proxy, 1)).toHaveLength(1);
  });

  it('enforces max_rows with the scheduled retention task', async () => {
    const proxy = await observed({ analytics: { max_rows: 5, retention_interval_seconds: 1 } });
    for (let index = 0; index < 12; index++) await postJson(`${proxy.url}/fake/v1/responses`, { model: 'gpt-5' });
    await waitForRows(proxy, 5, 'service_type=fake_llm,system');
    await waitFor(async () => {
      const health = await proxy.api<{ row_count: number; retention: { total_deleted: number } }>('/logs/health');
      return health.body.row_count <= 5 && health.body.retention.total_deleted >= 7;
    }, 8000);
    expect(proxy.logs.some((record) => record.message === 'analytics_retention_deleted_rows')).toBe(true);
  });
});
