#!/usr/bin/env node
// Entry point of the README's quick start. It needs only Node >= 20 and npm: it installs the pinned
// pnpm into .tools/ (corepack cannot download on every machine), then runs the workspace task.
//   node scripts/workspace.mjs start  -> install, build, serve on the embedded defaults
//   node scripts/workspace.mjs test   -> install, then build + typecheck + lint + test (what CI runs)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const toolsDir = join(root, '.tools');
const pnpmEntry = join(toolsDir, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function step(label) {
  process.stdout.write(`\n▶ ${label}\n`);
}

function installedPnpmVersion() {
  if (!existsSync(pnpmEntry)) return undefined;
  try {
    return JSON.parse(readFileSync(join(toolsDir, 'node_modules', 'pnpm', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function ensurePnpm() {
  if (installedPnpmVersion() === pinned) return;
  step(`installing pnpm ${pinned} into .tools/`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const status = run(npm, ['install', '--prefix', toolsDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${pinned}`]);
  if (status !== 0) exit(status, 'could not install pnpm through npm; check that the npm registry is reachable');
}

// turbo looks for the package manager on PATH: put the .tools copy of pnpm first.
const toolsBin = join(toolsDir, 'node_modules', '.bin');
const childEnv = {
  ...process.env,
  PATH: `${toolsBin}${delimiter}${process.env.PATH ?? ''}`,
  COREPACK_ENABLE_STRICT: '0',
  npm_config_manage_package_manager_versions: 'false',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};

function pnpm(args, options) {
  return run(process.execPath, [pnpmEntry, ...args], { ...options, env: { ...childEnv, ...options?.env } });
}

function exit(status, hint) {
  if (hint) process.stderr.write(`\n✖ ${hint}\n`);
  process.exit(status);
}

const [command = 'test', ...rest] = process.argv.slice(2);
ensurePnpm();
step('installing workspace dependencies (pnpm install)');
const installArgs = ['install', '--prefer-offline'];
if (process.env.CI) installArgs.push('--frozen-lockfile');
let status = pnpm(installArgs);
if (status !== 0) exit(status, 'pnpm install failed (see above)');

if (command === 'start') {
  step('building packages');
  status = pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  if (status !== 0) exit(status, 'the build failed (see above)');
  step('starting ccproxy (Ctrl+C to stop)');
  exit(run(process.execPath, [join(root, 'apps/server/dist/cli.js'), 'serve', ...rest]));
} else if (command === 'test') {
  step('build, typecheck, lint and test every package');
  status = pnpm(['exec', 'turbo', 'run', 'build', 'typecheck', 'lint', 'test', '--continue', ...rest]);
  if (status === 0) status = run(process.execPath, [join(root, 'scripts/test-summary.mjs')]);
  exit(status, status === 0 ? undefined : 'some checks failed (see above)');
} else {
  exit(2, `unknown command "${command}": use "start" or "test"`);
}
