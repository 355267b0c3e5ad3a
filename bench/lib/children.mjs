// Runs each server of a benchmark in its own process, so the load generator and the server do
// not share an event loop, and the server's memory can be read from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Starts `node script args…`; the child prints one JSON line `{ "url": … }` when it listens. */
export async function startChild(script, args = [], env = {}) {
  const child = spawn(process.execPath, [...(process.env.CHILD_FLAGS ? process.env.CHILD_FLAGS.split(' ') : []), '--max-old-space-size=2048', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line).url);
    });
  });
  return {
    url,
    pid: child.pid,
    /** Resident memory now and at its peak, in MB (Linux /proc). */
    memory() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const read = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
        return { rssMb: read('VmRSS'), peakMb: read('VmHWM') };
      } catch {
        return { rssMb: 0, peakMb: 0 };
      }
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}

export function announce(url) {
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}
