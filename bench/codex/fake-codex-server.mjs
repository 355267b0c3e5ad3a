// Child process: the fake ChatGPT Codex backend (recorded samples replayed as SSE).
import { startFakeCodex } from '@ccproxy/testkit';
import { announce } from '../lib/children.mjs';

const fake = await startFakeCodex({ maxRecorded: 4 });
announce(fake.url);
process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
