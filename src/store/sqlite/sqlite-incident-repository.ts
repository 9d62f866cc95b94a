import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { Decision } from '../../domain/procedure/decision.js';
import type { Incident, IncidentEvent } from '../../domain/procedure/incident.js';
import type { Situation } from '../../domain/procedure/situation.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { AppendOutcome, IncidentRepository } from '../incident-repository.js';
import {
  eventFromRow,
  eventToRow,
  incidentFromRow,
  incidentStateToRow,
  incidentToRow,
  type IncidentEventRow,
  type IncidentRow,
} from '../incident-row.js';
import { isUniqueViolation } from './sqlite-errors.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** The columns events are read back from: which incident's, and the event. */
type EventRow = Pick<IncidentEventRow<'text'>, 'incident_id' | 'event'>;

/** Incidents and their events in SQLite: situations, decisions and events as JSON text. */
export class SqliteIncidentRepository implements IncidentRepository {
  private readonly insert: Statement<IncidentRow<string, 'text'>>;
  private readonly insertEvent: Statement<IncidentEventRow<'text'>>;
  private readonly byId: Statement<[string], IncidentRow<string, 'text'>>;
  private readonly eventsOf: Statement<[string], EventRow>;
  private readonly eventCount: Statement<[string], number>;
  private readonly update: Statement<Pick<IncidentRow<string, 'text'>, 'id' | 'situation' | 'decision'>>;
  private readonly byWorkplaceDay: Statement<[string, string], IncidentRow<string, 'text'>>;
  private readonly eventsByWorkplaceDay: Statement<[string, string], EventRow>;
  private readonly byReported: Statement<[string, string, number], IncidentRow<string, 'text'>>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO incidents (id, workplace_id, date, employer, reported_by_role, reported_by_id, reported_at,
         description, situation, decision)
       VALUES (@id, @workplace_id, @date, @employer, @reported_by_role, @reported_by_id, @reported_at,
         @description, @situation, @decision)`,
    );
    this.insertEvent = db.prepare(
      `INSERT INTO incident_events (incident_id, sequence, type, event)
       VALUES (@incident_id, @sequence, @type, @event)`,
    );
    this.byId = db.prepare('SELECT * FROM incidents WHERE id = ?');
    this.eventsOf = db.prepare(
      'SELECT incident_id, event FROM incident_events WHERE incident_id = ? ORDER BY sequence',
    );
    this.eventCount = db
      .prepare<[string], number>('SELECT count(*) FROM incident_events WHERE incident_id = ?')
      .pluck();
    this.update = db.prepare(
      'UPDATE incidents SET situation = @situation, decision = @decision WHERE id = @id',
    );
    this.byWorkplaceDay = db.prepare(
      'SELECT * FROM incidents WHERE workplace_id = ? AND date = ? ORDER BY reported_at, id',
    );
    this.eventsByWorkplaceDay = db.prepare(
      `SELECT e.incident_id, e.event FROM incidents i JOIN incident_events e ON e.incident_id = i.id
       WHERE i.workplace_id = ? AND i.date = ? ORDER BY e.incident_id, e.sequence`,
    );
    // Instants are written one way (ISO-8601, UTC, milliseconds): as text they sort as they happened.
    this.byReported = db.prepare(
      `SELECT * FROM incidents WHERE reported_at >= ? AND reported_at < ?
       ORDER BY reported_at DESC, id DESC LIMIT ?`,
    );
  }

  create(incident: Incident): Promise<void> {
    return this.writes.run(() => {
      this.insert.run(incidentToRow(incident));
      for (const event of incident.events) this.insertEvent.run(eventToRow(incident.id, event));
    });
  }

  get(id: string): Promise<Incident | undefined> {
    // Both reads run in the same turn, with no write in between: they see the same incident.
    const row = this.byId.get(id);
    return Promise.resolve(
      row === undefined ? undefined : incidentFromRow(row, this.eventsOf.all(id).map(eventFromRow)),
    );
  }

  append(
    id: string,
    expectedEvents: number,
    event: IncidentEvent,
    next: { readonly situation: Situation; readonly decision: Decision },
  ): Promise<AppendOutcome> {
    if (event.sequence !== expectedEvents + 1) {
      return Promise.reject(
        new Error(`Event ${event.sequence} cannot follow ${expectedEvents} events: it must be the next one.`),
      );
    }
    // The batcher runs writes one after the other: nothing comes between the count and the insert.
    return this.writes.run((): AppendOutcome => {
      if (this.byId.get(id) === undefined) return 'NOT_FOUND';
      if (this.eventCount.get(id) !== expectedEvents) return 'CHANGED';
      try {
        this.insertEvent.run(eventToRow(id, event));
      } catch (error) {
        if (isUniqueViolation(error, 'incident_events.')) return 'CHANGED';
        throw error;
      }
      this.update.run({ id, ...incidentStateToRow(next) });
      return 'APPENDED';
    });
  }

  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<Incident[]> {
    const rows = this.byWorkplaceDay.all(workplaceId, date);
    const events = new Map<string, IncidentEvent[]>();
    for (const row of this.eventsByWorkplaceDay.all(workplaceId, date)) {
      const event = eventFromRow(row);
      const list = events.get(row.incident_id);
      if (list === undefined) events.set(row.incident_id, [event]);
      else list.push(event);
    }
    return Promise.resolve(rows.map((row) => incidentFromRow(row, events.get(row.id) ?? [])));
  }

  reportedBetween(from: string, to: string, limit: number): Promise<Incident[]> {
    // The rows and their events are read in the same turn, with no write in between.
    const rows = this.byReported.all(from, to, limit);
    return Promise.resolve(
      rows.map((row) => incidentFromRow(row, this.eventsOf.all(row.id).map(eventFromRow))),
    );
  }
}
