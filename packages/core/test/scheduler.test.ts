import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduledTaskOptions } from '../src/declaration/services.js';
import { CcproxyError } from '../src/errors/ccproxy-error.js';
import { createScheduler } from '../src/runtime/scheduler.js';
import { createRecordingLogger } from './support/recording-logger.js';

const T0 = Date.UTC(2025, 0, 1);

/** Seconds since T0 of each call of a task's run(). */
function recorder(results: (boolean | Error | undefined)[] = [], fallback: boolean | Error | undefined = true) {
  const calls: number[] = [];
  const signals: AbortSignal[] = [];
  const run = async (signal: AbortSignal): Promise<boolean | void> => {
    calls.push((Date.now() - T0) / 1000);
    signals.push(signal);
    const result = results.length > 0 ? results.shift() : fallback;
    if (result instanceof Error) throw result;
    return result;
  };
  return { calls, signals, run };
}

function diffs(values: number[]): number[] {
  return values.slice(1).map((value, index) => Math.round((value - (values[index] ?? 0)) * 1000) / 1000);
}

function task(name: string, run: ScheduledTaskOptions['run'], extra: Partial<ScheduledTaskOptions> = {}): ScheduledTaskOptions {
  return { name, intervalSeconds: 10, run, ...extra };
}

describe('scheduler (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a task immediately at start, then every interval (no jitter effect at random = 0.5)', async () => {
    const logger = createRecordingLogger();
    const scheduler = createScheduler({ logger, random: () => 0.5 });
    const r = recorder();
    scheduler.add(task('t', r.run));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.calls).toEqual([]); // tasks added before start() wait for it
    scheduler.start();
    expect(scheduler.running).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.calls).toEqual([60]);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(r.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.calls).toEqual([60, 70]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(diffs(r.calls)).toEqual([10, 10, 10, 10]);
    await scheduler.stop();
  });

  it('backs off 2x, 4x ... capped at maxBackoff, and a success resets the cadence', async () => {
    const logger = createRecordingLogger();
    const scheduler = createScheduler({ logger, random: () => 0.5 });
    // 6 failures, then successes
    const r = recorder([false, false, false, false, false, false]);
    scheduler.add(task('t', r.run, { maxBackoffSeconds: 300 }));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000_000);
    expect(diffs(r.calls).slice(0, 8)).toEqual([20, 40, 80, 160, 300, 300, 10, 10]);
    expect(logger.find('scheduled_task_failed')).toHaveLength(6);
    expect(logger.find('scheduled_task_failed')[5]?.fields).toMatchObject({ task: 't', consecutive_failures: 6 });
    // backoff info only once failures > 1
    expect(logger.find('scheduled_task_backoff').map((record) => record.fields.consecutive_failures)).toEqual([2, 3, 4, 5, 6]);
    expect(scheduler.status()[0]?.consecutive_failures).toBe(0);
    await scheduler.stop();
  });

  it('a throwing run counts as a failure, is logged with the error, and the loop continues', async () => {
    const logger = createRecordingLogger();
    const scheduler = createScheduler({ logger, random: () => 0.5 });
    const boom = new TypeError('boom');
    const r = recorder([boom, boom]);
    scheduler.add(task('thrower', r.run));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.status()[0]?.consecutive_failures).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(scheduler.status()[0]?.consecutive_failures).toBe(2);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(r.calls).toEqual([0, 20, 60]);
    expect(scheduler.status()[0]?.consecutive_failures).toBe(0);
    const failures = logger.find('scheduled_task_failed');
    expect(failures).toHaveLength(2);
    expect(failures[0]?.level).toBe('error');
    expect(failures[0]?.fields).toMatchObject({ task: 'thrower', err: boom, error_type: 'TypeError' });
    await scheduler.stop();
  });

  it('applies jitter of ±jitterFactor/2 to every delay (success and backoff)', async () => {
    const delaysFor = async (random: number, jitterFactor?: number, intervalSeconds = 60) => {
      vi.setSystemTime(T0);
      const scheduler = createScheduler({ logger: createRecordingLogger(), random: () => random });
      const r = recorder([false, false, false]);
      scheduler.add(task('j', r.run, { intervalSeconds, ...(jitterFactor === undefined ? {} : { jitterFactor }) }));
      scheduler.start();
      await vi.advanceTimersByTimeAsync(1_500_000);
      await scheduler.stop();
      return diffs(r.calls).slice(0, 4);
    };
    // default jitter 0.25: interval 60, 3 failures -> base 300 capped -> [262.5, 337.5]
    expect(await delaysFor(0)).toEqual([105, 210, 262.5, 52.5]);
    expect(await delaysFor(1)).toEqual([135, 270, 337.5, 67.5]);
    expect(await delaysFor(0, 0)).toEqual([120, 240, 300, 60]);
    // jitterFactor is clamped to [0, 1]
    expect(await delaysFor(0, 5)).toEqual([60, 120, 150, 30]);
    expect(await delaysFor(0, -1)).toEqual([120, 240, 300, 60]);
    // delay never below 1 s, interval never below 1 s
    expect(await delaysFor(0, 1, 1)).toEqual([1, 2, 4, 1]);
    expect(await delaysFor(0.5, 0, 0.1)).toEqual([2, 4, 8, 1]);
  });

  it('stays within the jitter bounds for arbitrary random values', async () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const scheduler = createScheduler({ logger: createRecordingLogger(), random });
    const r = recorder();
    scheduler.add(task('j', r.run, { intervalSeconds: 100 }));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(100 * 1000 * 200);
    await scheduler.stop();
    const gaps = diffs(r.calls);
    expect(gaps.length).toBeGreaterThan(150);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(87.5);
      expect(gap).toBeLessThanOrEqual(112.5);
    }
    expect(new Set(gaps).size).toBeGreaterThan(10); // really jittered
  });

  it('skipInitialRun delays the first execution by one interval', async () => {
    const scheduler = createScheduler({ logger: createRecordingLogger(), random: () => 0.5 });
    const r = recorder();
    scheduler.add(task('s', r.run, { skipInitialRun: true, intervalSeconds: 30 }));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(r.calls).toEqual([]);
    expect(scheduler.status()[0]?.next_delay).toBe(30);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.calls).toEqual([30]);
    await scheduler.stop();
  });

  it('stop() during a long sleep returns promptly and nothing runs afterwards', async () => {
    const logger = createRecordingLogger();
    const scheduler = createScheduler({ logger, random: () => 0.5 });
    const r = recorder();
    scheduler.add(task('long', r.run, { intervalSeconds: 3600 }));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(r.calls).toEqual([0]);
    let stopped = false;
    const stopping = scheduler.stop(1_000).then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    await stopping;
    expect(scheduler.running).toBe(false);
    expect(scheduler.status()[0]).toMatchObject({ running: false, next_delay: null });
    await vi.advanceTimersByTimeAsync(10 * 3600 * 1000);
    expect(r.calls).toEqual([0]);
    expect(logger.find('scheduled_tasks_did_not_stop_in_time')).toEqual([]);
  });

  it('stop() aborts the signal of an in-flight run; the aborted run is not counted as a failure', async () => {
    const logger = createRecordingLogger();
    const scheduler = createScheduler({ logger });
    let seen: AbortSignal | undefined;
    scheduler.add(
      task('inflight', (signal) => {
        seen = signal;
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        });
      }),
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen?.aborted).toBe(false);
    await scheduler.stop(1_000);
    expect(seen?.aborted).toBe(true);
    expect(scheduler.status()[0]?.consecutive_failures).toBe(0);
    expect(logger.find('scheduled_task_failed')).toEqual([]);
  });

  it('stop() gives up on a run that ignores its signal after the timeout, and logs it', async () => {
    const logger = createRecordingLogger();
    const scheduler = createScheduler({ logger });
    scheduler.add(task('stubborn', () => new Promise<boolean>(() => undefined)));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = scheduler.stop(5_000).then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(stopped).toBe(true);
    expect(logger.find('scheduled_tasks_did_not_stop_in_time')[0]?.fields).toMatchObject({ tasks: ['stubborn'] });
  });

  it('rejects duplicate names with TASK_DUPLICATE', () => {
    const scheduler = createScheduler({ logger: createRecordingLogger() });
    scheduler.add(task('dup', async () => true), 'plugin_a');
    let caught: unknown;
    try {
      scheduler.add(task('dup', async () => true), 'plugin_b');
    } catch (error) {
      caught = error;
    }
    expect(CcproxyError.is(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'TASK_DUPLICATE', message: "Task 'dup' already exists" });
    expect(scheduler.status()).toHaveLength(1);
    expect(scheduler.status()[0]?.plugin).toBe('plugin_a');
  });

  it('a task added while running starts at once; remove() stops it and frees the name', async () => {
    const scheduler = createScheduler({ logger: createRecordingLogger(), random: () => 0.5 });
    scheduler.start();
    const r = recorder();
    scheduler.add(task('late', r.run));
    await vi.advanceTimersByTimeAsync(0);
    expect(r.calls).toEqual([0]);
    await scheduler.remove('late');
    expect(r.signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.calls).toEqual([0]);
    expect(scheduler.status()).toEqual([]);
    scheduler.add(task('late', r.run));
    await expect(scheduler.remove('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await scheduler.stop();
  });

  it('removeOwner removes only that owner’s tasks', async () => {
    const scheduler = createScheduler({ logger: createRecordingLogger(), random: () => 0.5 });
    const a = recorder();
    const b = recorder();
    const c = recorder();
    scheduler.add(task('a1', a.run), 'p1');
    scheduler.add(task('a2', a.run), 'p1');
    scheduler.add(task('b', b.run), 'p2');
    scheduler.add(task('c', c.run));
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.removeOwner('p1');
    expect(scheduler.status().map((status) => status.name)).toEqual(['b', 'c']);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(a.calls).toEqual([0, 0]);
    expect(b.calls).toEqual([0, 10, 20]);
    expect(c.calls).toEqual([0, 10, 20]);
    await scheduler.stop();
  });

  it('reports status per ScheduledTaskStatus', async () => {
    const scheduler = createScheduler({ logger: createRecordingLogger(), random: () => 0.5 });
    const r = recorder([false]);
    scheduler.add(task('s', r.run, { intervalSeconds: 15 }), 'owner');
    expect(scheduler.status()).toEqual([
      { name: 's', plugin: 'owner', running: false, interval_seconds: 15, consecutive_failures: 0, last_run_time: 0, next_delay: null },
    ]);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(scheduler.status()).toEqual([
      { name: 's', plugin: 'owner', running: true, interval_seconds: 15, consecutive_failures: 1, last_run_time: T0 / 1000, next_delay: 30 },
    ]);
    await scheduler.stop();
    expect(scheduler.status()[0]).toMatchObject({ running: false, next_delay: null });
  });

  it('enforces maxConcurrent across tasks', async () => {
    const scheduler = createScheduler({ logger: createRecordingLogger(), maxConcurrent: 2, random: () => 0.5 });
    let active = 0;
    let peak = 0;
    const started: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      scheduler.add(
        task(name, async () => {
          started.push(name);
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          active--;
          return true;
        }, { intervalSeconds: 100 }),
      );
    }
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(peak).toBe(2);
    // the in-flight run ignores its signal: stop() waits for it (timers advanced) and then resolves
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(active).toBe(0);
  });

  it('tasks waiting for a slot give up when stopped', async () => {
    const scheduler = createScheduler({ logger: createRecordingLogger(), maxConcurrent: 1 });
    const started: string[] = [];
    for (const name of ['a', 'b']) {
      scheduler.add(
        task(name, (signal) => {
          started.push(name);
          return new Promise((resolve) => signal.addEventListener('abort', () => resolve(true)));
        }),
      );
    }
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.stop(1_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(started).toEqual(['a']);
  });
});

describe('scheduler timers', () => {
  it('never keep the process alive (unref)', async () => {
    const count = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = count();
    const scheduler = createScheduler({ logger: createRecordingLogger() });
    scheduler.add({ name: 'sleepy', intervalSeconds: 3600, run: async () => true });
    scheduler.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(scheduler.status()[0]?.next_delay).not.toBeNull(); // sleeping on a timer now
    expect(count()).toBe(before);
    await scheduler.stop();
  });
});
