import type { Clock } from '../src/clock.js';

/** A clock that only moves when the test says so; due timers fire in order during `advance`. */
export function manualClock(start = Date.UTC(2025, 0, 1, 12, 0, 0)): Clock & { advance(ms: number): void; readonly timers: number } {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, delayMs), callback });
      return () => void timers.delete(id);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = target;
    },
    get timers() {
      return timers.size;
    },
  };
}
