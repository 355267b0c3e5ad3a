import type { Logger } from '../declaration/logger.js';
import type { ScheduledTaskOptions, ScheduledTaskStatus, Scheduler } from '../declaration/services.js';
import { CcproxyError } from '../errors/ccproxy-error.js';

export interface CreateSchedulerOptions {
  logger: Logger;
  /** Runs allowed at the same time across all tasks (`scheduler.max_concurrent_tasks`); default 10. */
  maxConcurrent?: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
}

export interface RunnableScheduler extends Scheduler {
  /** Starts every added task (tasks added later start at once). No-op when already running. */
  start(): void;
  /** Aborts in-flight sleeps and runs, waits for the loops to settle up to `timeoutMs` (default 30 s). */
  stop(timeoutMs?: number): Promise<void>;
  /** Removes every task added with this owner (a plugin shutting down). */
  removeOwner(owner: string): Promise<void>;
  readonly running: boolean;
}

export const DEFAULT_MAX_BACKOFF_SECONDS = 300;
export const DEFAULT_JITTER_FACTOR = 0.25;
const DEFAULT_STOP_TIMEOUT_MS = 30_000;
/** How long `remove()` waits for a task's loop to notice the abort (core.md §14.2: 1 s). */
const REMOVE_WAIT_MS = 1_000;

interface TaskEntry {
  readonly options: ScheduledTaskOptions;
  readonly owner: string | null;
  readonly interval: number;
  readonly maxBackoff: number;
  readonly jitter: number;
  failures: number;
  lastRunTime: number;
  nextDelay: number | null;
  controller: AbortController | null;
  loop: Promise<void> | null;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { err: error, error_type: error.name } : { error: String(error), error_type: typeof error };
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. The timer never keeps the process alive. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Waits for `promise` at most `ms`; `true` when it settled in time. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Counting semaphore whose waiters give up when their signal aborts. */
function createSemaphore(limit: number) {
  let available = limit;
  const waiters: { resolve: (acquired: boolean) => void; signal: AbortSignal; onAbort: () => void }[] = [];
  return {
    acquire(signal: AbortSignal): Promise<boolean> {
      if (signal.aborted) return Promise.resolve(false);
      if (available > 0) {
        available--;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const waiter = {
          resolve,
          signal,
          onAbort: () => {
            const index = waiters.indexOf(waiter);
            if (index !== -1) waiters.splice(index, 1);
            resolve(false);
          },
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    release(): void {
      const next = waiters.shift();
      if (next === undefined) {
        available++;
        return;
      }
      next.signal.removeEventListener('abort', next.onAbort);
      next.resolve(true); // the slot passes straight to the next waiter
    },
  };
}

/**
 * The periodic task scheduler (core.md §14.2–14.3): first run immediately (or after one interval with
 * `skipInitialRun`), then every `interval ± jitter`; a failure (`false` or a throw) backs off
 * `min(interval × 2^failures, maxBackoff)`; a success resets the failure count. Runs are bounded by a semaphore of
 * `maxConcurrent`. All timers are unref()ed, so a scheduler never keeps the process alive.
 */
export function createScheduler(options: CreateSchedulerOptions): RunnableScheduler {
  const { logger } = options;
  const random = options.random ?? Math.random;
  const maxConcurrent = Math.max(1, Math.floor(finiteOr(options.maxConcurrent, 10)));
  const semaphore = createSemaphore(maxConcurrent);
  const tasks = new Map<string, TaskEntry>();
  let running = false;

  function nextDelay(entry: TaskEntry): number {
    const base =
      entry.failures === 0 ? entry.interval : Math.min(entry.interval * 2 ** entry.failures, entry.maxBackoff);
    const jittered = entry.jitter > 0 ? base + base * entry.jitter * (random() - 0.5) : base;
    return Math.max(1, jittered);
  }

  async function runOnce(entry: TaskEntry, signal: AbortSignal): Promise<void> {
    const name = entry.options.name;
    if (!(await semaphore.acquire(signal))) return;
    let ok: boolean;
    let failure: unknown;
    try {
      ok = (await entry.options.run(signal)) !== false;
    } catch (error) {
      ok = false;
      failure = error;
    } finally {
      semaphore.release();
    }
    if (signal.aborted) return; // stopping: an aborted run is neither a success nor a failure
    entry.lastRunTime = Date.now() / 1000;
    if (ok) {
      entry.failures = 0;
      return;
    }
    entry.failures++;
    const fields = { task: name, plugin: entry.owner, consecutive_failures: entry.failures };
    if (failure === undefined) logger.warn(fields, 'scheduled_task_failed');
    else logger.error({ ...fields, ...errorFields(failure) }, 'scheduled_task_failed');
  }

  async function loop(entry: TaskEntry, signal: AbortSignal): Promise<void> {
    if (entry.options.skipInitialRun === true) {
      entry.nextDelay = nextDelay(entry);
      await sleep(entry.nextDelay * 1000, signal);
    }
    while (!signal.aborted) {
      entry.nextDelay = null;
      await runOnce(entry, signal);
      if (signal.aborted) break;
      const delay = nextDelay(entry);
      entry.nextDelay = delay;
      if (entry.failures > 1) {
        logger.info(
          { task: entry.options.name, consecutive_failures: entry.failures, next_delay_seconds: Math.round(delay * 10) / 10 },
          'scheduled_task_backoff',
        );
      }
      await sleep(delay * 1000, signal);
    }
  }

  function startTask(entry: TaskEntry): void {
    if (entry.loop !== null) return;
    const controller = new AbortController();
    entry.controller = controller;
    const promise = loop(entry, controller.signal)
      .catch((error: unknown) => {
        // only reachable through a bug in the loop itself; never let it become an unhandled rejection
        logger.error({ task: entry.options.name, ...errorFields(error) }, 'scheduled_task_loop_crashed');
      })
      .finally(() => {
        if (entry.loop === promise) {
          entry.loop = null;
          entry.controller = null;
          entry.nextDelay = null;
        }
      });
    entry.loop = promise;
    logger.debug({ task: entry.options.name, plugin: entry.owner, interval_seconds: entry.interval }, 'scheduled_task_started');
  }

  /** Aborts a task's loop; resolves `true` when it finished within `ms`. */
  async function stopTask(entry: TaskEntry, ms: number): Promise<boolean> {
    const loopPromise = entry.loop;
    entry.controller?.abort();
    if (loopPromise === null) return true;
    return settlesWithin(loopPromise, ms);
  }

  async function removeEntries(entries: TaskEntry[]): Promise<void> {
    for (const entry of entries) tasks.delete(entry.options.name);
    const results = await Promise.all(entries.map((entry) => stopTask(entry, REMOVE_WAIT_MS)));
    const stuck = entries.filter((_, index) => results[index] === false).map((entry) => entry.options.name);
    if (stuck.length > 0) logger.warn({ tasks: stuck }, 'scheduled_tasks_did_not_stop_in_time');
  }

  return {
    get running() {
      return running;
    },

    add(task: ScheduledTaskOptions, owner?: string): void {
      if (tasks.has(task.name)) {
        throw new CcproxyError('TASK_DUPLICATE', `Task '${task.name}' already exists`, { plugin: owner });
      }
      const entry: TaskEntry = {
        options: task,
        owner: owner ?? null,
        interval: Math.max(1, finiteOr(task.intervalSeconds, 1)),
        maxBackoff: finiteOr(task.maxBackoffSeconds, DEFAULT_MAX_BACKOFF_SECONDS),
        jitter: Math.min(1, Math.max(0, finiteOr(task.jitterFactor, DEFAULT_JITTER_FACTOR))),
        failures: 0,
        lastRunTime: 0,
        nextDelay: null,
        controller: null,
        loop: null,
      };
      tasks.set(task.name, entry);
      if (running) startTask(entry);
    },

    async remove(name: string): Promise<void> {
      const entry = tasks.get(name);
      if (entry === undefined) throw new CcproxyError('NOT_FOUND', `Task '${name}' not found`);
      await removeEntries([entry]);
    },

    async removeOwner(owner: string): Promise<void> {
      await removeEntries([...tasks.values()].filter((entry) => entry.owner === owner));
    },

    status(): ScheduledTaskStatus[] {
      return [...tasks.values()].map((entry) => ({
        name: entry.options.name,
        plugin: entry.owner,
        running: entry.loop !== null,
        interval_seconds: entry.interval,
        consecutive_failures: entry.failures,
        last_run_time: entry.lastRunTime,
        next_delay: entry.loop === null ? null : entry.nextDelay,
      }));
    },

    start(): void {
      if (running) return;
      running = true;
      for (const entry of tasks.values()) startTask(entry);
      logger.debug({ tasks: tasks.size, max_concurrent_tasks: maxConcurrent }, 'scheduler_started');
    },

    async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
      running = false;
      const entries = [...tasks.values()].filter((entry) => entry.loop !== null);
      const results = await Promise.all(entries.map((entry) => stopTask(entry, timeoutMs)));
      const stuck = entries.filter((_, index) => results[index] === false).map((entry) => entry.options.name);
      if (stuck.length > 0) logger.warn({ tasks: stuck, timeout_ms: timeoutMs }, 'scheduled_tasks_did_not_stop_in_time');
      logger.debug({ tasks: entries.length }, 'scheduler_stopped');
    },
  };
}
