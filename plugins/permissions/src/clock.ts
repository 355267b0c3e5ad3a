/** Time as the permission store sees it: injectable so the state machine is testable without waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` after `delayMs`; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // A pending request must not keep a CLI or test process alive on its own.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** ISO-8601 in UTC with an explicit `+00:00` offset, as the Python API writes it. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+00:00');
}
