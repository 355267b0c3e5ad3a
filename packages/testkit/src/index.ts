export { startFakeUpstream, sendJson, sendSse } from './fake-upstream.js';
export type { FakeUpstream, FakeHandler, RecordedRequest, SseReplayOptions, SseEventRecord } from './fake-upstream.js';
export { loadSample, sampleNames, fixturesDir, loadFingerprint } from './samples.js';
export type { EndpointSample } from './samples.js';
export { createTempHome } from './temp-home.js';
export type { TempHome } from './temp-home.js';
export { startFakeCodex, defaultCodexSample, fakeCodexJwt, codexAuthFile } from './fake-codex.js';
export type { FakeCodex, FakeCodexOptions, FakeCodexReply, FakeCodexPlanner, CodexAuthFileOptions } from './fake-codex.js';
