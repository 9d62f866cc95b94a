import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Decision } from '../../domain/procedure/decision.js';
import type { Incident, IncidentEvent } from '../../domain/procedure/incident.js';
import type { Situation } from '../../domain/procedure/situation.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { AppendOutcome, IncidentRepository } from '../incident-repository.js';
import { isUniqueViolation } from './sqlite-errors.js';
import type { WriteBatcher } from './write-batcher.js';

interface IncidentRow {
  id: string;
  workplace_id: string;
  date: string;
  employer: string;
  reported_by_role: 'company' | 'provider';
  reported_by_id: string;
  reported_at: string;
  description: string | null;
  situation: string;
  decision: string;
}

interface EventRow {
  incident_id: string;
  event: string;
}

/** Incidents and their events in SQLite: situations, decisions and events as JSON text. */
export class SqliteIncidentRepository implements IncidentRepository {
  private readonly insert: Statement<
    [string, string, string, string, string, string, string, string | null, string, string]
  >;
  private readonly insertEvent: Statement<[string, number, string, string]>;
  private readonly byId: Statement<[string], IncidentRow>;
  private readonly eventsOf: Statement<[string], EventRow>;
  private readonly eventCount: Statement<[string], number>;
  private readonly update: Statement<[string, string, string]>;
  private readonly byWorkplaceDay: Statement<[string, string], IncidentRow>;
  private readonly eventsByWorkplaceDay: Statement<[string, string], EventRow>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO incidents (id, workplace_id, date, employer, reported_by_role, reported_by_id, reported_at,
         description, situation, decision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertEvent = db.prepare(
      'INSERT INTO incident_events (incident_id, sequence, type, event) VALUES (?, ?, ?, ?)',
    );
    this.byId = db.prepare('SELECT * FROM incidents WHERE id = ?');
    this.eventsOf = db.prepare(
      'SELECT incident_id, event FROM incident_events WHERE incident_id = ? ORDER BY sequence',
    );
    this.eventCount = db
      .prepare<[string], number>('SELECT count(*) FROM incident_events WHERE incident_id = ?')
      .pluck();
    this.update = db.prepare('UPDATE incidents SET situation = ?, decision = ? WHERE id = ?');
    this.byWorkplaceDay = db.prepare(
      'SELECT * FROM incidents WHERE workplace_id = ? AND date = ? ORDER BY reported_at, id',
    );
    this.eventsByWorkplaceDay = db.prepare(
      `SELECT e.incident_id, e.event FROM incidents i JOIN incident_events e ON e.incident_id = i.id
       WHERE i.workplace_id = ? AND i.date = ? ORDER BY e.incident_id, e.sequence`,
    );
  }

  create(incident: Incident): Promise<void> {
    return this.writes.run(() => {
      this.insert.run(
        incident.id,
        incident.workplaceId,
        incident.date,
        incident.employer,
        incident.reportedBy.role,
        incident.reportedBy.enterprise,
        incident.reportedAt,
        incident.description ?? null,
        JSON.stringify(incident.situation),
        JSON.stringify(incident.decision),
      );
      for (const event of incident.events) {
        this.insertEvent.run(incident.id, event.sequence, event.type, JSON.stringify(event));
      }
    });
  }

  get(id: string): Promise<Incident | undefined> {
    // Both reads run in the same turn, with no write in between: they see the same incident.
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : toIncident(row, this.eventsOf.all(id)));
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
        this.insertEvent.run(id, event.sequence, event.type, JSON.stringify(event));
      } catch (error) {
        if (isUniqueViolation(error, 'incident_events.')) return 'CHANGED';
        throw error;
      }
      this.update.run(JSON.stringify(next.situation), JSON.stringify(next.decision), id);
      return 'APPENDED';
    });
  }

  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<Incident[]> {
    const rows = this.byWorkplaceDay.all(workplaceId, date);
    const events = new Map<string, EventRow[]>();
    for (const event of this.eventsByWorkplaceDay.all(workplaceId, date)) {
      const list = events.get(event.incident_id);
      if (list === undefined) events.set(event.incident_id, [event]);
      else list.push(event);
    }
    return Promise.resolve(rows.map((row) => toIncident(row, events.get(row.id) ?? [])));
  }
}

function toIncident(row: IncidentRow, events: readonly EventRow[]): Incident {
  return {
    id: row.id,
    workplaceId: row.workplace_id as WorkplaceId,
    date: row.date as CalendarDate,
    employer: row.employer as EnterpriseNumber,
    reportedBy: { role: row.reported_by_role, enterprise: row.reported_by_id as EnterpriseNumber },
    reportedAt: row.reported_at,
    ...(row.description === null ? {} : { description: row.description }),
    situation: JSON.parse(row.situation) as Situation,
    decision: JSON.parse(row.decision) as Decision,
    events: events.map((e) => JSON.parse(e.event) as IncidentEvent),
  };
}
