// Child process: the fake Anthropic API of @ccproxy/testkit (recorded samples), keeping no history.
import { startFakeAnthropic } from '@ccproxy/testkit';
import { announce } from '../lib/children.mjs';

const upstream = await startFakeAnthropic({ record: false });
announce(upstream.url);
process.on('SIGTERM', () => upstream.close().then(() => process.exit(0)));
