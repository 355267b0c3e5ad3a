import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { RequestSummary, SettingsInput } from '@ccproxy/core';
import { claudeApi } from '@ccproxy/plugin-claude-api';
import { oauthClaude } from '@ccproxy/plugin-oauth-claude';
import {
  createTempHome,
  sendJson,
  startFakeAnthropic,
  startFakeUpstream,
  type FakeAnthropic,
  type FakeAnthropicOptions,
  type FakeUpstream,
  type TempHome,
} from '@ccproxy/testkit';
import { startProxy, waitFor, type RunningProxy } from '../helpers.js';

export const ACCESS_TOKEN = 'sk-ant-oat01-e2e-access-token-7f3a';
export const REFRESH_TOKEN = 'sk-ant-ort01-e2e-refresh-token-91c2';
export const LOGIN_HINT = 'ccproxy auth login claude';

/** A fake Anthropic OAuth token endpoint: every refresh issues a new access token (counted). */
export interface FakeTokenServer {
  readonly url: string;
  readonly upstream: FakeUpstream;
  readonly issued: string[];
  readonly refreshes: number;
  /** Makes the next refreshes fail with this status (0 = succeed again). */
  failWith(status: number): void;
  delayMs: number;
}

export async function startTokenServer(): Promise<FakeTokenServer> {
  const issued: string[] = [];
  let failure = 0;
  const server: FakeTokenServer = {
    url: '',
    upstream: undefined as unknown as FakeUpstream,
    issued,
    get refreshes() {
      return server.upstream.requests.filter((request) => (request.json as { grant_type?: string } | undefined)?.grant_type === 'refresh_token').length;
    },
    failWith(status) {
      failure = status;
    },
    delayMs: 0,
  };
  const upstream = await startFakeUpstream(async (_request, response) => {
    if (server.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, server.delayMs));
    if (failure !== 0) {
      sendJson(response, failure, { error: 'invalid_grant', error_description: 'Refresh token not found or invalid' });
      return;
    }
    const token = `sk-ant-oat01-refreshed-${issued.length + 1}-e2e`;
    issued.push(token);
    sendJson(response, 200, { access_token: token, refresh_token: `sk-ant-ort01-rotated-${issued.length}`, expires_in: 3600, token_type: 'Bearer', scope: 'user:inference user:profile' });
  });
  Object.assign(server, { url: `${upstream.url}/v1/oauth/token`, upstream });
  return server;
}

export interface CredentialsOptions {
  accessToken?: string;
  refreshToken?: string;
  /** Epoch ms; default one hour ahead. */
  expiresAt?: number;
}

export function credentialsFile(options: CredentialsOptions = {}): Record<string, unknown> {
  return {
    claudeAiOauth: {
      accessToken: options.accessToken ?? ACCESS_TOKEN,
      refreshToken: options.refreshToken ?? REFRESH_TOKEN,
      expiresAt: options.expiresAt ?? Date.now() + 3_600_000,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
    },
  };
}

export interface ClaudeHarness {
  readonly proxy: RunningProxy;
  readonly url: string;
  readonly upstream: FakeAnthropic;
  readonly tokens: FakeTokenServer;
  readonly home: TempHome;
  /** Summaries of finished requests (`request.completed` and `request.failed`), in arrival order. */
  readonly summaries: readonly (RequestSummary & { event: 'request.completed' | 'request.failed' })[];
  /** Waits until `count` summaries arrived; returns the last of them. */
  summary(count?: number): Promise<RequestSummary & { event: 'request.completed' | 'request.failed' }>;
  anthropic(apiKey?: string, headers?: Record<string, string>): Anthropic;
  openai(apiKey?: string): OpenAI;
  /** The JSON body the fake upstream received (negative index from the end). */
  upstreamJson(index?: number): Record<string, unknown>;
  /** Every log line the proxy wrote, as text (to look for secrets). */
  logText(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** `false` writes no credentials file; a string writes that raw text. */
  credentials?: CredentialsOptions | false | string;
  claude?: Record<string, unknown>;
  settings?: SettingsInput;
  fake?: FakeAnthropicOptions;
  /** The fake API accepts the file's access token (default true) and every refreshed one. */
  acceptInitialToken?: boolean;
}

/**
 * The real server with the real `oauth_claude` and `claude_api` plugins, a temp HOME holding
 * `.claude/.credentials.json`, a fake token endpoint and a fake Anthropic API.
 */
export async function startClaudeHarness(options: HarnessOptions = {}): Promise<ClaudeHarness> {
  const home = await createTempHome();
  const tokens = await startTokenServer();
  if (typeof options.credentials === 'string') await home.write('.claude/.credentials.json', options.credentials);
  else if (options.credentials !== false) await home.write('.claude/.credentials.json', credentialsFile(options.credentials));
  const initial = typeof options.credentials === 'object' && options.credentials.accessToken ? options.credentials.accessToken : ACCESS_TOKEN;
  const accepted = () => [...(options.acceptInitialToken === false ? [] : [initial]), ...tokens.issued];
  const upstream = await startFakeAnthropic({ acceptTokens: accepted, ...options.fake });
  const proxy = await startProxy({
    plugins: [oauthClaude, claudeApi],
    settings: {
      ...options.settings,
      plugins: {
        ...options.settings?.plugins,
        claude_api: { base_url: upstream.url, ...options.claude },
        oauth_claude: { token_url: tokens.url },
      },
    },
    env: { HOME: home.path },
  });
  const seen: (RequestSummary & { event: 'request.completed' | 'request.failed' })[] = [];
  const stops = [
    proxy.server.host.events.on('request.completed', (event) => void seen.push({ ...event, event: 'request.completed' })),
    proxy.server.host.events.on('request.failed', (event) => void seen.push({ ...event, event: 'request.failed' })),
  ];
  return {
    proxy,
    url: proxy.url,
    upstream,
    tokens,
    home,
    summaries: seen,
    async summary(count = 1) {
      await waitFor(() => seen.length >= count);
      return seen[count - 1]!;
    },
    anthropic: (apiKey = 'sk-ant-client-key', headers = {}) => new Anthropic({ baseURL: `${proxy.url}/claude`, apiKey, maxRetries: 0, defaultHeaders: headers }),
    openai: (apiKey = 'sk-openai-client-key') => new OpenAI({ baseURL: `${proxy.url}/claude/v1`, apiKey, maxRetries: 0 }),
    upstreamJson(index = -1) {
      const request = upstream.requests.at(index);
      if (!request) throw new Error(`no upstream request at ${index}`);
      return request.json as Record<string, unknown>;
    },
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

/** Parses an SSE body into `{ event, data }` records. */
export function parseSse(text: string): { event: string | undefined; data: string }[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      return { event, data: data.join('\n') };
    });
}
