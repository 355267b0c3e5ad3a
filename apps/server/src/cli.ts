#!/usr/bin/env node
import { runCli } from './cli/run-cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;
// The command is done: do not wait for idle keep-alive sockets or a paused stdin to let go.
setTimeout(() => process.exit(code), 200).unref();
