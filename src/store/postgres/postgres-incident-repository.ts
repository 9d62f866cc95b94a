import { isUuid } from './postgres-ids.js';
import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { Decision } from '../../domain/procedure/decision.js';
import type { Incident, IncidentEvent } from '../../domain/procedure/incident.js';
import type { Situation } from '../../domain/procedure/situation.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { AppendOutcome, IncidentRepository } from '../incident-repository.js';
import {
  eventToRow,
  incidentFromRow,
  incidentStateToRow,
  incidentToRow,
  type IncidentRow,
} from '../incident-row.js';
import { inTransaction } from './postgres-pool.js';

/** An incident's row with its events, as `INCIDENT_WITH_EVENTS` reads them. */
interface IncidentWithEventsRow extends IncidentRow<Date, 'parsed'> {
  events: IncidentEvent[];
}

/** An incident with its events in order, read in one statement (one snapshot). */
const INCIDENT_WITH_EVENTS = `
  SELECT i.*, COALESCE(
    (SELECT jsonb_agg(e.event ORDER BY e.sequence) FROM incident_events e WHERE e.incident_id = i.id), '[]') AS events
  FROM incidents i`;

/** Incidents and their events in PostgreSQL: situations, decisions and events as jsonb. */
export class PostgresIncidentRepository implements IncidentRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(incident: Incident): Promise<void> {
    const row = incidentToRow(incident);
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO incidents (id, workplace_id, date, employer, reported_by_role, reported_by_id, reported_at,
           description, situation, decision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
        [
          row.id,
          row.workplace_id,
          row.date,
          row.employer,
          row.reported_by_role,
          row.reported_by_id,
          row.reported_at,
          row.description,
          row.situation,
          row.decision,
        ],
      );
      if (incident.events.length === 0) return;
      await client.query(
        `INSERT INTO incident_events (incident_id, sequence, type, event)
         SELECT $1, (e.value->>'sequence')::integer, e.value->>'type', e.value FROM jsonb_array_elements($2::jsonb) AS e`,
        [incident.id, JSON.stringify(incident.events)],
      );
    });
  }

  async get(id: string): Promise<Incident | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<IncidentWithEventsRow>(`${INCIDENT_WITH_EVENTS} WHERE i.id = $1`, [
      id,
    ]);
    return rows[0] === undefined ? undefined : withEvents(rows[0]);
  }

  async append(
    id: string,
    expectedEvents: number,
    event: IncidentEvent,
    next: { readonly situation: Situation; readonly decision: Decision },
  ): Promise<AppendOutcome> {
    if (!isUuid(id)) return 'NOT_FOUND';
    if (event.sequence !== expectedEvents + 1) {
      throw new Error(
        `Event ${event.sequence} cannot follow ${expectedEvents} events: it must be the next one.`,
      );
    }
    return inTransaction(this.pool, async (client): Promise<AppendOutcome> => {
      // The incident row is locked: appends to one incident happen one after the other. The count is a statement
      // of its own, so that (READ COMMITTED) it sees the events of an append that held the lock before.
      const locked = await client.query('SELECT 1 FROM incidents WHERE id = $1 FOR UPDATE', [id]);
      if (locked.rowCount === 0) return 'NOT_FOUND';
      const { rows } = await client.query<{ events: number }>(
        'SELECT count(*)::integer AS events FROM incident_events WHERE incident_id = $1',
        [id],
      );
      if (rows[0]?.events !== expectedEvents) return 'CHANGED';
      const row = eventToRow(id, event);
      // The key is the last guard: an event of that sequence already there means another append came first.
      const inserted = await client.query(
        `INSERT INTO incident_events (incident_id, sequence, type, event) VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT (incident_id, sequence) DO NOTHING`,
        [row.incident_id, row.sequence, row.type, row.event],
      );
      if (inserted.rowCount !== 1) return 'CHANGED';
      const state = incidentStateToRow(next);
      await client.query('UPDATE incidents SET situation = $2::jsonb, decision = $3::jsonb WHERE id = $1', [
        id,
        state.situation,
        state.decision,
      ]);
      return 'APPENDED';
    });
  }

  async forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<Incident[]> {
    const { rows } = await this.pool.query<IncidentWithEventsRow>(
      `${INCIDENT_WITH_EVENTS} WHERE i.workplace_id = $1 AND i.date = $2 ORDER BY i.reported_at, i.id`,
      [workplaceId, date],
    );
    return rows.map(withEvents);
  }

  async reportedBetween(from: string, to: string, limit: number): Promise<Incident[]> {
    const { rows } = await this.pool.query<IncidentWithEventsRow>(
      `${INCIDENT_WITH_EVENTS} WHERE i.reported_at >= $1 AND i.reported_at < $2
       ORDER BY i.reported_at DESC, i.id DESC LIMIT $3`,
      [from, to, limit],
    );
    return rows.map(withEvents);
  }
}

/** The incident a row read with its events holds. */
function withEvents(row: IncidentWithEventsRow): Incident {
  return incidentFromRow(row, row.events);
}
