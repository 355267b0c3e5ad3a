import { CcproxyError, eventStream, json, type ProxyRequest, type ProxyResponse, type RouteDefinition } from '@ccproxy/core';
import { toItem } from '../permission-events.js';
import type { PermissionStatus } from '../permission-store.js';
import type { PermissionsRuntime } from '../runtime.js';
import { approvalStream } from './approval-stream.js';
import { assertAllowedOrigin, assertLocalClient } from './client-guard.js';

const STATUSES: readonly PermissionStatus[] = ['pending', 'allowed', 'denied', 'expired'];
const MAX_MESSAGE_CHARS = 2000;

function validationError(message: string): CcproxyError {
  return new CcproxyError('INVALID_REQUEST', message, { status: 422, type: 'validation_error', plugin: 'permissions' });
}

function notFound(): CcproxyError {
  return new CcproxyError('NOT_FOUND', 'Permission request not found', { plugin: 'permissions' });
}

/** Who decided, for the audit log: the client address and whether it presented a token. */
function decidedBy(request: ProxyRequest): string {
  const token = request.headers['x-api-key'] || request.headers.authorization ? 'token' : 'no token';
  return `${request.remoteAddress} (${token})`;
}

/** Checks shared by every approval route: loopback (unless allowed), origin, API switched on. */
export function guardApproval(request: ProxyRequest, runtime: PermissionsRuntime): void {
  assertLocalClient(request, runtime.config.allow_remote);
  assertAllowedOrigin(request, runtime.cors);
  if (!runtime.config.enable_sse_stream) {
    throw new CcproxyError('NOT_FOUND', 'the approval API is turned off (plugins.permissions.enable_sse_stream = false)', { plugin: 'permissions' });
  }
}

function list(request: ProxyRequest, runtime: PermissionsRuntime): ProxyResponse {
  guardApproval(request, runtime);
  const wanted = request.query.get('status') ?? 'pending';
  if (wanted !== 'all' && !STATUSES.includes(wanted as PermissionStatus)) {
    throw validationError(`query -> status: must be one of all, ${STATUSES.join(', ')} (got "${wanted}")`);
  }
  const now = runtime.store.now();
  const requests = runtime.store.list(wanted === 'all' ? undefined : (wanted as PermissionStatus)).map((item) => toItem(item, now));
  return json({ requests, count: requests.length, timeout_seconds: runtime.timeoutSeconds });
}

function stream(request: ProxyRequest, runtime: PermissionsRuntime): ProxyResponse {
  guardApproval(request, runtime);
  return eventStream(
    approvalStream(runtime.store, {
      signal: request.signal,
      onOverflow: () => {
        runtime.droppedSubscribers++;
        runtime.logger.warn({ request_id: request.id }, 'permission_stream_subscriber_dropped_too_slow');
      },
    }),
  );
}

function getOne(request: ProxyRequest, runtime: PermissionsRuntime): ProxyResponse {
  guardApproval(request, runtime);
  const found = runtime.store.get(request.params.id ?? '');
  if (!found) throw notFound();
  return json(toItem(found, runtime.store.now()));
}

function parseDecision(request: ProxyRequest): { allowed: boolean; message: string | null } {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new CcproxyError('INVALID_REQUEST', 'send the decision as Content-Type: application/json, e.g. {"allowed": true}', { status: 415, type: 'unsupported_media_type', plugin: 'permissions' });
  }
  let body: Record<string, unknown>;
  try {
    body = request.json();
  } catch (error) {
    throw validationError(`body: ${(error as Error).message}; expected {"allowed": true|false, "message"?: string}`);
  }
  if (typeof body.allowed !== 'boolean') {
    throw validationError('body -> allowed: must be a JSON boolean (true to allow, false to deny)');
  }
  const message = body.message;
  if (message !== undefined && message !== null && typeof message !== 'string') throw validationError('body -> message: must be a string');
  if (typeof message === 'string' && message.length > MAX_MESSAGE_CHARS) throw validationError(`body -> message: at most ${MAX_MESSAGE_CHARS} characters`);
  return { allowed: body.allowed, message: typeof message === 'string' && message.trim() !== '' ? message.trim() : null };
}

function respond(request: ProxyRequest, runtime: PermissionsRuntime): ProxyResponse {
  guardApproval(request, runtime);
  const id = request.params.id ?? '';
  // 404 before the body is judged: an unknown id is the more useful answer.
  if (!runtime.store.get(id)) throw notFound();
  const decision = parseDecision(request);
  const outcome = runtime.store.transition(id, decision.allowed ? 'allowed' : 'denied', {
    ...(decision.allowed ? {} : { message: decision.message }),
    source: { by: decidedBy(request) },
  });
  if (!outcome.ok) {
    if (outcome.reason === 'not_found') throw notFound();
    throw new CcproxyError('CONFLICT', `Permission request '${id}' already resolved with status: ${outcome.request.status}`, {
      plugin: 'permissions',
      details: { status: outcome.request.status },
    });
  }
  return json({ status: 'success', permission_id: id, allowed: decision.allowed });
}

/** `/permissions` (§3.6); `/stream` is declared before `/:id`. */
export const approvalRoutes: readonly RouteDefinition<PermissionsRuntime>[] = [
  { method: 'GET', path: '/', handler: list },
  { method: 'GET', path: '/stream', handler: stream },
  { method: 'GET', path: '/:id', handler: getOne },
  { method: 'POST', path: '/:id/respond', handler: respond },
];
