import { PassThrough } from 'node:stream';
import type { AnyPluginFactory } from '@ccproxy/core';
import { oauthClaude } from '@ccproxy/plugin-oauth-claude';
import { oauthCodex } from '@ccproxy/plugin-oauth-codex';
import { runCli } from '../../src/index.js';

export const AUTH_PLUGINS: AnyPluginFactory[] = [oauthClaude, oauthCodex];

export interface CliRun {
  /** Resolves with the exit code. */
  readonly done: Promise<number>;
  stdout(): string;
  stderr(): string;
}

/** Runs `ccproxy <argv>` in-process with captured output; `env.HOME` is the home the commands use. */
export function cli(argv: string[], env: Record<string, string | undefined>, cwd: string): CliRun {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = runCli(argv, { stdout: out, stderr: err, stdin: new PassThrough(), env, cwd, plugins: AUTH_PLUGINS });
  return { done, stdout: () => stdout, stderr: () => stderr };
}

/** An unsigned JWT (the Codex plugin decodes claims without verifying). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.c2ln`;
}
