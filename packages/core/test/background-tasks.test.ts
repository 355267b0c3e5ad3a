import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackgroundTasks } from '../src/runtime/background-tasks.js';
import { createRecordingLogger } from './support/recording-logger.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('background tasks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts work at once and tracks it until it settles', async () => {
    const tasks = createBackgroundTasks({ logger: createRecordingLogger() });
    const gate = deferred();
    let started = false;
    tasks.spawn('job', async () => {
      started = true;
      await gate.promise;
    });
    expect(started).toBe(true);
    expect(tasks.size).toBe(1);
    gate.resolve();
    await tick();
    expect(tasks.size).toBe(0);
  });

  it('logs failures (rejections and synchronous throws) and never propagates them', async () => {
    const logger = createRecordingLogger();
    const tasks = createBackgroundTasks({ logger });
    const boom = new Error('boom');
    tasks.spawn('rejects', async () => {
      throw boom;
    });
    tasks.spawn('throws-sync', () => {
      throw new RangeError('sync');
    });
    await tick();
    expect(tasks.size).toBe(0);
    const failures = logger.find('background_task_failed');
    expect(failures.map((record) => record.level)).toEqual(['error', 'error']);
    expect(failures[0]?.fields).toMatchObject({ task: 'rejects', err: boom, error_type: 'Error' });
    expect(failures[1]?.fields).toMatchObject({ task: 'throws-sync', error_type: 'RangeError' });
  });

  it('refuses new work beyond capacity with a logged error', async () => {
    const logger = createRecordingLogger();
    const tasks = createBackgroundTasks({ logger, capacity: 2 });
    const gate = deferred();
    const started: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      tasks.spawn(name, async () => {
        started.push(name);
        await gate.promise;
      });
    }
    expect(started).toEqual(['a', 'b']);
    expect(tasks.size).toBe(2);
    expect(logger.find('background_tasks_at_capacity')[0]).toMatchObject({ level: 'error', fields: { task: 'c', capacity: 2 } });
    gate.resolve();
    await tick();
    tasks.spawn('d', async () => {
      started.push('d');
    });
    expect(started).toEqual(['a', 'b', 'd']);
  });

  it('defaults to a capacity of 1000', () => {
    const logger = createRecordingLogger();
    const tasks = createBackgroundTasks({ logger });
    const never = new Promise<void>(() => undefined);
    for (let i = 0; i < 1001; i++) tasks.spawn(`t${i}`, () => never);
    expect(tasks.size).toBe(1000);
    expect(logger.find('background_tasks_at_capacity')).toHaveLength(1);
  });

  it('stop() aborts every signal and waits for the work to settle', async () => {
    const logger = createRecordingLogger();
    const tasks = createBackgroundTasks({ logger });
    const signals: AbortSignal[] = [];
    const finished: string[] = [];
    for (const name of ['x', 'y']) {
      tasks.spawn(name, async (signal) => {
        signals.push(signal);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 20)); // cleanup after the abort
        finished.push(name);
      });
    }
    tasks.spawn('rejects-on-abort', (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));
    await tasks.stop(5_000);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    expect(finished.sort()).toEqual(['x', 'y']);
    expect(tasks.size).toBe(0);
    // failing because of the abort is expected, not an error
    expect(logger.find('background_task_failed')).toEqual([]);
    expect(logger.find('background_task_aborted')).toHaveLength(1);
    // nothing starts after stop
    let ran = false;
    tasks.spawn('late', async () => {
      ran = true;
    });
    expect(ran).toBe(false);
    expect(logger.find('background_task_rejected_after_stop')).toHaveLength(1);
  });

  it('stop() resolves after the timeout when work ignores its signal, and names the leftovers', async () => {
    vi.useFakeTimers();
    const logger = createRecordingLogger();
    const tasks = createBackgroundTasks({ logger });
    tasks.spawn('stubborn', () => new Promise<void>(() => undefined));
    let stopped = false;
    const stopping = tasks.stop(2_000).then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(stopped).toBe(true);
    expect(logger.find('background_tasks_did_not_stop_in_time')[0]?.fields).toMatchObject({ tasks: ['stubborn'], timeout_ms: 2_000 });
  });
});
