import type { CalendarDate } from '../domain/calendar-date.js';
import type { Decision } from '../domain/procedure/decision.js';
import type { Incident, IncidentEvent } from '../domain/procedure/incident.js';
import type { Situation } from '../domain/procedure/situation.js';
import type { WorkplaceId } from '../domain/workplace-id.js';

/** What became of appending an event: stored, or the incident changed since it was read (read it again). */
export type AppendOutcome = 'APPENDED' | 'CHANGED' | 'NOT_FOUND';

/** Where incidents and their events are kept. Situations, decisions and events are kept as they are (JSON). */
export interface IncidentRepository {
  /** Stores a new incident (its events, usually none yet, with it). */
  create(incident: Incident): Promise<void>;
  /** One incident with its events in order. */
  get(id: string): Promise<Incident | undefined>;
  /**
   * Appends an event when the incident still has `expectedEvents` events (`event.sequence` is that number + 1),
   * storing the situation and decision it leads to, in one write. `CHANGED` when another event came first.
   */
  append(
    id: string,
    expectedEvents: number,
    event: IncidentEvent,
    next: { readonly situation: Situation; readonly decision: Decision },
  ): Promise<AppendOutcome>;
  /** The incidents reported for a workplace and day, oldest first, with their events. */
  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<Incident[]>;
  /**
   * The incidents reported in [from, to) (instants), on every workplace, newest first, at most `limit`, with
   * their events: what came in at the contact center.
   */
  reportedBetween(from: string, to: string, limit: number): Promise<Incident[]>;
}
