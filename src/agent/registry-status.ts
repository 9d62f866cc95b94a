/**
 * Whether the registry answers at all: asked cheaply (no key, no captures) while the forwarder waits after a
 * failure that got no answer from it, so that the wait ends as soon as the registry is back.
 */
export interface RegistryStatus {
  /**
   * True when the registry says it is available now; false when it gives no answer in time, or another (its
   * database down, a proxy's page). Never throws. `signal` ends the question early (the agent stopping).
   */
  answers(signal: AbortSignal): Promise<boolean>;
}
