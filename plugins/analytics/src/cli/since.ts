const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The start of a `--since` window, epoch ms: a duration back from now (`30m`, `24h`, `7d`, `2w`),
 * an ISO date or date-time (`2025-01-31`, `2025-01-31T08:00:00Z`), or Unix epoch seconds.
 * Returns an error message instead when the value is not understood.
 */
export function parseSince(value: string, now: number): { startMs: number } | { error: string } {
  const text = value.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text);
  if (duration) {
    const amount = Number(duration[1]);
    const unit = UNITS[(duration[2] ?? 'h').toLowerCase()] ?? UNITS.h ?? 3_600_000;
    if (amount > 0) return { startMs: now - amount * unit };
  }
  if (/^\d{9,11}(\.\d+)?$/.test(text)) return { startMs: Math.round(Number(text) * 1000) };
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const parsed = Date.parse(text);
    if (Number.isFinite(parsed)) {
      if (parsed > now) return { error: `--since ${text} is in the future` };
      return { startMs: parsed };
    }
  }
  return { error: `--since: expected a duration like 30m, 24h, 7d or 2w, a date like 2025-01-31, or epoch seconds (got "${text}")` };
}

/** "last 24 hours", "last 7 days", "since 2025-01-31 08:00:00 UTC". */
export function describeWindow(startMs: number, now: number): string {
  const span = now - startMs;
  const units: [number, string][] = [
    [604_800_000, 'week'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    // Whole units only, and at least two of the bigger ones ("24 hours" reads better than "1 day").
    if (span > 0 && span % size === 0 && (span / size >= 2 || size === 60_000 || size === 3_600_000)) {
      const count = span / size;
      return `last ${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `since ${new Date(startMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}
