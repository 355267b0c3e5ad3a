import type { Logger } from '../declaration/logger.js';
import type { BackgroundTasks } from '../declaration/services.js';

export interface CreateBackgroundTasksOptions {
  logger: Logger;
  /** Most tasks tracked at once; beyond it new work is refused (logged). Default 1000. */
  capacity?: number;
}

export interface StoppableBackgroundTasks extends BackgroundTasks {
  /** Aborts every signal, then waits for the work to settle, at most `timeoutMs` (default 30 s). */
  stop(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_BACKGROUND_CAPACITY = 1000;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;

function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { err: error, error_type: error.name } : { error: String(error), error_type: typeof error };
}

/**
 * Tracked fire-and-forget work (core.md §14.6): `spawn(name, (signal) => …)` starts at once; a rejection or throw is
 * logged, never propagated. Finished work is forgotten immediately, so `size` is the number in flight. After
 * `stop()` nothing new starts.
 */
export function createBackgroundTasks(options: CreateBackgroundTasksOptions): StoppableBackgroundTasks {
  const { logger } = options;
  const capacity = Math.max(1, options.capacity ?? DEFAULT_BACKGROUND_CAPACITY);
  const controller = new AbortController();
  const inFlight = new Map<Promise<void>, string>();
  let stopped = false;

  return {
    get size() {
      return inFlight.size;
    },

    spawn(name: string, work: (signal: AbortSignal) => Promise<void>): void {
      if (stopped) {
        logger.warn({ task: name }, 'background_task_rejected_after_stop');
        return;
      }
      if (inFlight.size >= capacity) {
        logger.error({ task: name, capacity, in_flight: inFlight.size }, 'background_tasks_at_capacity');
        return;
      }
      const { signal } = controller;
      let started: Promise<void>;
      try {
        started = Promise.resolve(work(signal));
      } catch (error) {
        started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const tracked: Promise<void> = started
        .catch((error: unknown) => {
          if (signal.aborted) logger.debug({ task: name, ...errorFields(error) }, 'background_task_aborted');
          else logger.error({ task: name, ...errorFields(error) }, 'background_task_failed');
        })
        .finally(() => {
          inFlight.delete(tracked);
        });
      inFlight.set(tracked, name);
    },

    async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
      stopped = true;
      controller.abort();
      if (inFlight.size === 0) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
        timer.unref?.();
      });
      try {
        const outcome = await Promise.race([Promise.allSettled([...inFlight.keys()]), timeout]);
        if (outcome === 'timeout') {
          logger.warn({ tasks: [...inFlight.values()], timeout_ms: timeoutMs }, 'background_tasks_did_not_stop_in_time');
        }
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
