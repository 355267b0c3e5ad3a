// What every measured ccproxy child shares: a logger that stays out of the measurement, the Claude
// credentials it needs, and listening + announcing + a SIGTERM that closes gracefully.
import { createServer } from '@ccproxy/server';
import { announce } from './children.mjs';

/** Logs nothing; `errors: true` still prints errors (to stderr) so a broken run shows why. */
export function quietLogger({ errors = false } = {}) {
  const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: errors ? (...args) => console.error(...args) : () => {}, fatal() {}, child: () => quiet };
  return quiet;
}

/** A ~/.claude/.credentials.json valid for a day (the fake Anthropic API accepts any token). */
export function benchClaudeCredentials() {
  return { claudeAiOauth: { accessToken: 'sk-ant-oat01-bench', refreshToken: 'sk-ant-ort01-bench', expiresAt: Date.now() + 24 * 3600 * 1000, scopes: ['user:inference'], subscriptionType: 'max' } };
}

/** Starts ccproxy on 127.0.0.1, announces its URL to the parent, and closes gracefully on SIGTERM. */
export async function serveBenchServer(options, { onClosed } = {}) {
  const server = await createServer(options);
  const { url } = await server.listen(0, '127.0.0.1');
  announce(url);
  process.on('SIGTERM', () =>
    server
      .close()
      .then(() => onClosed?.())
      .then(() => process.exit(0)),
  );
}
