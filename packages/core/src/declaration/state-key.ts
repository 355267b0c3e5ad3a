/** A typed per-request state slot (instead of an `any` bag). */
export interface StateKey<T> {
  readonly id: symbol;
  readonly name: string;
  readonly __type?: T;
}

export function defineStateKey<T>(name: string): StateKey<T> {
  return Object.freeze({ id: Symbol(name), name });
}

export interface RequestState {
  get<T>(key: StateKey<T>): T | undefined;
  set<T>(key: StateKey<T>, value: T): void;
  has(key: StateKey<unknown>): boolean;
}
