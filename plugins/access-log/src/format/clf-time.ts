const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `DD/Mon/YYYY:HH:MM:SS ±HHMM` in the server's local time, with its real UTC offset. */
export function formatClfTime(epochMs: number): string {
  const date = new Date(epochMs);
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(absolute / 60))}${pad(absolute % 60)}`;
  const month = MONTHS[date.getMonth()] ?? 'Jan';
  return `${pad(date.getDate())}/${month}/${date.getFullYear()}:${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${offset}`;
}
