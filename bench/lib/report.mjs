/** Prints one aligned table: a row per scenario, ratios against a named baseline row. */
export function printTable(title, rows, baselineName) {
  const baseline = rows.find((row) => row.name === baselineName);
  console.log(`\n${title}`);
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs ' + (baselineName ?? '-'), 'p50 overhead', 'errors', 'peak RSS MB'];
  const body = rows.map((row) => [
    row.name,
    row.rps.toFixed(0),
    row.p50.toFixed(2),
    row.p99.toFixed(2),
    baseline ? `${((row.rps / baseline.rps) * 100).toFixed(0)}%` : '-',
    baseline ? `${(row.p50 - baseline.p50).toFixed(2)} ms` : '-',
    String(row.errors + row.non2xx),
    row.peakMb ? row.peakMb.toFixed(0) : '-',
  ]);
  const widths = header.map((cell, index) => Math.max(cell.length, ...body.map((line) => line[index].length)));
  const format = (line) => line.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ');
  console.log(format(header));
  for (const line of body) console.log(format(line));
}
