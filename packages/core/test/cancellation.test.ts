import { describe, expect, it } from 'vitest';
import { cancellationOf, createCancellation, listenForAbort } from '../src/declaration/cancellation.js';

describe('createCancellation', () => {
  it('runs every listener once, in order, and reports aborted', () => {
    const { cancellation, abort } = createCancellation();
    const calls: string[] = [];
    cancellation.onAbort(() => calls.push('a'));
    cancellation.onAbort(() => calls.push('b'));
    cancellation.onAbort(() => calls.push('c'));
    expect(cancellation.aborted).toBe(false);
    abort();
    abort();
    expect(cancellation.aborted).toBe(true);
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('forgets a removed listener, whether it was the first or a later one', () => {
    const { cancellation, abort } = createCancellation();
    const calls: string[] = [];
    const removeFirst = cancellation.onAbort(() => calls.push('first'));
    const removeSecond = cancellation.onAbort(() => calls.push('second'));
    cancellation.onAbort(() => calls.push('third'));
    removeFirst();
    removeSecond();
    abort();
    expect(calls).toEqual(['third']);
  });

  it('reuses the first slot once its listener is removed', () => {
    const { cancellation, abort } = createCancellation();
    const calls: string[] = [];
    cancellation.onAbort(() => calls.push('gone'))();
    cancellation.onAbort(() => calls.push('kept'));
    abort();
    expect(calls).toEqual(['kept']);
  });

  it('never calls a listener added after the abort', () => {
    const { cancellation, abort } = createCancellation();
    abort();
    let called = false;
    cancellation.onAbort(() => (called = true));
    expect(called).toBe(false);
  });
});

describe('listenForAbort', () => {
  it('listens to an AbortSignal and stops listening when asked', () => {
    const first = new AbortController();
    let calls = 0;
    listenForAbort(first.signal, () => calls++);
    first.abort();
    const second = new AbortController();
    listenForAbort(second.signal, () => calls++)();
    second.abort();
    expect(calls).toBe(1);
  });

  it('listens to a Cancellation, and to nothing without a source', () => {
    const { cancellation, abort } = createCancellation();
    let calls = 0;
    listenForAbort(cancellation, () => calls++);
    listenForAbort(undefined, () => calls++)();
    abort();
    expect(calls).toBe(1);
  });

  it('sees a signal as a cancellation', () => {
    const controller = new AbortController();
    const cancellation = cancellationOf(controller.signal);
    let calls = 0;
    cancellation.onAbort(() => calls++);
    expect(cancellation.aborted).toBe(false);
    controller.abort();
    expect(cancellation.aborted).toBe(true);
    expect(calls).toBe(1);
  });
});
