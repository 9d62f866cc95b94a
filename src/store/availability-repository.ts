import type { AvailabilityRun } from '../domain/availability.js';

/** The registry's journal of its own runs, from which outages are derived. */
export interface AvailabilityRepository {
  /** Records that an instance started serving. */
  start(run: AvailabilityRun): Promise<void>;
  /** Records that an instance is still serving. */
  heartbeat(instanceId: string, at: string): Promise<void>;
  /** Records that an instance stopped cleanly. */
  stop(instanceId: string, at: string): Promise<void>;
  /**
   * The runs that may touch [from, to]: those that started before `to` and had not stopped before `from` (every
   * run without a clean stop among them: whether it still runs is for the domain to tell), and the last run that
   * ended before `from` (so that an outage already going on at `from` is seen).
   */
  runsAround(from: string, to: string): Promise<AvailabilityRun[]>;
}
