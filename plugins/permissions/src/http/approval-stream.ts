import { serializeSse } from '@ccproxy/core';
import { systemClock, type Clock } from '../clock.js';
import { toWireEvent } from '../permission-events.js';
import type { PermissionEvent, PermissionStore } from '../permission-store.js';

export interface ApprovalStreamOptions {
  signal: AbortSignal;
  /** A `ping` event after this much silence (§3.6: 30 s). */
  keepaliveMs?: number;
  /** Events queued for a subscriber that does not read; beyond it the subscriber is dropped. */
  maxQueue?: number;
  clock?: Clock;
  /** Called when this subscriber was dropped for falling behind. */
  onOverflow?(): void;
}

function ping(message: string): string {
  return serializeSse({ event: 'ping', data: JSON.stringify({ message }) });
}

function frame(event: PermissionEvent): string {
  return serializeSse({ event: event.type, data: JSON.stringify(toWireEvent(event)) });
}

/**
 * `GET /permissions/stream` (§3.6): a `ping`, one `permission_request` per pending request, then
 * live events, with a keepalive `ping` after 30 s of silence. Ends when the client disconnects,
 * when the store closes (shutdown), or when the client falls `maxQueue` events behind.
 */
export async function* approvalStream(store: PermissionStore, options: ApprovalStreamOptions): AsyncGenerator<string> {
  const clock = options.clock ?? systemClock;
  const keepaliveMs = options.keepaliveMs ?? 30_000;
  const maxQueue = options.maxQueue ?? 1000;
  const queue: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const end = () => {
    ended = true;
    notify();
  };

  // Snapshot and subscription in the same tick: no event can fall between them.
  queue.push(ping('Connected to permission stream'));
  for (const request of store.list('pending')) queue.push(frame({ type: 'permission_request', request }));
  const unsubscribe = store.subscribe({
    onEvent(event) {
      if (ended) return;
      if (queue.length >= maxQueue) {
        options.onOverflow?.();
        end();
        return;
      }
      queue.push(frame(event));
      notify();
    },
    onClose: end,
  });
  options.signal.addEventListener('abort', end, { once: true });
  if (options.signal.aborted) end();

  let cancelKeepalive: (() => void) | undefined;
  const armKeepalive = () => {
    cancelKeepalive?.();
    cancelKeepalive = clock.setTimer(() => {
      queue.push(ping('keepalive'));
      notify();
    }, keepaliveMs);
  };

  try {
    armKeepalive();
    for (;;) {
      if (options.signal.aborted) return;
      if (queue.length > 0) {
        // Deliver what is queued even when ending, so a shutdown's last events reach the client.
        yield queue.shift() as string;
        armKeepalive();
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    cancelKeepalive?.();
    unsubscribe();
    options.signal.removeEventListener('abort', end);
  }
}
