import { daysBetween, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { authorize } from '../domain/permissions.js';
import type { Principal, Sender } from '../domain/principal.js';
import type { ExemptionGround, Outcome } from '../domain/procedure/decision.js';
import type { Incident } from '../domain/procedure/incident.js';
import type { Origin } from '../domain/procedure/situation.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import { ok, type Result } from '../domain/result.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { brusselsDay } from './registry-journal.js';
import { todayInBrussels } from './today.js';

/**
 * An incident as the contact center's list shows it: who reported what about which workplace and day, and where
 * the procedure stands. The evidence (operators' tickets, a site agent's log, which may name workers) stays with
 * the incident, for the competent services.
 */
export interface IncidentSummary {
  readonly id: string;
  readonly workplaceId: WorkplaceId;
  readonly date: CalendarDate;
  readonly employer: EnterpriseNumber;
  readonly reportedBy: Sender;
  readonly reportedAt: string;
  readonly description?: string;
  readonly origin: Origin;
  readonly outcome: Outcome;
  readonly exempt: boolean;
  readonly ground?: ExemptionGround;
  /** The contact center's reference number, once the company has one for this incident. */
  readonly referenceNumber?: ReferenceNumber;
  /** How many events followed the report. */
  readonly events: number;
}

/** The most days one list of reported incidents covers. */
export const MAX_INBOX_DAYS = 7;
/** The most incidents one list gives, and how many unless told. */
export const MAX_INBOX_INCIDENTS = 500;
const DEFAULT_INBOX_INCIDENTS = 200;

/**
 * The incidents reported on every workplace during the days from `from` to `to` (Brussels, both included; today
 * by default), newest first: what came in at the contact center. For the contact center and inspectors only.
 */
export async function listReportedIncidents(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  input: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<Result<IncidentSummary[], Failure>> {
  const allowed = authorize(principal, 'incidents.list');
  if (!allowed.ok) return fail(allowed.error);
  const today = todayInBrussels(deps.clock.now());
  const fields = new FieldErrors();
  const from = fields.take(parseCalendarDate(input.from ?? input.to ?? today), 'from');
  const to = fields.take(parseCalendarDate(input.to ?? input.from ?? today), 'to');
  if (from !== undefined && to !== undefined) {
    if (to < from) fields.add(domainError('DATE_RANGE_INVALID', '"to" is before "from".', 'to'));
    else if (daysBetween(from, to) >= MAX_INBOX_DAYS)
      fields.add(domainError('DATE_RANGE_TOO_LONG', `One list covers at most ${MAX_INBOX_DAYS} days.`, 'to'));
  }
  const limit = input.limit ?? DEFAULT_INBOX_INCIDENTS;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INBOX_INCIDENTS)
    fields.add(
      domainError('FIELD_VALUE', `The limit is a whole number from 1 to ${MAX_INBOX_INCIDENTS}.`, 'limit'),
    );
  if (from === undefined || to === undefined || fields.any()) return failAll(fields.list);
  const incidents = await deps.store.incidents.reportedBetween(
    brusselsDay(from).from.toISOString(),
    brusselsDay(to).to.toISOString(),
    limit,
  );
  return ok(incidents.map(summaryOf));
}

/** What the list shows of an incident. */
export function summaryOf(incident: Incident): IncidentSummary {
  const { situation, decision } = incident;
  return {
    id: incident.id,
    workplaceId: incident.workplaceId,
    date: incident.date,
    employer: incident.employer,
    reportedBy: incident.reportedBy,
    reportedAt: incident.reportedAt,
    ...(incident.description === undefined ? {} : { description: incident.description }),
    origin: situation.origin,
    outcome: decision.outcome,
    exempt: decision.exempt,
    ...(decision.ground === undefined ? {} : { ground: decision.ground }),
    ...(situation.referenceNumber === undefined ? {} : { referenceNumber: situation.referenceNumber }),
    events: incident.events.length,
  };
}
