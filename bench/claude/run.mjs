#!/usr/bin/env node
// `node bench/claude/run.mjs`: the claude_api provider against the fake Anthropic API. Scenarios:
// the native Messages fast path (non-streaming and streaming) against the upstream itself and a
// bare Node passthrough, a Claude Code-sized request, the Chat → Anthropic converted stream, then
// RSS growth over many requests. Needs built packages (`pnpm build`). Numbers are reported, never
// asserted. BENCH_SECONDS (8), BENCH_CONNECTIONS (32), BENCH_REPEAT (1: best of N,
// interleaved), BENCH_MEMORY_REQUESTS (100000) and BENCH_ONLY (latency,native,stream,claude-code,chat,memory) tune it.
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFingerprint } from '@ccproxy/testkit';
import { startChild } from '../lib/children.mjs';
import { hammer } from '../lib/load.mjs';
import { bestOf, latencyProbe, printRows } from './measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const memoryRequests = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
const only = process.env.BENCH_ONLY?.split(',');

const message = { model: 'claude-sonnet-4-20250514', max_tokens: 1000, messages: [{ role: 'user', content: 'Hello' }] };
const nativeBody = JSON.stringify(message);
const nativeStreamBody = JSON.stringify({ ...message, stream: true });
// What Claude Code sends: its system prompt (~15 kB) and tools (~48 kB) with the user's turn.
const capture = loadFingerprint('claude_headers_fallback').body_json;
const claudeCodeBody = JSON.stringify({ ...capture, model: 'claude-sonnet-4-20250514', stream: true });
const claudeCodeHeaders = { 'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14', 'anthropic-version': '2023-06-01', 'x-app': 'cli' };
const chatStreamBody = JSON.stringify({ model: 'claude-sonnet-4-20250514', stream: true, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hello' }] });

console.log(`claude_api benchmark: ${connections} connections, ${seconds} s per scenario, best of ${repeat}, node ${process.version}, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
// req/s depend on what else runs on the machine; "CPU us/req" (the measured server's own CPU time
// per request) and "req/s per core" (its inverse) do not, and are the figures to compare.
const upstream = await startChild(join(here, 'fake-anthropic-server.mjs'));
const passthrough = await startChild(join(here, '../lib/passthrough-server.mjs'), [upstream.url]);
const ccproxy = await startChild(join(here, 'ccproxy-claude-server.mjs'), [upstream.url]);

async function compare(title, body, headers = {}) {
  const options = { body, headers, connections, seconds };
  const rows = await bestOf(repeat, [
    { name: 'upstream direct', server: upstream, options: { ...options, url: `${upstream.url}/v1/messages` } },
    { name: 'bare node passthrough', server: passthrough, options: { ...options, url: `${passthrough.url}/x/v1/messages` } },
    { name: 'ccproxy /claude/v1/messages', server: ccproxy, options: { ...options, url: `${ccproxy.url}/claude/v1/messages` } },
  ]);
  printRows(title, rows, 'bare node passthrough');
  return rows;
}

try {
  if (!only || only.includes('latency')) {
    // One client, sequential requests: the proxy's own latency, free of queueing behind other clients.
    console.log('\nunloaded latency (1 connection, sequential, 2000 requests)');
    for (const [name, url, body] of [
      ['bare node passthrough, JSON', `${passthrough.url}/x/v1/messages`, nativeBody],
      ['ccproxy /claude/v1/messages, JSON', `${ccproxy.url}/claude/v1/messages`, nativeBody],
      ['bare node passthrough, SSE', `${passthrough.url}/x/v1/messages`, nativeStreamBody],
      ['ccproxy /claude/v1/messages, SSE', `${ccproxy.url}/claude/v1/messages`, nativeStreamBody],
      ['ccproxy /claude/v1/chat/completions, SSE', `${ccproxy.url}/claude/v1/chat/completions`, chatStreamBody],
    ]) {
      const { p50, p99 } = await latencyProbe({ url, body });
      console.log(`${name.padEnd(44)} p50 ${p50.toFixed(2)} ms  p99 ${p99.toFixed(2)} ms`);
    }
  }
  if (!only || only.includes('native')) await compare('native Messages, non-streaming (JSON)', nativeBody);
  let baseline;
  if (!only || only.includes('stream')) baseline = (await compare('native Messages, streaming (SSE)', nativeStreamBody))[1];
  if (!only || only.includes('claude-code')) await compare('native Messages, Claude Code request (64 kB body, streaming)', claudeCodeBody, claudeCodeHeaders);
  if (!only || only.includes('chat')) {
    const rows = baseline ? [{ ...baseline, name: 'bare node passthrough (native SSE)' }] : [];
    rows.push(...(await bestOf(repeat, [{ name: 'ccproxy chat -> anthropic (SSE)', server: ccproxy, options: { url: `${ccproxy.url}/claude/v1/chat/completions`, body: chatStreamBody, connections, seconds } }])));
    printRows('Chat Completions converted to Anthropic, streaming', rows, baseline ? 'bare node passthrough (native SSE)' : undefined);
  }
  if (!only || only.includes('memory')) {
    // Warm up first so JIT and pools are settled; then count growth over many requests.
    await hammer({ url: `${ccproxy.url}/claude/v1/chat/completions`, body: chatStreamBody, connections, count: 5_000 });
    const before = ccproxy.memory().rssMb;
    const half = Math.floor(memoryRequests / 2);
    const runs = [
      await hammer({ url: `${ccproxy.url}/claude/v1/messages`, body: nativeStreamBody, connections, count: half }),
      await hammer({ url: `${ccproxy.url}/claude/v1/chat/completions`, body: chatStreamBody, connections, count: memoryRequests - half }),
    ];
    const after = ccproxy.memory();
    const total = runs.reduce((sum, run) => sum + run.total, 0);
    const failed = runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0);
    console.log(`\nmemory: ${total} streaming requests (native + chat, ${failed} failed): RSS ${before.toFixed(0)} MB -> ${after.rssMb.toFixed(0)} MB (growth ${(after.rssMb - before).toFixed(1)} MB), peak ${after.peakMb.toFixed(0)} MB`);
  }
} finally {
  await Promise.all([ccproxy.stop(), passthrough.stop(), upstream.stop()]);
}
