import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { CliIO } from '../../src/declaration/specs.js';
import { createHttpClient, type ClosableHttpClient } from '../../src/http/http-client.js';
import type { CredentialFormat } from '../../src/auth/credential-store.js';
import { isJsonObject } from '../../src/auth/json-credential-file.js';

export interface RecordedCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real token endpoint on 127.0.0.1 that records each call and answers with `respond`. */
export async function startTokenServer(respond: (call: RecordedCall, response: ServerResponse) => void | Promise<void>) {
  const calls: RecordedCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const call = { path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      calls.push(call);
      void Promise.resolve(respond(call, response));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    calls,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, delayMs = 0): void {
  setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), delayMs);
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ccproxy-auth-'));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function httpClient(): ClosableHttpClient {
  return createHttpClient({ connectTimeoutMs: 2000, requestTimeoutMs: 5000, streamIdleTimeoutMs: 5000, env: {} });
}

/** The credentials of a made-up provider: `{ "demo": { "access", "refresh", "expires" } }`. */
export interface DemoCredentials {
  access: string;
  refresh?: string;
  expires?: number;
}

export const demoFormat: CredentialFormat<DemoCredentials> = {
  label: 'Demo',
  loginCommand: 'ccproxy auth login demo',
  parse(content) {
    const section = content.demo;
    if (section === undefined) return null;
    if (!isJsonObject(section) || typeof section.access !== 'string') return 'demo.access is missing';
    return {
      access: section.access,
      ...(typeof section.refresh === 'string' ? { refresh: section.refresh } : {}),
      ...(typeof section.expires === 'number' ? { expires: section.expires } : {}),
    };
  },
  serialize: (credentials) => ({ demo: { ...credentials } }),
  remove(content) {
    const { demo: _demo, ...rest } = content;
    return Object.keys(rest).length === 0 ? null : rest;
  },
  accessToken: (credentials) => credentials.access,
  refreshToken: (credentials) => credentials.refresh,
  expiresAt: (credentials) => credentials.expires,
};

/** A scripted terminal: records output, answers prompts from a queue, decides whether a browser opens. */
export function scriptedIO(options: { interactive?: boolean; answers?: (string | ((output: string) => string))[]; openUrl?: (url: string) => boolean | Promise<boolean> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const opened: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: CliIO = {
    out: (line = '') => void out.push(line),
    err: (line = '') => void err.push(line),
    interactive: options.interactive ?? true,
    async prompt(question) {
      prompts.push(question);
      const next = answers.shift();
      if (next === undefined) throw new Error('no scripted answer');
      return typeof next === 'function' ? next(out.join('\n')) : next;
    },
    async openUrl(url) {
      opened.push(url);
      return options.openUrl ? options.openUrl(url) : false;
    },
  };
  return { io, out, err, prompts, opened, text: () => [...out, ...err].join('\n') };
}

/** The first http(s) URL printed after `marker` (or anywhere). */
export function printedUrl(lines: readonly string[], index = 0): URL {
  const urls = lines.map((line) => line.trim()).filter((line) => /^https?:\/\//.test(line));
  const found = urls[index];
  if (!found) throw new Error(`no URL #${index} printed in:\n${lines.join('\n')}`);
  return new URL(found);
}
