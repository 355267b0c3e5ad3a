import type { CapabilityKey } from './capability.js';

/** Typed registry of capabilities: a plugin provides, others consume by key. */
export interface CapabilityRegistry {
  provide<T>(key: CapabilityKey<T>, implementation: T): void;
  get<T>(key: CapabilityKey<T>): T | undefined;
  /** Like `get`, but throws a `CAPABILITY_MISSING` error naming the key. */
  require<T>(key: CapabilityKey<T>): T;
  has(key: CapabilityKey<unknown>): boolean;
}

export interface ScheduledTaskStatus {
  name: string;
  plugin: string | null;
  running: boolean;
  interval_seconds: number;
  consecutive_failures: number;
  last_run_time: number;
  next_delay: number | null;
}

export interface ScheduledTaskOptions {
  name: string;
  intervalSeconds: number;
  skipInitialRun?: boolean;
  maxBackoffSeconds?: number;
  jitterFactor?: number;
  run(signal: AbortSignal): Promise<boolean | void>;
}

export interface Scheduler {
  add(task: ScheduledTaskOptions, owner?: string): void;
  remove(name: string): Promise<void>;
  status(): ScheduledTaskStatus[];
}

/** Tracked fire-and-forget work: aborted and awaited at shutdown. */
export interface BackgroundTasks {
  spawn(name: string, work: (signal: AbortSignal) => Promise<void>): void;
  readonly size: number;
}

/** Per-user folders, following XDG. */
export interface AppPaths {
  readonly home: string;
  readonly configDir: string;
  readonly dataDir: string;
  readonly cacheDir: string;
}
