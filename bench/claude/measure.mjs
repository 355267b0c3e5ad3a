// CPU time of a child process per request (Linux /proc): on a shared or busy machine req/s swing
// with the neighbours, while CPU microseconds per request stay comparable between servers.
import { readFileSync } from 'node:fs';
import { drive } from '../lib/load.mjs';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process, in microseconds. */
export function cpuMicros(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return Number.NaN;
  }
}

/** `drive()` plus the CPU the measured server spent per request. */
export async function driveMeasured(server, options) {
  // Warm up long enough for the JIT to settle: a cold first run once read 30 % high.
  await drive({ ...options, seconds: 3, warmupSeconds: 0 });
  const before = cpuMicros(server.pid);
  const result = await drive({ ...options, warmupSeconds: 0 });
  const spent = cpuMicros(server.pid) - before;
  return { ...result, cpuUs: spent / Math.max(1, result.total), peakMb: server.memory().peakMb };
}

/**
 * Runs every scenario `repeat` times, interleaved (so a burst of load elsewhere hits all servers
 * alike), and keeps each scenario's best run (highest req/s; lowest CPU per request).
 */
export async function bestOf(repeat, scenarios) {
  const best = new Map();
  for (let round = 0; round < repeat; round++) {
    for (const scenario of scenarios) {
      const result = await driveMeasured(scenario.server, scenario.options);
      const previous = best.get(scenario.name);
      best.set(
        scenario.name,
        previous
          ? { ...(result.rps > previous.rps ? result : previous), cpuUs: Math.min(result.cpuUs, previous.cpuUs), peakMb: Math.max(result.peakMb, previous.peakMb) }
          : result,
      );
    }
  }
  return scenarios.map((scenario) => ({ name: scenario.name, ...best.get(scenario.name) }));
}

/** One aligned table: req/s, latency, CPU per request, and ratios against a baseline row. */
export function printRows(title, rows, baselineName) {
  const baseline = rows.find((row) => row.name === baselineName);
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'req/s per core', 'vs baseline (req/s)', 'vs baseline (CPU)', 'p50 overhead', 'errors', 'peak RSS MB'];
  const body = rows.map((row) => [
    row.name,
    row.rps.toFixed(0),
    row.p50.toFixed(2),
    row.p99.toFixed(2),
    row.cpuUs.toFixed(0),
    (1e6 / row.cpuUs).toFixed(0),
    baseline ? `${((row.rps / baseline.rps) * 100).toFixed(0)}%` : '-',
    baseline ? `${((baseline.cpuUs / row.cpuUs) * 100).toFixed(0)}%` : '-',
    baseline ? `${(row.p50 - baseline.p50).toFixed(2)} ms` : '-',
    String(row.errors + row.non2xx),
    row.peakMb ? row.peakMb.toFixed(0) : '-',
  ]);
  const widths = header.map((cell, index) => Math.max(cell.length, ...body.map((line) => line[index].length)));
  const format = (line) => line.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  console.log(`\n${title}${baseline ? ` (baseline: ${baselineName})` : ''}`);
  console.log(format(header));
  for (const line of body) console.log(format(line));
}

/**
 * Unloaded latency: `count` sequential requests on one keep-alive connection, timed to the last
 * body byte with a microsecond clock (autocannon's histogram is whole milliseconds).
 */
export async function latencyProbe({ url, body, headers = {}, count = 2000 }) {
  const { request, Agent } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const once = () =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const call = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(performance.now() - started));
      });
      call.on('error', reject);
      call.end(body);
    });
  for (let index = 0; index < 200; index++) await once();
  const samples = [];
  for (let index = 0; index < count; index++) samples.push(await once());
  agent.destroy();
  samples.sort((a, b) => a - b);
  const at = (fraction) => samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))];
  return { p50: at(0.5), p99: at(0.99) };
}
