import { describe, expect, it } from 'vitest';
import { CcproxyError, defaultSettings } from '@ccproxy/core';
import { assertAllowedOrigin, assertLocalClient, isLoopbackAddress, isLoopbackHost } from '../src/http/client-guard.js';

describe('loopback guard', () => {
  it('knows loopback socket addresses', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '0.0.0.0', '', undefined]) expect(isLoopbackAddress(address)).toBe(false);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });

  it('refuses a remote client with 403 unless allow_remote is set', () => {
    let caught: unknown;
    try {
      assertLocalClient({ remoteAddress: '192.168.1.20' }, false);
    } catch (error) {
      caught = error;
    }
    expect(CcproxyError.is(caught)).toBe(true);
    expect(caught).toMatchObject({ status: 403, message: expect.stringContaining('allow_remote') });
    expect(() => assertLocalClient({ remoteAddress: '192.168.1.20' }, true)).not.toThrow();
    expect(() => assertLocalClient({ remoteAddress: '::1' }, false)).not.toThrow();
  });

  it('refuses browser origins outside the CORS allow-list, lets CLIs (no Origin) through', () => {
    const { cors } = defaultSettings();
    expect(() => assertAllowedOrigin({ headers: {} }, cors)).not.toThrow();
    expect(() => assertAllowedOrigin({ headers: { origin: 'http://localhost:3000' } }, cors)).not.toThrow();
    expect(() => assertAllowedOrigin({ headers: { origin: 'vscode-file://vscode-app' } }, cors)).not.toThrow();
    expect(() => assertAllowedOrigin({ headers: { origin: 'https://evil.example' } }, cors)).toThrow(/evil\.example/);
  });
});
