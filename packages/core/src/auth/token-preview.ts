/**
 * A token shortened for display (`auth status --detailed`): the first and last `visible`
 * characters. Tokens too short to hide anything are masked entirely.
 */
export function previewToken(token: string | undefined | null, visible = 8): string {
  if (!token) return '(none)';
  if (token.length <= visible * 2) return '*'.repeat(token.length);
  return `${token.slice(0, visible)}...${token.slice(-visible)}`;
}

/** `7h 59m`, `3m 20s`, `<1s` or `Expired`, for token lifetimes. */
export function formatExpiresIn(milliseconds: number): string {
  if (milliseconds <= 0) return 'Expired';
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < 1) return '<1s';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds % 60}s`;
  return `${seconds}s`;
}
