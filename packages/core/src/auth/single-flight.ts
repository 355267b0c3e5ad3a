/**
 * At most one run per key at a time: callers arriving while a run is in flight get the same
 * promise. Used for token refreshes, where two concurrent refreshes would spend a single-use
 * refresh token twice.
 */
export interface SingleFlight<T> {
  run(key: string, work: () => Promise<T>): Promise<T>;
  /** Whether a run for `key` is in flight. */
  pending(key: string): boolean;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const flights = new Map<string, Promise<T>>();
  return {
    run(key, work) {
      const existing = flights.get(key);
      if (existing) return existing;
      const flight = (async () => {
        try {
          return await work();
        } finally {
          flights.delete(key);
        }
      })();
      flights.set(key, flight);
      return flight;
    },
    pending: (key) => flights.has(key),
  };
}
