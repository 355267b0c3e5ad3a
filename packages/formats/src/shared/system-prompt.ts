// System prompt cleaning (formats.md §4.6): drop Claude Code's per-request billing header lines.

const BILLING_PREFIX = 'x-anthropic-billing-header:';

export function stripBillingHeader(text: string): string {
  if (!text.toLowerCase().includes(BILLING_PREFIX)) return text.trim();
  return text
    .split('\n')
    .filter((line) => !line.trim().toLowerCase().startsWith(BILLING_PREFIX))
    .join('\n')
    .trim();
}
