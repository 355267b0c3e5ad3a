import { startChild } from '/work/main/bench/lib/children.mjs';
import { hammer } from '/work/main/bench/lib/load.mjs';
import { cpuMicros } from '/work/main/bench/claude/measure.mjs';
import { loadSample } from '@ccproxy/testkit';
const upstream = await startChild('/work/main/bench/codex/fake-codex-server.mjs');
const s = await startChild('/work/main/bench/codex/ccproxy-codex-server.mjs', [upstream.url]);
const cli = JSON.parse(loadSample('codex_responses_stream').response.events[0].data).response.instructions;
const native = JSON.stringify({ model: 'gpt-5-codex', instructions: cli, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }], tools: [], stream: true, store: false, prompt_cache_key: 'k' });
const chat = JSON.stringify({ model: 'gpt-5-codex', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
for (const [name, path, body, headers] of [['native', '/codex/responses', native, { originator: 'codex_cli_rs', session_id: 'x' }], ['chat', '/codex/v1/chat/completions', chat, {}]]) {
  await hammer({ url: `${s.url}${path}`, body, headers, connections: 32, count: 3000 });
  const res = [];
  for (let i = 0; i < 3; i++) { const b = cpuMicros(s.pid); const r = await hammer({ url: `${s.url}${path}`, body, headers, connections: 32, count: 4000 }); res.push((cpuMicros(s.pid) - b) / r.total); }
  console.log(name, 'CPU us/req min', Math.min(...res).toFixed(0), res.map((x) => x.toFixed(0)).join(' '));
}
await s.stop(); await upstream.stop();
