import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@ccproxy/core';
import { memoryLogger } from '@ccproxy/core/testing';
import { permissionsConfigSchema } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { manualClock } from './manual-clock.js';

function runtimeWith(section: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  const logger = memoryLogger();
  const runtime = createRuntime({ config: permissionsConfigSchema.parse(section), settings: settingsSchema.parse(settings), logger }, '0.1.0', manualClock());
  return { runtime, logger };
}

describe('permissions runtime', () => {
  it('takes the timeout from security.confirmation_timeout_seconds unless the plugin sets its own', () => {
    expect(runtimeWith({}).runtime.timeoutSeconds).toBe(30);
    expect(runtimeWith({}, { security: { confirmation_timeout_seconds: 120 } }).runtime.timeoutSeconds).toBe(120);
    expect(runtimeWith({ timeout_seconds: 7 }, { security: { confirmation_timeout_seconds: 120 } }).runtime.timeoutSeconds).toBe(7);
  });

  it('validates the config section', () => {
    expect(permissionsConfigSchema.safeParse({ timeout_seconds: 0 }).success).toBe(false);
    expect(permissionsConfigSchema.safeParse({ max_pending: 0 }).success).toBe(false);
    expect(permissionsConfigSchema.parse({})).toMatchObject({ enabled: true, enable_sse_stream: true, cleanup_after_minutes: 5, max_pending: 100, allow_remote: false });
  });

  it('refuses to start on a non-loopback bind without a token', () => {
    expect(() => runtimeWith({}, { server: { host: '0.0.0.0', allow_public_bind: true } })).toThrow(/refuses to start.*0\.0\.0\.0/s);
    expect(() => runtimeWith({}, { server: { host: '0.0.0.0' }, security: { auth_token: 'secret-token' } })).not.toThrow();
  });

  it('writes an audit line per decision without the tool input', () => {
    const { runtime, logger } = runtimeWith({});
    const created = runtime.store.create({ toolName: 'Bash', input: { command: 'cat ~/.ssh/id_rsa' } });
    if (!created.ok) throw new Error('create failed');
    runtime.store.transition(created.request.id, 'allowed', { source: { by: '127.0.0.1 (token)' } });
    const line = logger.records.find((record) => record.message === 'permission_decision');
    expect(line?.fields).toMatchObject({ id: created.request.id, tool_name: 'Bash', allowed: true, by: '127.0.0.1 (token)', latency_ms: 0 });
    expect(JSON.stringify(logger.records)).not.toContain('id_rsa');
  });

  it('reports health and denies pending requests on close', async () => {
    const { runtime } = runtimeWith({});
    const created = runtime.store.create({ toolName: 'Bash', input: {} });
    if (!created.ok) throw new Error('create failed');
    expect(await runtime.health?.()).toMatchObject({ status: 'pass', details: { pending: 1, timeout_seconds: 30 } });
    await runtime.close?.();
    expect(runtime.store.get(created.request.id)).toMatchObject({ status: 'denied', message: 'Server shutting down' });
  });
});
