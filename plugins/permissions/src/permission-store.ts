import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from './clock.js';

export type PermissionStatus = 'pending' | 'allowed' | 'denied' | 'expired';
export type FinalStatus = Exclude<PermissionStatus, 'pending'>;

/** A snapshot of one permission request; the store never hands out its live records. */
export interface PermissionRequest {
  readonly id: string;
  readonly toolName: string;
  /** The tool input exactly as the caller sent it (any JSON value). */
  readonly input: unknown;
  readonly toolUseId: string | null;
  readonly status: PermissionStatus;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly expiresAt: number;
  /** When it left `pending` (decided, expired or denied at shutdown). */
  readonly resolvedAt: number | null;
  /** The approver's reason for a deny, or why the store ended it (timeout, shutdown). */
  readonly message: string | null;
}

/** What the store broadcasts to approvers; the wire shape is built in `permission-events.ts`. */
export type PermissionEvent =
  | { readonly type: 'permission_request'; readonly request: PermissionRequest }
  | { readonly type: 'permission_resolved'; readonly request: PermissionRequest }
  | { readonly type: 'permission_expired'; readonly request: PermissionRequest };

export interface PermissionListener {
  onEvent(event: PermissionEvent): void;
  /** The store closed (shutdown): end the subscription. */
  onClose(): void;
}

export type CreateResult =
  | { readonly ok: true; readonly request: PermissionRequest }
  | { readonly ok: false; readonly reason: 'too_many_pending' | 'closed' };

export type TransitionResult =
  | { readonly ok: true; readonly request: PermissionRequest }
  | { readonly ok: false; readonly reason: 'not_found' }
  | { readonly ok: false; readonly reason: 'not_pending'; readonly request: PermissionRequest };

/** Who decided, for the audit log (§3.8 #7). */
export interface DecisionSource {
  readonly by: string;
}

export interface PermissionStoreOptions {
  timeoutMs: number;
  /** How long decided/expired requests stay readable. */
  retentionMs: number;
  maxPending: number;
  /** Upper bound on remembered decided requests whatever the retention (bounded memory). */
  maxRetained?: number;
  clock?: Clock;
  newId?: () => string;
  /** Called once per transition out of `pending` (audit log). */
  onSettled?(request: PermissionRequest, source: DecisionSource | undefined): void;
}

interface MutableRecord {
  id: string;
  toolName: string;
  input: unknown;
  toolUseId: string | null;
  status: PermissionStatus;
  createdAt: number;
  expiresAt: number;
  resolvedAt: number | null;
  message: string | null;
  cancelTimer: (() => void) | undefined;
  settle: () => void;
  settled: Promise<void>;
}

const DEFAULT_MAX_RETAINED = 1000;

/** The deny reason of requests still pending when the plugin stops. */
export const SHUTDOWN_MESSAGE = 'Server shutting down';

/**
 * The permission state machine (§3.4 [Rec]): `pending → allowed | denied | expired`. `transition` is
 * the only code that changes a status; it settles the request's promise and broadcasts the event,
 * and a second transition of the same request is refused. One timer per pending request expires it.
 */
export class PermissionStore {
  readonly #records = new Map<string, MutableRecord>();
  readonly #listeners = new Set<PermissionListener>();
  readonly #clock: Clock;
  readonly #options: PermissionStoreOptions;
  readonly #newId: () => string;
  #pending = 0;
  #closed = false;

  constructor(options: PermissionStoreOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#newId = options.newId ?? randomUUID;
  }

  get timeoutMs(): number {
    return this.#options.timeoutMs;
  }

  get pendingCount(): number {
    return this.#pending;
  }

  get size(): number {
    return this.#records.size;
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  now(): number {
    return this.#clock.now();
  }

  create(input: { toolName: string; input: unknown; toolUseId?: string | null }): CreateResult {
    if (this.#closed) return { ok: false, reason: 'closed' };
    this.prune();
    if (this.#pending >= this.#options.maxPending) return { ok: false, reason: 'too_many_pending' };
    const now = this.#clock.now();
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const record: MutableRecord = {
      id: this.#newId(),
      toolName: input.toolName,
      input: input.input,
      toolUseId: input.toolUseId ?? null,
      status: 'pending',
      createdAt: now,
      expiresAt: now + this.#options.timeoutMs,
      resolvedAt: null,
      message: null,
      cancelTimer: undefined,
      settle,
      settled,
    };
    this.#records.set(record.id, record);
    this.#pending++;
    record.cancelTimer = this.#clock.setTimer(() => {
      this.transition(record.id, 'expired', { message: timedOutMessage(this.#options.timeoutMs) });
    }, this.#options.timeoutMs);
    const snapshot = view(record);
    this.#broadcast({ type: 'permission_request', request: snapshot });
    return { ok: true, request: snapshot };
  }

  get(id: string): PermissionRequest | undefined {
    const record = this.#records.get(id);
    if (!record) return undefined;
    this.#expireIfDue(record);
    if (this.#isStale(record, this.#clock.now())) {
      this.#records.delete(id);
      return undefined;
    }
    return view(record);
  }

  /** Requests in creation order, optionally only those with one status. */
  list(status?: PermissionStatus): PermissionRequest[] {
    this.prune();
    const out: PermissionRequest[] = [];
    for (const record of this.#records.values()) {
      this.#expireIfDue(record);
      if (status === undefined || record.status === status) out.push(view(record));
    }
    return out;
  }

  /**
   * Moves a pending request to a final status. Idempotent: anything but a pending request is left
   * alone and reported, so concurrent deciders get exactly one winner.
   */
  transition(id: string, to: FinalStatus, options: { message?: string | null; source?: DecisionSource } = {}): TransitionResult {
    const record = this.#records.get(id);
    if (!record) return { ok: false, reason: 'not_found' };
    if (record.status !== 'pending') return { ok: false, reason: 'not_pending', request: view(record) };
    // A request past its expiry can no longer be approved, even if its timer has not fired yet.
    if (to !== 'expired' && this.#clock.now() >= record.expiresAt) {
      this.transition(id, 'expired', { message: timedOutMessage(this.#options.timeoutMs) });
      return { ok: false, reason: 'not_pending', request: view(record) };
    }
    record.status = to;
    record.resolvedAt = this.#clock.now();
    record.message = options.message ?? null;
    record.cancelTimer?.();
    record.cancelTimer = undefined;
    this.#pending--;
    record.settle();
    const snapshot = view(record);
    this.#options.onSettled?.(snapshot, options.source);
    this.#broadcast({ type: to === 'expired' ? 'permission_expired' : 'permission_resolved', request: snapshot });
    return { ok: true, request: snapshot };
  }

  /**
   * Resolves with the request once it is no longer pending, or with its pending snapshot when
   * `signal` aborts first (the waiter went away; the request itself stays pending).
   */
  async waitFor(id: string, signal?: AbortSignal): Promise<PermissionRequest | undefined> {
    const record = this.#records.get(id);
    if (!record) return undefined;
    if (record.status !== 'pending' || signal?.aborted) return view(record);
    if (!signal) {
      await record.settled;
      return view(record);
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([record.settled, aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
    return view(record);
  }

  /** Subscribes to live events. Returns the unsubscribe function. */
  subscribe(listener: PermissionListener): () => void {
    if (this.#closed) {
      listener.onClose();
      return () => undefined;
    }
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Forgets decided requests past their retention, and the oldest beyond the memory bound. */
  prune(): void {
    const now = this.#clock.now();
    let decided = 0;
    for (const [id, record] of this.#records) {
      if (this.#isStale(record, now)) this.#records.delete(id);
      else if (record.status !== 'pending') decided++;
    }
    let excess = decided - (this.#options.maxRetained ?? DEFAULT_MAX_RETAINED);
    if (excess <= 0) return;
    for (const [id, record] of this.#records) {
      if (excess <= 0) break;
      if (record.status === 'pending') continue;
      this.#records.delete(id);
      excess--;
    }
  }

  /**
   * Shutdown: every pending request is denied with `message` (blocked MCP calls return at once),
   * subscribers are told to end, and nothing new is accepted.
   */
  close(message = SHUTDOWN_MESSAGE): void {
    if (this.#closed) return;
    for (const record of [...this.#records.values()]) {
      if (record.status === 'pending') this.transition(record.id, 'denied', { message, source: { by: 'shutdown' } });
    }
    this.#closed = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener.onClose();
  }

  #expireIfDue(record: MutableRecord): void {
    if (record.status === 'pending' && this.#clock.now() >= record.expiresAt) {
      this.transition(record.id, 'expired', { message: timedOutMessage(this.#options.timeoutMs) });
    }
  }

  #isStale(record: MutableRecord, now: number): boolean {
    return record.status !== 'pending' && record.resolvedAt !== null && now - record.resolvedAt >= this.#options.retentionMs;
  }

  #broadcast(event: PermissionEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener.onEvent(event);
      } catch {
        // One broken subscriber must not stop the others or the decision itself.
        this.#listeners.delete(listener);
      }
    }
  }
}

export function timedOutMessage(timeoutMs: number): string {
  return `Permission request timed out after ${Math.round(timeoutMs / 1000)} s without a decision`;
}

/** Whole seconds left while pending, 0 otherwise (Python's `time_remaining()`). */
export function secondsRemaining(request: PermissionRequest, now: number): number {
  if (request.status !== 'pending') return 0;
  return Math.max(0, Math.floor((request.expiresAt - now) / 1000));
}

function view(record: MutableRecord): PermissionRequest {
  return {
    id: record.id,
    toolName: record.toolName,
    input: record.input,
    toolUseId: record.toolUseId,
    status: record.status,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    resolvedAt: record.resolvedAt,
    message: record.message,
  };
}
