#!/usr/bin/env node
// Adds up the vitest JSON reports of every package into one closing line ("N passed, N failed"),
// so a reader (or CI) sees the whole suite's result at the end of the turbo output.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const group of ['packages', 'plugins', 'apps', 'examples']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, 'test-results.json');
    if (!existsSync(report)) continue;
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests ?? 0;
    failed += result.numFailedTests ?? 0;
    skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    rows.push(`  ${`${group}/${name}`.padEnd(28)} ${String(result.numPassedTests ?? 0).padStart(5)} passed ${String(result.numFailedTests ?? 0).padStart(3)} failed`);
  }
}
console.log('\nTest results by package:');
for (const row of rows) console.log(row);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exit(1);
