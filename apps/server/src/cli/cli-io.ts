import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import type { CliIO } from '@ccproxy/core';

export interface CliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Terminal I/O for commands: plain lines out, prompts only when there is someone to answer. */
export function createCliIO(streams: CliStreams, env: Record<string, string | undefined>): CliIO {
  const interactive = Boolean(streams.stdin.isTTY) || env.CCPROXY_FORCE_INTERACTIVE === '1';
  return {
    out: (line = '') => void streams.stdout.write(`${line}\n`),
    err: (line = '') => void streams.stderr.write(`${line}\n`),
    interactive,
    async prompt(question) {
      if (!interactive) throw new Error('no interactive terminal to answer the prompt (stdin is not a TTY)');
      const rl = createInterface({ input: streams.stdin, output: streams.stdout, terminal: false });
      try {
        return (await rl.question(question)).trim();
      } finally {
        rl.close();
      }
    },
    async openUrl(url) {
      if (env.CCPROXY_NO_BROWSER === '1' || (!env.DISPLAY && !env.WAYLAND_DISPLAY && process.platform === 'linux')) return false;
      const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
      const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
      return new Promise<boolean>((resolve) => {
        try {
          const child = spawn(command, args, { stdio: 'ignore', detached: true });
          child.once('error', () => resolve(false));
          child.once('spawn', () => {
            child.unref();
            resolve(true);
          });
        } catch {
          resolve(false);
        }
      });
    },
  };
}
