/** Client headers never forwarded upstream (providers.md §1.5): hop-by-hop, proxy, CORS, and the client's own credentials. */
export const EXCLUDED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer',
  'proxy-authenticate', 'proxy-authorization', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded',
  'accept-encoding', 'content-encoding',
  'origin', 'access-control-request-method', 'access-control-request-headers', 'access-control-allow-origin',
  'access-control-allow-methods', 'access-control-allow-headers', 'access-control-allow-credentials',
  'access-control-max-age', 'access-control-expose-headers',
  // The proxy's access token and any client credential: upstream auth always comes from the provider.
  'authorization', 'x-api-key', 'cookie', 'content-length',
  'cdn-loop', 'cf-connecting-ip', 'cf-ew-via', 'cf-ipcountry', 'cf-ray', 'cf-visitor', 'cf-warp-tag-id', 'cf-worker',
]);

/** Upstream response headers never relayed to the client (the body was decoded and is re-framed). */
export const EXCLUDED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'content-encoding', 'content-length', 'set-cookie',
]);

/** The client's headers that may go upstream, lower-cased. */
export function forwardableRequestHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  // for-in, not Object.entries: no pair arrays per header on the request path.
  for (const name in headers) {
    const value = headers[name];
    const key = name.toLowerCase();
    if (value !== undefined && !EXCLUDED_REQUEST_HEADERS.has(key)) kept[key] = value;
  }
  return kept;
}

/**
 * The upstream's response headers that may reach the client (rate limits, request ids...). The
 * upstream's `x-request-id` becomes `upstream-request-id`: the client's `x-request-id` is ours.
 */
export function forwardableResponseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name] as string;
    const key = name.toLowerCase();
    if (key === 'x-request-id') kept['upstream-request-id'] = value;
    else if (!EXCLUDED_RESPONSE_HEADERS.has(key) && key !== 'content-type' && key !== 'date' && key !== 'server') kept[key] = value;
  }
  return kept;
}
