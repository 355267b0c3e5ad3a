import { isoTime } from './clock.js';
import { secondsRemaining, type PermissionEvent, type PermissionRequest } from './permission-store.js';

/** The broadcast event of §3.3: every key present, the unused ones `null`. */
export interface PermissionWireEvent {
  type: PermissionEvent['type'];
  request_id: string;
  tool_name: string | null;
  input: unknown;
  created_at: string | null;
  expires_at: string | null;
  timeout_seconds: number | null;
  allowed: boolean | null;
  resolved_at: string | null;
  expired_at: string | null;
  message: string | null;
  [key: string]: unknown;
}

/** The request item of `GET /permissions` and `GET /permissions/{id}` (§3.6). */
export interface PermissionItem {
  request_id: string;
  tool_name: string;
  input: unknown;
  status: PermissionRequest['status'];
  created_at: string;
  expires_at: string;
  time_remaining: number;
  resolved_at: string | null;
  message: string | null;
  [key: string]: unknown;
}

export function toWireEvent(event: PermissionEvent): PermissionWireEvent {
  const { request } = event;
  const base: PermissionWireEvent = {
    type: event.type,
    request_id: request.id,
    tool_name: null,
    input: null,
    created_at: null,
    expires_at: null,
    timeout_seconds: null,
    allowed: null,
    resolved_at: null,
    expired_at: null,
    message: null,
  };
  switch (event.type) {
    case 'permission_request':
      return {
        ...base,
        tool_name: request.toolName,
        input: request.input,
        created_at: isoTime(request.createdAt),
        expires_at: isoTime(request.expiresAt),
        timeout_seconds: Math.round((request.expiresAt - request.createdAt) / 1000),
      };
    case 'permission_resolved':
      return { ...base, allowed: request.status === 'allowed', resolved_at: isoTime(request.resolvedAt ?? request.expiresAt), message: request.message };
    case 'permission_expired':
      return { ...base, expired_at: isoTime(request.resolvedAt ?? request.expiresAt), message: request.message };
  }
}

export function toItem(request: PermissionRequest, now: number): PermissionItem {
  return {
    request_id: request.id,
    tool_name: request.toolName,
    input: request.input,
    status: request.status,
    created_at: isoTime(request.createdAt),
    expires_at: isoTime(request.expiresAt),
    time_remaining: secondsRemaining(request, now),
    resolved_at: request.resolvedAt === null ? null : isoTime(request.resolvedAt),
    message: request.message,
  };
}
