import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '@ccproxy/testkit';
import { startProxy, type RunningProxy } from '../helpers.js';
import { AUTH_PLUGINS, jwt } from './support.js';

const CLAUDE_ACCESS = 'sk-ant-oat01-HEALTH-ACCESS-SECRET-0123456789';
const CLAUDE_REFRESH = 'sk-ant-ort01-HEALTH-REFRESH-SECRET-0123456789';

let home: TempHome;
let proxy: RunningProxy | undefined;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await home.remove();
});

interface HealthBody {
  status: string;
  checks: Record<string, { status: string; output?: string; details?: Record<string, unknown> }[]>;
}

async function health(): Promise<{ status: number; body: HealthBody; text: string }> {
  proxy = await startProxy({ plugins: AUTH_PLUGINS, env: { HOME: home.path } });
  const response = await fetch(`${proxy.url}/health`);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as HealthBody, text };
}

describe('/health with the auth plugins', () => {
  it('warns (never fails) on a fresh machine and names the login commands', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('warn');
    expect(body.checks['plugin:oauth_claude']![0]).toMatchObject({ status: 'warn', output: expect.stringContaining('Run: ccproxy auth login claude') });
    expect(body.checks['plugin:oauth_codex']![0]).toMatchObject({ status: 'warn', output: expect.stringContaining('Run: ccproxy auth login codex') });
  });

  it('passes when both credential files are usable, without exposing tokens', async () => {
    await home.write('.claude/.credentials.json', { claudeAiOauth: { accessToken: CLAUDE_ACCESS, refreshToken: CLAUDE_REFRESH, expiresAt: Date.now() + 3_600_000, scopes: ['user:inference'], subscriptionType: 'max' } });
    const codexAccess = jwt({ exp: Math.floor(Date.now() / 1000) + 3600, marker: 'CODEX-HEALTH-SECRET' });
    await home.write('.codex/auth.json', { tokens: { access_token: codexAccess, refresh_token: 'rt_CODEX-HEALTH-SECRET', id_token: jwt({ 'https://api.openai.com/auth': { chatgpt_account_id: 'acct-9', chatgpt_plan_type: 'pro' } }) } });
    const { body, text } = await health();
    expect(body.checks['plugin:oauth_claude']![0]).toMatchObject({ status: 'pass', details: { plan: 'max', usable: true } });
    expect(body.checks['plugin:oauth_codex']![0]).toMatchObject({ status: 'pass', details: { account_id: 'acct-9', plan: 'pro' } });
    expect(body.status).toBe('pass');
    for (const secret of [CLAUDE_ACCESS, CLAUDE_REFRESH, codexAccess, 'HEALTH-SECRET']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(proxy!.logs)).not.toContain(secret);
    }
  });
});
