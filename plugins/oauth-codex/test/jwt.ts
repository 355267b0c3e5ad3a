/** An unsigned JWT with these claims (the plugin decodes without verifying). */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

export const AUTH = 'https://api.openai.com/auth';

export function accessToken(options: { exp?: number; account?: string; sub?: string; marker?: string } = {}): string {
  return jwt({
    sub: options.sub ?? 'user-subject-123',
    exp: options.exp ?? Math.floor(Date.now() / 1000) + 3600,
    ...(options.account ? { [AUTH]: { chatgpt_account_id: options.account } } : {}),
    marker: options.marker ?? 'ACCESS-SECRET',
  });
}

export function idToken(options: { account?: string; plan?: string; sub?: string; email?: string } = {}): string {
  return jwt({
    sub: options.sub ?? 'user-subject-123',
    email: options.email ?? 'dev@example.com',
    [AUTH]: {
      ...(options.account ? { chatgpt_account_id: options.account } : {}),
      chatgpt_plan_type: options.plan ?? 'pro',
      organizations: [{ id: 'org-1', title: 'Personal', role: 'owner' }],
    },
  });
}
