/**
 * A typed key for a service one plugin provides and others consume (credentials, pricing, ...).
 * Replaces a string-keyed service locator: the key carries the service's type.
 */
export interface CapabilityKey<T> {
  readonly id: string;
  /** Phantom field: never set at runtime, only carries `T` for inference. */
  readonly __type?: T;
}

export function defineCapability<T>(id: string): CapabilityKey<T> {
  if (!/^[a-z][a-z0-9_.:-]*$/.test(id)) throw new TypeError(`invalid capability id "${id}"`);
  return Object.freeze({ id });
}

export type CapabilityType<K> = K extends CapabilityKey<infer T> ? T : never;
