// Stream conversion throughput of @ccproxy/formats, per direction.
// Replays the recorded SSE fixtures (and Chat streams made from them) through createStreamConverter
// in network-sized chunks and prints upstream events/s and MB/s. The last rows replay the Codex
// streams as the Codex backend answers Claude Code: every lifecycle event echoes the request's ~48 kB
// of tools (Claude Code on a ChatGPT plan, /codex/v1/messages). Build first: pnpm --filter
// @ccproxy/formats build. Usage: node bench/formats/stream-throughput.mjs [secondsPerDirection]
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFingerprint } from '@ccproxy/testkit';
import { createConversionContext, createStreamConverter } from '../../packages/formats/dist/index.js';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/endpoint-samples/', import.meta.url));
const SECONDS = Number(process.argv[2] ?? 2.5);
const CHUNK = 1400; // bytes per push, about one TCP segment
const encoder = new TextEncoder();

function sseOf(events) {
  return events.map((e) => (e.event ? `event: ${e.event}\n` : '') + `data: ${e.data}\n\n`).join('');
}

function convertAll(from, to, sse, request) {
  const converter = createStreamConverter(from, to, request ? createConversionContext(to, from, request) : undefined);
  return converter.push(sse) + converter.end();
}

function countEvents(sse) {
  return sse.split('\n\n').filter((block) => block.includes('data:')).length;
}

function chunks(sse) {
  const bytes = encoder.encode(sse);
  const out = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push(bytes.subarray(at, at + CHUNK));
  return out;
}

const streams = { 'anthropic.messages': [], 'openai.responses': [], 'openai.chat_completions': [] };
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('_stream.json')).sort()) {
  const fixture = JSON.parse(readFileSync(FIXTURES + file, 'utf8'));
  const format = file.startsWith('claude') ? 'anthropic.messages' : 'openai.responses';
  const sse = sseOf(fixture.response.events);
  streams[format].push(sse);
  streams['openai.chat_completions'].push(convertAll(format, 'openai.chat_completions', sse, { messages: [], stream_options: { include_usage: true } }));
}

// The Codex streams with Claude Code's tools echoed in each lifecycle event's `response`.
const claudeCodeTools = loadFingerprint('claude_headers_fallback').body_json.tools;
streams['openai.responses (Claude Code tools echoed)'] = readdirSync(FIXTURES)
  .filter((f) => f.startsWith('codex') && f.endsWith('_stream.json'))
  .sort()
  .map((file) => {
    const events = JSON.parse(readFileSync(FIXTURES + file, 'utf8')).response.events.map((event) => {
      if (!/^response\.(created|in_progress|completed)$/.test(event.event ?? '')) return event;
      const value = JSON.parse(event.data);
      value.response.tools = claudeCodeTools;
      return { ...event, data: JSON.stringify(value) };
    });
    return sseOf(events);
  });

const inputs = Object.fromEntries(
  Object.entries(streams).map(([format, list]) => [
    format,
    list.map((sse) => ({ chunks: chunks(sse), bytes: encoder.encode(sse).length, events: countEvents(sse) })),
  ]),
);

const directions = [
  ['anthropic.messages', 'openai.chat_completions'],
  ['anthropic.messages', 'openai.responses'],
  ['openai.chat_completions', 'anthropic.messages'],
  ['openai.chat_completions', 'openai.responses'],
  ['openai.responses', 'anthropic.messages'],
  ['openai.responses', 'openai.chat_completions'],
  ['anthropic.messages', 'anthropic.messages'],
  ['openai.chat_completions', 'openai.chat_completions'],
  ['openai.responses', 'openai.responses'],
  ['openai.responses (Claude Code tools echoed)', 'anthropic.messages'],
  ['openai.responses (Claude Code tools echoed)', 'openai.chat_completions'],
];

function run(from, to, list, deadline) {
  let streamsDone = 0;
  let events = 0;
  let bytesIn = 0;
  let bytesOut = 0;
  while (performance.now() < deadline) {
    for (const input of list) {
      const converter = createStreamConverter(from.split(' ')[0], to);
      for (const chunk of input.chunks) bytesOut += converter.push(chunk).length;
      bytesOut += converter.end().length;
      streamsDone += 1;
      events += input.events;
      bytesIn += input.bytes;
    }
  }
  return { streamsDone, events, bytesIn, bytesOut };
}

const rows = [];
for (const [from, to] of directions) {
  const list = inputs[from];
  run(from, to, list, performance.now() + 200); // warm-up
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = run(from, to, list, start + SECONDS * 1000);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rows.push({
    direction: `${from} → ${to}${from === to ? ' (passthrough)' : ''}`,
    'streams/s': Math.round(result.streamsDone / seconds),
    'events/s': Math.round(result.events / seconds),
    'MB/s in': (result.bytesIn / seconds / 1e6).toFixed(1),
    'MB/s out': (result.bytesOut / seconds / 1e6).toFixed(1),
    'events/CPU-s': Math.round(result.events / cpuSeconds),
    'MB/CPU-s in': (result.bytesIn / cpuSeconds / 1e6).toFixed(1),
    'events/stream': Math.round(result.events / result.streamsDone),
  });
}

console.log(`@ccproxy/formats stream throughput (node ${process.version}, ${SECONDS}s per direction, ${CHUNK}-byte chunks, one core)`);
console.log('Per wall second and per CPU second of this process (the second pair is stable on a shared machine).');
console.table(rows);
