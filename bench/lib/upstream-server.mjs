// Child process: a fake Anthropic-style upstream replaying the recorded samples (JSON or SSE).
import { loadSample, sendJson, sendSse, startFakeUpstream } from '@ccproxy/testkit';
import { announce } from './children.mjs';

const whole = loadSample('claude_messages').response;
const stream = loadSample('claude_messages_stream').response.events;
const upstream = await startFakeUpstream((request, response) => {
  // Keep no history: the benchmark sends far too many requests to record.
  upstream.requests.length = 0;
  if (request.json?.stream) return sendSse(response, stream);
  return sendJson(response, 200, whole.body);
});
announce(upstream.url);
process.on('SIGTERM', () => upstream.close().then(() => process.exit(0)));
