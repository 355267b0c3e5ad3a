import { matchesFilter } from '../store/match-filter.js';
import type { AnalyticsStore, LogFilter, LogRow } from '../store/types.js';

export type WaitOutcome = 'data' | 'timeout' | 'closed';

/** One `/logs/stream` client: a bounded queue that drops its oldest rows when the client lags. */
export class LiveSubscription {
  readonly id: string;
  readonly filter: LogFilter;
  readonly #max: number;
  readonly #onClose: (subscription: LiveSubscription) => void;
  #rows: LogRow[] = [];
  #dropped = 0;
  #closed = false;
  #reason: 'client' | 'shutdown' = 'client';
  #wake: ((outcome: WaitOutcome) => void) | undefined;

  constructor(id: string, filter: LogFilter, max: number, onClose: (subscription: LiveSubscription) => void) {
    this.id = id;
    this.filter = filter;
    this.#max = max;
    this.#onClose = onClose;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Why it ended: the client left (or its request ended), or the server is shutting down. */
  get reason(): 'client' | 'shutdown' {
    return this.#reason;
  }

  push(row: LogRow): void {
    if (this.#closed || !matchesFilter(this.filter, row)) return;
    this.#rows.push(row);
    if (this.#rows.length > this.#max) {
      this.#rows.shift();
      this.#dropped++;
    }
    this.#notify('data');
  }

  /** Rows waiting and how many were dropped since the last call. */
  take(): { rows: LogRow[]; dropped: number } {
    const taken = { rows: this.#rows, dropped: this.#dropped };
    this.#rows = [];
    this.#dropped = 0;
    return taken;
  }

  /** Resolves when rows are waiting, after `timeoutMs`, or when the subscription or `signal` ends. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<WaitOutcome> {
    if (this.#closed || signal.aborted) return Promise.resolve('closed');
    if (this.#rows.length > 0 || this.#dropped > 0) return Promise.resolve('data');
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#wake = undefined;
        resolve(outcome);
      };
      const onAbort = () => finish('closed');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#wake = finish;
    });
  }

  close(reason: 'client' | 'shutdown' = 'client'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#reason = reason;
    this.#rows = [];
    this.#notify('closed');
    this.#onClose(this);
  }

  #notify(outcome: WaitOutcome): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.(outcome);
  }
}

/**
 * Fans committed rows out to the `/logs/stream` clients whose filters match. It listens to the
 * store only while a client is connected: without one the store does not even build the rows
 * (with their sequence numbers) it would hand over.
 */
export class LiveFeed {
  readonly #subscriptions = new Set<LiveSubscription>();
  #next = 0;
  #closing = false;
  #source: Pick<AnalyticsStore, 'subscribe'> | undefined;
  #stopListening: (() => void) | undefined;

  get size(): number {
    return this.#subscriptions.size;
  }

  /** Rows come from this store from now on (the holder opened or reopened it). */
  attach(source: Pick<AnalyticsStore, 'subscribe'>): void {
    this.#unlisten();
    this.#source = source;
    this.#listen();
  }

  publish(rows: readonly LogRow[]): void {
    if (this.#subscriptions.size === 0) return;
    for (const subscription of this.#subscriptions) for (const row of rows) subscription.push(row);
  }

  subscribe(filter: LogFilter, maxQueue: number): LiveSubscription {
    const subscription = new LiveSubscription(`stream-${++this.#next}`, filter, maxQueue, (closed) => {
      this.#subscriptions.delete(closed);
      if (this.#subscriptions.size === 0) this.#unlisten();
    });
    this.#subscriptions.add(subscription);
    this.#listen();
    return subscription;
  }

  /** Server shutdown: every stream ends now (with a `disconnect` event) and no new one starts. */
  closeAll(): void {
    this.#closing = true;
    for (const subscription of [...this.#subscriptions]) subscription.close('shutdown');
  }

  get closing(): boolean {
    return this.#closing;
  }

  #listen(): void {
    if (this.#subscriptions.size > 0 && !this.#stopListening && this.#source) this.#stopListening = this.#source.subscribe((rows) => this.publish(rows));
  }

  #unlisten(): void {
    this.#stopListening?.();
    this.#stopListening = undefined;
  }
}
