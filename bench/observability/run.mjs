#!/usr/bin/env node
// bench/observability: what access_log (structured lines to a file) + analytics (DuckDB rows, cost)
// cost in throughput. Two scenarios, each with both plugins on and with both off:
//   - proxied: the real claude_api provider in front of the fake Anthropic API (what users run; the
//     issue's target: at most 10 % fewer req/s with the plugins on);
//   - upstream-less: a provider that answers itself (the worst case, reported for reference).
// Each round starts a fresh server process per mode, warms them up, then autocannon (32 connections)
// drives them in turn for short windows, in mirrored order (off on on off). On a shared 2-core
// machine the speed drifts by ±15 % over tens of seconds and one process can stay faster than its
// twin for its whole life (how its code got compiled): long runs one after the other measure that
// more than the plugins; short interleaved windows cancel the drift and fresh processes per round
// average the rest. Each window is followed by a pause (not measured) so a mode's background writes
// (DuckDB batches, log flushes) land in its own CPU account, not in the next window.
//   node bench/observability/run.mjs   (BENCH_SECONDS=3 BENCH_ROUNDS=4 BENCH_CONNECTIONS=32 BENCH_SCENARIOS=proxied,upstream-less BENCH_MODES=off,on)
// Needs the built packages: pnpm --filter @ccproxy/server... build (or pnpm build).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDuckDbStore } from '../../plugins/analytics/dist/index.js';
import { startChild } from '../lib/children.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
// After each window: time for the mode's batched writes (analytics flushes every 500 ms) to finish.
const settleMs = 1000;
const body = JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] });

async function startServer(mode, directory, upstreamUrl) {
  const child = spawn(process.execPath, [join(here, 'server.mjs'), mode, directory, ...(upstreamUrl ? [upstreamUrl] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line).url);
    });
  });
  return {
    url,
    /** CPU time (user + system, ms) the server process used so far — Linux /proc; 0 elsewhere. */
    cpuMs() {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        return 0;
      }
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

/** `duration` seconds of load, then the settle pause; the CPU account runs on through the pause. */
async function load(server, path, duration) {
  const before = server.cpuMs();
  const result = await autocannon({ url: `${server.url}${path}`, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, pipelining: 1, duration });
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, failed: result.errors + result.timeouts + result.non2xx, cpuMs: server.cpuMs() - before };
}

/** Four seconds before measuring (the code is compiled by then); its requests are stored too. */
const warmUp = (server, path) => load(server, path, 4);
/** One measured window. */
const measureWindow = (server, path) => load(server, path, seconds);

/** What a mode's server stored (every request, warm-up included, must be there after its graceful stop). */
async function stored(mode, directory) {
  let lines = 0;
  let rows = 0;
  if (mode === 'on' || mode === 'log') lines = (await readFile(join(directory, 'access.log'), 'utf8')).split('\n').filter(Boolean).length;
  if (mode === 'on' || mode === 'db') {
    const store = await openDuckDbStore({ path: join(directory, 'analytics.duckdb'), readOnly: true });
    rows = (await store.info()).rowCount;
    await store.close();
  }
  return { lines, rows };
}

console.log(`observability overhead: ${connections} connections, ${rounds} rounds (fresh servers each), ${seconds} s windows in mirrored order (off on on off), node ${process.version}`);
// BENCH_MODES=off,noop,log,db,on also measures the bare summary event and each plugin alone.
const modes = (process.env.BENCH_MODES ?? 'off,on').split(',');
const wanted = (process.env.BENCH_SCENARIOS ?? 'proxied,upstream-less').split(',');
const upstream = wanted.includes('proxied') ? await startChild(join(here, '../claude/fake-anthropic-server.mjs')) : undefined;
const scenarios = [
  ...(upstream ? [{ name: 'proxied', title: 'proxied: claude_api -> fake Anthropic API', path: '/claude/v1/messages', upstreamUrl: upstream.url }] : []),
  ...(wanted.includes('upstream-less') ? [{ name: 'upstream-less', title: 'upstream-less provider (worst case)', path: '/bench/v1/messages', upstreamUrl: undefined }] : []),
];
const labels = { off: 'off', noop: 'no-op summary observer', log: 'access_log only', db: 'analytics only', on: 'access_log + analytics' };
const mean = (list, key) => list.reduce((sum, entry) => sum + entry[key], 0) / list.length;
const report = {};
try {
  for (const scenario of scenarios) {
    console.log(`\n${scenario.title}`);
    const results = Object.fromEntries(modes.map((mode) => [mode, []]));
    const stores = Object.fromEntries(modes.map((mode) => [mode, { lines: 0, rows: 0, requests: 0 }]));
    for (let round = 1; round <= rounds; round++) {
      const servers = {};
      try {
        for (const mode of modes) {
          const directory = await mkdtemp(join(tmpdir(), `ccproxy-bench-obs-${mode}-`));
          servers[mode] = { directory, server: await startServer(mode, directory, scenario.upstreamUrl), requests: 0 };
        }
        for (const mode of modes) servers[mode].requests += (await warmUp(servers[mode].server, scenario.path)).total;
        const line = [];
        for (const mode of [...modes, ...[...modes].reverse()]) {
          const run = await measureWindow(servers[mode].server, scenario.path);
          results[mode].push(run);
          servers[mode].requests += run.total;
          line.push(`${mode} ${run.rps.toFixed(0).padStart(5)}${run.failed ? ` (${run.failed} failed)` : ''}`);
        }
        console.log(`round ${round}  req/s  ${line.join('   ')}`);
      } finally {
        for (const entry of Object.values(servers)) await entry.server.stop();
      }
      for (const mode of modes) {
        const kept = await stored(mode, servers[mode].directory);
        stores[mode].lines += kept.lines;
        stores[mode].rows += kept.rows;
        stores[mode].requests += servers[mode].requests;
        await rm(servers[mode].directory, { recursive: true, force: true });
      }
    }
    const summary = Object.fromEntries(
      modes.map((mode) => {
        const runs = results[mode];
        const requests = runs.reduce((sum, run) => sum + run.total, 0);
        const cpuMs = runs.reduce((sum, run) => sum + run.cpuMs, 0);
        return [mode, { rps: mean(runs, 'rps'), p50: mean(runs, 'p50'), p99: mean(runs, 'p99'), cpuUsPerRequest: (cpuMs * 1000) / Math.max(1, requests), failed: runs.reduce((sum, run) => sum + run.failed, 0), ...stores[mode] }];
      }),
    );
    console.log(`${'plugins'.padEnd(24)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU µs/req'.padStart(11)}  stored`);
    for (const mode of modes) {
      const entry = summary[mode];
      const expected = mode === 'on' || mode === 'log' || mode === 'db';
      // autocannon does not count the requests still in flight when a window ends; the server logs them.
      const complete = (mode === 'db' || entry.lines >= entry.requests) && (mode === 'log' || entry.rows >= entry.requests);
      const kept = expected ? `  ${entry.lines} log lines, ${entry.rows} rows for ${entry.requests} answered requests${complete ? '' : ' — MISSING'}` : '';
      console.log(`${(labels[mode] ?? mode).padEnd(24)} ${entry.rps.toFixed(0).padStart(8)} ${entry.p50.toFixed(2).padStart(8)} ${entry.p99.toFixed(2).padStart(8)} ${entry.cpuUsPerRequest.toFixed(0).padStart(11)}${kept}${entry.failed ? `  ${entry.failed} FAILED` : ''}`);
    }
    const ratio = summary.on && summary.off ? summary.on.rps / summary.off.rps : Number.NaN;
    if (Number.isFinite(ratio)) {
      // The spread of the per-round ratios says how far to trust the mean on this machine.
      const perRound = results.on.map((run, index) => run.rps / (results.off[index]?.rps ?? Number.NaN)).sort((a, b) => a - b);
      const judged = scenario.name === 'proxied' ? ` → ${ratio >= 0.9 ? 'within target' : 'OVER target'}` : ' (reference)';
      console.log(`ratio on/off: ${(ratio * 100).toFixed(1)} % (${((1 - ratio) * 100).toFixed(1)} % fewer req/s; target ≤ 10 %)${judged}; per round ${(perRound[0] * 100).toFixed(0)}–${(perRound.at(-1) * 100).toFixed(0)} %, median ${(perRound[perRound.length >> 1] * 100).toFixed(1)} %`);
      console.log(`server CPU per request: +${(summary.on.cpuUsPerRequest - summary.off.cpuUsPerRequest).toFixed(0)} µs with both plugins on`);
      if (summary.noop) console.log(`of which the summary event itself (no-op observer): +${(summary.noop.cpuUsPerRequest - summary.off.cpuUsPerRequest).toFixed(0)} µs, ${((1 - summary.noop.rps / summary.off.rps) * 100).toFixed(1)} % fewer req/s`);
    }
    report[scenario.name] = { results, summary, ratio };
  }
} finally {
  await upstream?.stop();
}

const resultsDir = join(here, '..', 'results');
await mkdir(resultsDir, { recursive: true });
await writeFile(join(resultsDir, 'observability.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, connections, seconds, rounds, scenarios: report }, null, 2)}\n`);
