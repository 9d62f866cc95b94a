import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Decision } from '../domain/procedure/decision.js';
import type { Incident, IncidentEvent } from '../domain/procedure/incident.js';
import type { Situation } from '../domain/procedure/situation.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { instant } from './instant-column.js';

/**
 * How a JSON column comes back: as `text` (SQLite, and how both adapters write it) or `parsed` by pg from jsonb
 * (PostgreSQL). Either, unless told.
 */
export type JsonForm = 'text' | 'parsed';

/** A JSON column holding a `T`, in the given form. */
type JsonColumn<T, Json extends JsonForm> = Json extends 'text' ? string : T;

/**
 * A row of the `incidents` table, as both adapters name its columns. Its instant comes back as an ISO string
 * (SQLite) or a `Date` (PostgreSQL); its situation and decision as JSON text (SQLite) or parsed (PostgreSQL).
 */
export interface IncidentRow<
  Instant extends string | Date = string | Date,
  Json extends JsonForm = JsonForm,
> {
  id: string;
  workplace_id: string;
  date: string;
  employer: string;
  reported_by_role: 'company' | 'provider';
  reported_by_id: string;
  reported_at: Instant;
  description: string | null;
  situation: JsonColumn<Situation, Json>;
  decision: JsonColumn<Decision, Json>;
}

/** A row of `incident_events`, as both adapters name its columns; its event JSON text or parsed. */
export interface IncidentEventRow<Json extends JsonForm = JsonForm> {
  incident_id: string;
  sequence: number;
  type: string;
  event: JsonColumn<IncidentEvent, Json>;
}

/** The columns that store where an incident stands: its situation and decision, as every event leaves them. */
export function incidentStateToRow(state: {
  readonly situation: Situation;
  readonly decision: Decision;
}): Pick<IncidentRow<string, 'text'>, 'situation' | 'decision'> {
  return { situation: JSON.stringify(state.situation), decision: JSON.stringify(state.decision) };
}

/** The row that stores an incident (its events go in rows of their own). */
export function incidentToRow(incident: Incident): IncidentRow<string, 'text'> {
  return {
    id: incident.id,
    workplace_id: incident.workplaceId,
    date: incident.date,
    employer: incident.employer,
    reported_by_role: incident.reportedBy.role,
    reported_by_id: incident.reportedBy.enterprise,
    reported_at: incident.reportedAt,
    description: incident.description ?? null,
    ...incidentStateToRow(incident),
  };
}

/** The incident a row holds, with its events in order. */
export function incidentFromRow(row: IncidentRow, events: readonly IncidentEvent[]): Incident {
  return {
    id: row.id,
    workplaceId: row.workplace_id as WorkplaceId,
    date: row.date as CalendarDate,
    employer: row.employer as EnterpriseNumber,
    reportedBy: { role: row.reported_by_role, enterprise: row.reported_by_id as EnterpriseNumber },
    reportedAt: instant(row.reported_at),
    ...(row.description === null ? {} : { description: row.description }),
    situation: json(row.situation),
    decision: json(row.decision),
    events,
  };
}

/** The row that stores an event of an incident. */
export function eventToRow(incidentId: string, event: IncidentEvent): IncidentEventRow<'text'> {
  return {
    incident_id: incidentId,
    sequence: event.sequence,
    type: event.type,
    event: JSON.stringify(event),
  };
}

/** The event a row holds. */
export function eventFromRow(row: Pick<IncidentEventRow, 'event'>): IncidentEvent {
  return json(row.event);
}

/** A JSON column's value. Every value these columns hold is an object or an array: a string is JSON text. */
function json<T extends object>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
