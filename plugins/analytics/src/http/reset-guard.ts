import { CcproxyError, type ProxyRequest, type Settings } from '@ccproxy/core';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function originAllowed(origin: string, cors: Settings['cors']): boolean {
  if (cors.origins.includes(origin) || cors.origins.includes('*')) return true;
  if (!cors.origin_regex) return false;
  try {
    return new RegExp(cors.origin_regex).test(origin);
  } catch {
    return false;
  }
}

/**
 * `POST /logs/reset` deletes data: without an access token only this machine may call it, and a
 * browser page from an origin outside the CORS allow-list may never call it (cross-site request).
 */
export function assertResetAllowed(request: ProxyRequest, settings: Settings): void {
  const origin = request.headers.origin;
  if (origin && !originAllowed(origin, settings.cors)) {
    throw new CcproxyError('PERMISSION_DENIED', `reset refused: origin ${origin} is not allowed (cors.origins / cors.origin_regex)`);
  }
  if (!settings.security.auth_token && !LOOPBACK.test(request.remoteAddress)) {
    throw new CcproxyError('PERMISSION_DENIED', 'reset refused: without security.auth_token only clients on this machine may reset analytics');
  }
}
