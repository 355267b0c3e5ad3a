#!/usr/bin/env node
// `node bench/codex/run.mjs`: the codex provider against a fake ChatGPT Codex backend. Scenarios:
// the Responses streaming fast path (a Codex-CLI-shaped request) against a bare Node passthrough,
// then the converted paths (chat → responses, anthropic → responses), then RSS growth over many
// requests. Needs built packages (`pnpm build`). Numbers are reported, never asserted.
// BENCH_SECONDS (8), BENCH_CONNECTIONS (32), BENCH_MEMORY_REQUESTS (100000) tune it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSample } from '@ccproxy/testkit';
import { startChild } from '../lib/children.mjs';
import { hammer } from '../lib/load.mjs';
import { bestOf, printRows } from '../claude/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const memoryRequests = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));

// What the Codex CLI sends: its own prompt (~10 kB, taken from the recorded response), originator.
const cliInstructions = JSON.parse(loadSample('codex_responses_stream').response.events[0].data).response.instructions;
const nativeBody = JSON.stringify({
  model: 'gpt-5-codex',
  instructions: cliInstructions,
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
  tools: [],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: '2442d30f-2543-48fc-8fd2-bf595e099655',
});
const nativeHeaders = { originator: 'codex_cli_rs', version: '0.60.0', 'user-agent': 'codex_cli_rs/0.60.0 (bench)', accept: 'text/event-stream', session_id: '2442d30f-2543-48fc-8fd2-bf595e099655' };
const chatBody = JSON.stringify({ model: 'gpt-5-codex', stream: true, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hello' }] });
const anthropicBody = JSON.stringify({ model: 'gpt-5-codex', max_tokens: 1024, stream: true, system: 'You are terse.', messages: [{ role: 'user', content: 'Hello' }] });

console.log(`codex benchmark: ${connections} connections, ${seconds} s per scenario, node ${process.version}`);
const upstream = await startChild(join(here, 'fake-codex-server.mjs'));
const passthrough = await startChild(join(here, '../lib/passthrough-server.mjs'), [upstream.url]);
const ccproxy = await startChild(join(here, 'ccproxy-codex-server.mjs'), [upstream.url]);

try {
  const options = { connections, seconds };
  // Same machinery as the claude suite: a warm-up per scenario, CPU per request, best of BENCH_REPEAT.
  const native = await bestOf(repeat, [
    { name: 'fake codex direct', server: upstream, options: { ...options, url: `${upstream.url}/backend-api/codex/responses`, body: nativeBody, headers: nativeHeaders } },
    { name: 'bare node passthrough', server: passthrough, options: { ...options, url: `${passthrough.url}/x/backend-api/codex/responses`, body: nativeBody, headers: nativeHeaders } },
    { name: 'ccproxy /codex/responses', server: ccproxy, options: { ...options, url: `${ccproxy.url}/codex/responses`, body: nativeBody, headers: nativeHeaders } },
  ]);
  printRows('Responses streaming fast path (Codex CLI request)', native, 'bare node passthrough');

  const converted = [
    native[1],
    ...(await bestOf(repeat, [
      { name: 'ccproxy chat -> responses', server: ccproxy, options: { ...options, url: `${ccproxy.url}/codex/v1/chat/completions`, body: chatBody } },
      { name: 'ccproxy anthropic -> responses', server: ccproxy, options: { ...options, url: `${ccproxy.url}/codex/v1/messages`, body: anthropicBody } },
    ])),
  ];
  printRows('Converted streaming (target: >= 4000 req/s)', converted, 'bare node passthrough');

  for (const [title, url, body, headers] of memoryRequests <= 0 ? [] : [
    ['native', `${ccproxy.url}/codex/responses`, nativeBody, nativeHeaders],
    ['anthropic -> responses', `${ccproxy.url}/codex/v1/messages`, anthropicBody, {}],
  ]) {
    const before = ccproxy.memory().rssMb;
    const started = performance.now();
    const run = await hammer({ url, body, headers, connections, count: memoryRequests });
    const after = ccproxy.memory();
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `\nmemory (${title}): ${run.total} streaming requests in ${elapsed.toFixed(0)} s (${run.errors + run.non2xx} failed): RSS ${before.toFixed(0)} MB -> ${after.rssMb.toFixed(0)} MB (growth ${(after.rssMb - before).toFixed(1)} MB, target < 30), peak ${after.peakMb.toFixed(0)} MB`,
    );
  }
} finally {
  await Promise.all([ccproxy.stop(), passthrough.stop(), upstream.stop()]);
}
