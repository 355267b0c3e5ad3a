import { afterEach, describe, expect, it } from 'vitest';
import { claudeApi } from '@ccproxy/plugin-claude-api';
import { startFakeAnthropic } from '@ccproxy/testkit';
import { startProxy } from '../helpers.js';
import { ACCESS_TOKEN, LOGIN_HINT, REFRESH_TOKEN, startClaudeHarness, type ClaudeHarness, type HarnessOptions } from './claude-harness.js';

let harness: ClaudeHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
async function start(options: HarnessOptions = {}): Promise<ClaudeHarness> {
  harness = await startClaudeHarness(options);
  return harness;
}

const anthropicBody = { model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] };
const chatBody = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };
const responsesBody = { model: 'gpt-4o', input: 'Hi' };

async function call(h: ClaudeHarness, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${h.url}/claude${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-client' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The 401 of each route, in its client's format, naming the login command. */
async function expectLogin401(h: ClaudeHarness): Promise<void> {
  const anthropic = await call(h, '/v1/messages', anthropicBody);
  expect(anthropic.status).toBe(401);
  expect(anthropic.body).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: expect.stringContaining(LOGIN_HINT) } });
  const chat = await call(h, '/v1/chat/completions', chatBody);
  expect(chat.status).toBe(401);
  expect(chat.body).toMatchObject({ error: { type: 'authentication_error', code: '401', message: expect.stringContaining(LOGIN_HINT) } });
  const responses = await call(h, '/v1/responses', responsesBody);
  expect(responses.status).toBe(401);
  expect(responses.body).toMatchObject({ error: { type: 'authentication_error', message: expect.stringContaining(LOGIN_HINT) } });
  expect(h.upstream.requests).toHaveLength(0);
}

describe('claude_api without usable credentials', () => {
  it('answers 401 in each caller format naming the login command when the file is missing, and health says so', async () => {
    const h = await start({ credentials: false });
    await expectLogin401(h);
    const sdkError = await h.anthropic().messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(sdkError).toMatchObject({ status: 401 });
    const health = (await (await fetch(`${h.url}/plugins/claude_api/health`)).json()) as { status: string; details: { health_check: { status: string; output: string } } };
    expect(health.details.health_check.status).toBe('warn');
    expect(health.details.health_check.output).toContain(LOGIN_HINT);
    expect((await h.summary()).status).toBe(401);
  });

  it('answers 401 for a corrupt credentials file without leaking its content', async () => {
    const h = await start({ credentials: `{"claudeAiOauth": {"accessToken": "${ACCESS_TOKEN}", "refreshToken": "${REFRESH_TOKEN}"` });
    await expectLogin401(h);
    expect(h.logText()).not.toContain(ACCESS_TOKEN);
    expect(h.logText()).not.toContain(REFRESH_TOKEN);
  });

  it('answers 401 when the token expired and the refresh is refused', async () => {
    const h = await start({ credentials: { expiresAt: Date.now() - 60_000 } });
    h.tokens.failWith(400);
    await expectLogin401(h);
    expect(h.tokens.refreshes).toBeGreaterThan(0);
    expect(h.logText()).not.toContain(REFRESH_TOKEN);
  });

  it('answers 401 naming the fix when no credentials provider plugin is active', async () => {
    const upstream = await startFakeAnthropic();
    const proxy = await startProxy({ plugins: [claudeApi], settings: { plugins: { claude_api: { base_url: upstream.url } } } });
    try {
      const response = await fetch(`${proxy.url}/claude/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody) });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(LOGIN_HINT);
      expect(upstream.requests).toHaveLength(0);
      const health = (await (await fetch(`${proxy.url}/plugins/claude_api/health`)).json()) as { details: { health_check: { status: string; output: string } } };
      expect(health.details.health_check).toMatchObject({ status: 'warn', output: expect.stringContaining('oauth_claude') });
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});

describe('claude_api token refresh', () => {
  it('refreshes an expired token exactly once for 20 concurrent requests', async () => {
    const h = await start({ credentials: { expiresAt: Date.now() - 60_000 }, acceptInitialToken: false });
    h.tokens.delayMs = 50;
    const client = h.anthropic();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })));
    expect(results).toHaveLength(20);
    expect(h.tokens.refreshes).toBe(1);
    const bearers = new Set(h.upstream.requests.map((request) => request.headers['authorization']));
    expect([...bearers]).toEqual([`Bearer ${h.tokens.issued[0]}`]);
  });

  it('relays an upstream 401 and refreshes on the next call', async () => {
    const h = await start({ acceptInitialToken: false });
    const rejected = await fetch(`${h.url}/claude/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody) });
    expect(rejected.status).toBe(401);
    expect(await rejected.json()).toEqual({ error: { message: 'OAuth token has expired.', type: 'authentication_error', param: null, code: 'invalid_api_key' } });
    expect(h.tokens.refreshes).toBe(0);

    const message = await h.anthropic().messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message.type).toBe('message');
    expect(h.tokens.refreshes).toBe(1);
    expect(h.upstream.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${h.tokens.issued[0]}`);
  });
});
