import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { RequestSummary, SettingsInput } from '@ccproxy/core';
import { codex } from '@ccproxy/plugin-codex';
import { oauthCodex } from '@ccproxy/plugin-oauth-codex';
import {
  codexAuthFile,
  createTempHome,
  fakeCodexJwt,
  loadFingerprint,
  startFakeCodex,
  startFakeUpstream,
  sendJson,
  type CodexAuthFileOptions,
  type FakeCodex,
  type FakeCodexOptions,
  type FakeUpstream,
  type TempHome,
} from '@ccproxy/testkit';
import { afterEach } from 'vitest';
import { startProxy, waitFor, type RunningProxy } from '../helpers.js';

export const ACCOUNT_ID = 'acct-e2e-7f3a';

/** A fake OpenAI token endpoint: every refresh returns a new access token (counted). */
export interface FakeTokenServer {
  readonly url: string;
  readonly upstream: FakeUpstream;
  /** Access tokens it issued, in order. */
  readonly issued: string[];
  /** Refresh calls received. */
  readonly refreshes: number;
  /** Makes the next refreshes fail with this status (0 = succeed again). */
  failWith(status: number): void;
  /** Delay before answering (to widen concurrency windows). */
  delayMs: number;
}

export async function startTokenServer(accountId = ACCOUNT_ID): Promise<FakeTokenServer> {
  const issued: string[] = [];
  let failure = 0;
  let delayMs = 0;
  const upstream = await startFakeUpstream(async (_request, response) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (failure !== 0) {
      sendJson(response, failure, { error: 'invalid_grant', error_description: 'Refresh token is invalid or expired' });
      return;
    }
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const auth = { chatgpt_account_id: accountId, chatgpt_plan_type: 'pro' };
    const accessToken = fakeCodexJwt({ sub: 'auth0|user-test', exp, n: issued.length, 'https://api.openai.com/auth': auth });
    issued.push(accessToken);
    sendJson(response, 200, {
      access_token: accessToken,
      refresh_token: `rt-rotated-${issued.length}`,
      id_token: fakeCodexJwt({ sub: 'auth0|user-test', email: 'dev@example.com', exp, 'https://api.openai.com/auth': auth }),
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });
  return {
    url: `${upstream.url}/oauth/token`,
    upstream,
    issued,
    get refreshes() {
      return upstream.requests.filter((request) => request.body.toString('utf8').includes('grant_type=refresh_token')).length;
    },
    failWith(status) {
      failure = status;
    },
    get delayMs() {
      return delayMs;
    },
    set delayMs(value) {
      delayMs = value;
    },
  };
}

export interface CodexHarness {
  readonly proxy: RunningProxy;
  readonly url: string;
  readonly upstream: FakeCodex;
  readonly tokens: FakeTokenServer;
  readonly home: TempHome;
  /** The access token written to auth.json. */
  readonly accessToken: string;
  /** Summaries of finished requests (`request.completed` and `request.failed`), in arrival order. */
  readonly summaries: readonly RequestSummary[];
  /** Waits until `count` summaries arrived; returns the last of them. */
  summary(count?: number): Promise<RequestSummary>;
  openai(apiKey?: string, headers?: Record<string, string>): OpenAI;
  anthropic(apiKey?: string, headers?: Record<string, string>): Anthropic;
  /** Every log line the proxy wrote, as text (to look for secrets). */
  logText(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** `false` writes no credentials file; a string writes that raw text. */
  auth?: CodexAuthFileOptions | false | string;
  codex?: Record<string, unknown>;
  fake?: FakeCodexOptions;
  settings?: SettingsInput;
}

/**
 * The real server with the real `oauth_codex` and `codex` plugins, a temp HOME holding
 * `.codex/auth.json`, a fake token endpoint and a fake ChatGPT Codex backend.
 */
export async function startCodexHarness(options: HarnessOptions = {}): Promise<CodexHarness> {
  const home = await createTempHome();
  const tokens = await startTokenServer();
  const authOptions = options.auth === undefined ? {} : options.auth;
  let accessToken = '';
  if (typeof authOptions === 'string') await home.write('.codex/auth.json', authOptions);
  else if (authOptions !== false) {
    const file = codexAuthFile({ accountId: ACCOUNT_ID, ...authOptions });
    accessToken = (file['tokens'] as { access_token: string }).access_token;
    await home.write('.codex/auth.json', file);
  }
  const upstream = await startFakeCodex({ acceptTokens: () => [accessToken, ...tokens.issued], ...options.fake });
  const proxy = await startProxy({
    plugins: [oauthCodex, codex],
    settings: {
      ...options.settings,
      plugins: {
        ...options.settings?.plugins,
        codex: { base_url: upstream.baseUrl, ...options.codex },
        oauth_codex: { token_url: tokens.url },
      },
    },
    env: { HOME: home.path },
  });
  const seen: RequestSummary[] = [];
  const stops = [proxy.server.host.events.on('request.completed', (event) => void seen.push(event)), proxy.server.host.events.on('request.failed', (event) => void seen.push(event))];
  return {
    proxy,
    url: proxy.url,
    upstream,
    tokens,
    home,
    accessToken,
    summaries: seen,
    async summary(count = 1) {
      await waitFor(() => seen.length >= count);
      return seen[count - 1]!;
    },
    openai: (apiKey = 'sk-client-a', headers = {}) => new OpenAI({ baseURL: `${proxy.url}/codex/v1`, apiKey, maxRetries: 0, defaultHeaders: headers }),
    anthropic: (apiKey = 'sk-ant-client-a', headers = {}) => new Anthropic({ baseURL: `${proxy.url}/codex`, apiKey, maxRetries: 0, defaultHeaders: headers }),
    logText: () => JSON.stringify(proxy.logs),
    async close() {
      for (const stop of stops) stop();
      await proxy.close();
      await upstream.close();
      await tokens.upstream.close();
      await home.remove();
    },
  };
}

/** The JSON body the fake backend received on its n-th call (negative counts from the end). */
export function upstreamBody(harness: CodexHarness, index = -1): Record<string, unknown> {
  const call = harness.upstream.calls.at(index);
  if (!call) throw new Error(`no upstream call at ${index}`);
  return call.json as Record<string, unknown>;
}

/** The Codex CLI instructions of the captured fingerprint (what the backend requires first). */
export const CLI_INSTRUCTIONS = (loadFingerprint('codex_headers_fallback')['body_json'] as { instructions: string }).instructions;

/** `start()` boots one harness per test; it is closed after each test. */
export function useCodexHarness(): (options?: HarnessOptions) => Promise<CodexHarness> {
  let harness: CodexHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return async (options = {}) => {
    harness = await startCodexHarness(options);
    return harness;
  };
}
