import { CcproxyError, type ProxyRequest, type Settings } from '@ccproxy/core';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** True for socket addresses only this machine can have (IPv4 127/8, IPv6 ::1, IPv4-mapped 127/8). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/** True for a bind host that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  return bare === 'localhost' || isLoopbackAddress(bare);
}

/**
 * Approving lets an agent run commands on this host (§3.8), so the approval and MCP routes answer
 * only local clients unless `allow_remote` is set. A route-level guard (not the static
 * `loopbackOnly` flag) because the choice is configuration.
 */
export function assertLocalClient(request: Pick<ProxyRequest, 'remoteAddress'>, allowRemote: boolean): void {
  if (allowRemote || isLoopbackAddress(request.remoteAddress)) return;
  throw new CcproxyError('PERMISSION_DENIED', 'the permission routes only answer clients on this machine (loopback); set plugins.permissions.allow_remote = true to allow remote approvers', {
    plugin: 'permissions',
  });
}

/**
 * Refuses browser requests from pages not on the CORS allow-list, even with a valid token
 * (§3.8 #3): a page must not approve tool use (or create requests) through the user's browser.
 * Requests without an `Origin` (CLIs, SDKs, Claude Code) pass.
 */
export function assertAllowedOrigin(request: Pick<ProxyRequest, 'headers'>, cors: Settings['cors']): void {
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') return;
  if (cors.origins.includes(origin) || cors.origins.includes('*')) return;
  if (cors.origin_regex !== null && new RegExp(cors.origin_regex).test(origin)) return;
  throw new CcproxyError('PERMISSION_DENIED', `origin ${origin} may not use the permission routes (not in cors.origins or cors.origin_regex)`, { plugin: 'permissions' });
}
