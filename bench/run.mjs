#!/usr/bin/env node
// `pnpm bench`: proxy overhead of ccproxy against the upstream itself and a bare Node passthrough,
// for non-streaming and streaming calls, then memory after many requests. Numbers are reported,
// never asserted. Other suites: bench/formats, bench/claude, bench/codex, bench/observability.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startChild } from './lib/children.mjs';
import { drive, hammer } from './lib/load.mjs';
import { printTable } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const requestBody = JSON.stringify({ model: 'claude-sonnet-4-20250514', max_tokens: 1000, messages: [{ role: 'user', content: 'Hello' }] });
const streamBody = JSON.stringify({ model: 'claude-sonnet-4-20250514', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'Hello' }] });

console.log(`ccproxy core benchmark: ${connections} connections, ${seconds} s per scenario, node ${process.version}`);
const upstream = await startChild(join(here, 'lib/upstream-server.mjs'));
const passthrough = await startChild(join(here, 'lib/passthrough-server.mjs'), [upstream.url]);
const ccproxy = await startChild(join(here, 'lib/ccproxy-server.mjs'), [upstream.url]);

try {
  for (const [title, body] of [['non-streaming (JSON)', requestBody], ['streaming (SSE)', streamBody]]) {
    const rows = [];
    rows.push({ name: 'upstream direct', ...(await drive({ url: `${upstream.url}/v1/messages`, body, connections, seconds })), peakMb: upstream.memory().peakMb });
    rows.push({ name: 'bare node passthrough', ...(await drive({ url: `${passthrough.url}/x/v1/messages`, body, connections, seconds })), peakMb: passthrough.memory().peakMb });
    rows.push({ name: 'ccproxy', ...(await drive({ url: `${ccproxy.url}/bench/v1/messages`, body, connections, seconds })), peakMb: ccproxy.memory().peakMb });
    printTable(`${title}`, rows, 'bare node passthrough');
  }

  const count = Math.max(connections, Number(process.env.BENCH_MEMORY_REQUESTS ?? 20_000));
  const before = ccproxy.memory().rssMb;
  const run = await hammer({ url: `${ccproxy.url}/bench/v1/messages`, body: streamBody, connections, count });
  const after = ccproxy.memory();
  console.log(`\nmemory: ${run.total} streaming requests (${run.errors + run.non2xx} failed): RSS ${before.toFixed(0)} MB -> ${after.rssMb.toFixed(0)} MB (growth ${(after.rssMb - before).toFixed(1)} MB), peak ${after.peakMb.toFixed(0)} MB`);
} finally {
  await Promise.all([ccproxy.stop(), passthrough.stop(), upstream.stop()]);
}

for (const suite of ['formats/stream-throughput.mjs', 'claude/run.mjs', 'codex/run.mjs', 'observability/run.mjs', 'observability/store.mjs']) {
  const script = join(here, suite);
  if (process.env.BENCH_ONLY_CORE || !existsSync(script)) continue;
  console.log(`\n=== bench/${suite} ===`);
  spawnSync(process.execPath, [script], { stdio: 'inherit' });
}
