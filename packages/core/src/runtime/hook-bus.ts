import type {
  EventBus,
  EventInterceptor,
  EventObserver,
  InterceptableEventName,
  InterceptorOrder,
  ProxyEventMap,
  ProxyEventName,
} from '../declaration/events.js';
import type { Logger } from '../declaration/logger.js';

interface ObserverEntry {
  readonly observer: EventObserver<ProxyEventName>;
  readonly priority: number;
  readonly sequence: number;
  readonly owner: string | undefined;
}

interface InterceptorEntry {
  readonly interceptor: EventInterceptor<InterceptableEventName>;
  readonly order: InterceptorOrder;
  readonly sequence: number;
  readonly owner: string | undefined;
}

const ORDER_RANK: Record<InterceptorOrder, number> = { pre: 0, normal: 1, post: 2 };

export interface HookBusStats {
  queued: number;
  dropped: number;
  failures: number;
}

export interface HookBus extends EventBus {
  /** A view whose registrations are tagged with a plugin name (for logs and removal). */
  forOwner(owner: string): EventBus;
  /** Remove every handler registered by an owner (plugin shutdown). */
  removeOwner(owner: string): void;
  /** Run an event's observers inline and wait for them (lifecycle events), at most `timeoutMs`. */
  emitAndWait<E extends ProxyEventName>(event: E, payload: ProxyEventMap[E], timeoutMs?: number): Promise<void>;
  /** Wait until queued observer work is done, at most `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  stats(): HookBusStats;
}

/**
 * The hook bus (core.md §8, style guide §3.6). Observers run off the request path in one bounded
 * FIFO queue, in priority order per event, isolated from each other's failures. Interceptors run
 * inline and serially in pre/normal/post tiers and may mutate the payload or throw to reject.
 */
export function createHookBus(options: { logger: Logger; maxQueue?: number }): HookBus {
  const { logger } = options;
  const maxQueue = options.maxQueue ?? 1000;
  const observers = new Map<ProxyEventName, ObserverEntry[]>();
  const interceptors = new Map<InterceptableEventName, InterceptorEntry[]>();
  const queue: { event: ProxyEventName; payload: unknown; handlers: ObserverEntry[] }[] = [];
  let sequence = 0;
  let draining = false;
  let idleWaiters: (() => void)[] = [];
  let dropped = 0;
  let failures = 0;
  let lastDropWarning = 0;

  function addObserver(owner: string | undefined, event: ProxyEventName, observer: EventObserver<ProxyEventName>, priority = 500): () => void {
    const list = observers.get(event) ?? [];
    if (list.some((entry) => entry.observer === observer)) return () => removeObserver(event, observer);
    const entry: ObserverEntry = { observer, priority, sequence: sequence++, owner };
    const next = [...list, entry].sort((a, b) => a.priority - b.priority || a.sequence - b.sequence);
    observers.set(event, next);
    return () => removeObserver(event, observer);
  }

  function removeObserver(event: ProxyEventName, observer: EventObserver<ProxyEventName>): void {
    observers.set(event, (observers.get(event) ?? []).filter((entry) => entry.observer !== observer));
  }

  function addInterceptor(owner: string | undefined, event: InterceptableEventName, interceptor: EventInterceptor<InterceptableEventName>, order: InterceptorOrder = 'normal'): () => void {
    const entry: InterceptorEntry = { interceptor, order, sequence: sequence++, owner };
    const next = [...(interceptors.get(event) ?? []), entry].sort((a, b) => ORDER_RANK[a.order] - ORDER_RANK[b.order] || a.sequence - b.sequence);
    interceptors.set(event, next);
    return () => interceptors.set(event, (interceptors.get(event) ?? []).filter((candidate) => candidate !== entry));
  }

  async function runQueue(): Promise<void> {
    draining = true;
    while (queue.length > 0) {
      const item = queue.shift();
      if (!item) break;
      for (const entry of item.handlers) {
        try {
          // Await only what is asynchronous: a synchronous observer costs no extra microtask.
          const result = entry.observer(item.payload as never);
          if (result !== undefined) await result;
        } catch (error) {
          failures++;
          logger.error({ event: item.event, plugin: entry.owner, priority: entry.priority, err: error }, 'hook_execution_failed');
        }
      }
    }
    draining = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function emit<E extends ProxyEventName>(event: E, payload: ProxyEventMap[E]): void {
    const handlers = observers.get(event);
    if (!handlers || handlers.length === 0) return;
    if (queue.length >= maxQueue) {
      dropped++;
      const now = Date.now();
      if (now - lastDropWarning > 10_000) {
        lastDropWarning = now;
        logger.warn({ event, dropped, max_queue: maxQueue }, 'hook_task_queue_full_dropping_task');
      }
      return;
    }
    queue.push({ event, payload, handlers });
    if (!draining) {
      draining = true;
      setImmediate(() => void runQueue());
    }
  }

  async function dispatch<E extends InterceptableEventName>(event: E, payload: ProxyEventMap[E]): Promise<ProxyEventMap[E]> {
    for (const entry of interceptors.get(event) ?? []) {
      await entry.interceptor(payload);
    }
    emit(event, payload);
    return payload;
  }

  function view(owner: string | undefined): EventBus {
    return {
      on: (event, observer, observerOptions) => addObserver(owner, event, observer as EventObserver<ProxyEventName>, observerOptions?.priority),
      intercept: (event, interceptor, interceptOptions) => addInterceptor(owner, event, interceptor as EventInterceptor<InterceptableEventName>, interceptOptions?.order),
      emit,
      dispatch,
      has: (event) => (observers.get(event)?.length ?? 0) > 0 || (interceptors.get(event as InterceptableEventName)?.length ?? 0) > 0,
    };
  }

  const root = view(undefined);
  return {
    ...root,
    forOwner: (owner) => view(owner),
    removeOwner(owner) {
      for (const [event, list] of observers) observers.set(event, list.filter((entry) => entry.owner !== owner));
      for (const [event, list] of interceptors) interceptors.set(event, list.filter((entry) => entry.owner !== owner));
    },
    async drain(timeoutMs = 5000) {
      if (!draining && queue.length === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async emitAndWait(event, payload, timeoutMs = 5000) {
      const run = async () => {
        for (const entry of observers.get(event) ?? []) {
          try {
            await entry.observer(payload);
          } catch (error) {
            failures++;
            logger.error({ event, plugin: entry.owner, err: error }, 'hook_execution_failed');
          }
        }
      };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        void run().finally(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    stats: () => ({ queued: queue.length, dropped, failures }),
  };
}
