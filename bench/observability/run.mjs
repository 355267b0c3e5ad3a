#!/usr/bin/env node
// bench/observability: what access_log (structured lines to a file) + analytics (DuckDB rows, cost)
// cost in throughput. Two scenarios, each with both plugins on and with both off, in a child process
// each time, driven by autocannon (32 connections by default), alternating the modes so drift on the
// machine hits both:
//   - proxied: the real claude_api provider in front of the fake Anthropic API (what users run; the
//     issue's target: at most 10 % fewer req/s with the plugins on);
//   - upstream-less: a provider that answers itself (the worst case, reported for reference).
//   node bench/observability/run.mjs   (BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_ROUNDS=2 BENCH_SCENARIOS=proxied,upstream-less)
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
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
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

async function drive(server, path) {
  const options = { url: `${server.url}${path}`, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, pipelining: 1 };
  await autocannon({ ...options, duration: 2 });
  const before = server.cpuMs();
  const result = await autocannon({ ...options, duration: seconds });
  // Rows and lines of the window are written within a second: count that work too.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  const cpuUsPerRequest = ((server.cpuMs() - before) * 1000) / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, failed: result.errors + result.timeouts + result.non2xx, cpuUsPerRequest };
}

async function measure(mode, scenario) {
  const directory = await mkdtemp(join(tmpdir(), `ccproxy-bench-obs-${mode}-`));
  const server = await startServer(mode, directory, scenario.upstreamUrl);
  let run;
  try {
    run = await drive(server, scenario.path);
  } finally {
    await server.stop();
  }
  let lines = 0;
  let rows = 0;
  if (mode === 'on' || mode === 'log') lines = (await readFile(join(directory, 'access.log'), 'utf8')).split('\n').filter(Boolean).length;
  if (mode === 'on' || mode === 'db') {
    const store = await openDuckDbStore({ path: join(directory, 'analytics.duckdb'), readOnly: true });
    rows = (await store.info()).rowCount;
    await store.close();
  }
  await rm(directory, { recursive: true, force: true });
  return { ...run, lines, rows };
}

console.log(`observability overhead: ${connections} connections, ${seconds} s per run (+2 s warm-up), ${rounds} rounds, node ${process.version}`);
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
    for (let round = 1; round <= rounds; round++) {
      for (const mode of modes) {
        const run = await measure(mode, scenario);
        results[mode].push(run);
        const extra = mode === 'off' || mode === 'noop' ? '' : `  access-log lines ${run.lines}, analytics rows ${run.rows} (measured + warm-up requests, all stored)`;
        console.log(`round ${round} ${mode.padEnd(3)}  ${run.rps.toFixed(0).padStart(6)} req/s  p50 ${run.p50.toFixed(2)} ms  p99 ${run.p99.toFixed(2)} ms  server CPU ${run.cpuUsPerRequest.toFixed(0)} µs/req  failed ${run.failed}${extra}`);
      }
    }
    const summary = Object.fromEntries(modes.map((mode) => [mode, { rps: mean(results[mode], 'rps'), p50: mean(results[mode], 'p50'), p99: mean(results[mode], 'p99'), cpuUsPerRequest: mean(results[mode], 'cpuUsPerRequest') }]));
    console.log(`${'plugins'.padEnd(24)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU µs/req'.padStart(11)}`);
    for (const mode of modes) {
      const entry = summary[mode];
      console.log(`${(labels[mode] ?? mode).padEnd(24)} ${entry.rps.toFixed(0).padStart(8)} ${entry.p50.toFixed(2).padStart(8)} ${entry.p99.toFixed(2).padStart(8)} ${entry.cpuUsPerRequest.toFixed(0).padStart(11)}`);
    }
    const ratio = summary.on && summary.off ? summary.on.rps / summary.off.rps : Number.NaN;
    if (Number.isFinite(ratio)) {
      const judged = scenario.name === 'proxied' ? ` → ${ratio >= 0.9 ? 'within target' : 'OVER target'}` : ' (reference)';
      console.log(`ratio on/off: ${(ratio * 100).toFixed(1)} % (${((1 - ratio) * 100).toFixed(1)} % fewer req/s; target ≤ 10 %)${judged}`);
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
