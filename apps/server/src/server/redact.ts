const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'set-cookie', 'x-auth-token', 'proxy-authorization']);

/** Header map safe to log or emit: credentials replaced, names lower-cased, arrays joined. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    safe[key] = SECRET_HEADERS.has(key) ? '[REDACTED]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return safe;
}
