import { maySeeProcedureRecord } from '../domain/access.js';
import { parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { isParty, mayRegisterFor } from '../domain/contractor-chain.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { authorize, seesEvery } from '../domain/permissions.js';
import { senderOf, type Principal } from '../domain/principal.js';
import { decide } from '../domain/procedure/decide.js';
import type { Decision } from '../domain/procedure/decision.js';
import { parseIncidentEvent, type IncidentEventInput } from '../domain/procedure/event-input.js';
import {
  applyEvent,
  type Incident,
  type IncidentEvent,
  type IncidentEventBody,
} from '../domain/procedure/incident.js';
import { parseSituation, type Situation, type SituationInput } from '../domain/procedure/situation.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import { ok, type Result } from '../domain/result.js';
import { parseBoundedText } from '../domain/text.js';
import { parseWorkplaceId, type WorkplaceId } from '../domain/workplace-id.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { checkProcedureDay } from './procedure-day.js';
import { brusselsDay, withJournalCheck } from './registry-journal.js';
import { todayInBrussels } from './today.js';
import { workplaceNotFound, workplaceOfEmployer } from './workplaces.js';

export type { IncidentEventInput } from '../domain/procedure/event-input.js';

/** An incident as reported: the workplace, day and employer, what happened, and the situation so far. */
export interface ReportIncidentInput extends SituationInput {
  readonly workplaceId: string;
  readonly date: string;
  readonly employer: string;
  readonly description?: string | undefined;
}

/** The most events one incident records. */
export const MAX_EVENTS = 100;
/**
 * How often an event is tried again when another came first. Appends to one incident are serialized by the
 * store; each round one of the concurrent appends wins, so this bounds the concurrency one incident absorbs.
 */
const APPEND_ATTEMPTS = 50;

/**
 * Reports that a company cannot register presences on a workplace for a day — on the day or after the fact —
 * and stores the procedure's decision. The reporter acts for the employer or a company above it in the chain
 * (or is a provider they mandated); the workplace's flag of permanent unavailability applies. The times claimed
 * lie within the incident's day (the whole day when none are given): the registry's journal is checked for them.
 */
export async function reportIncident(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  principal: Principal,
  input: ReportIncidentInput,
): Promise<Result<Incident, Failure>> {
  const allowed = authorize(principal, 'incidents.report');
  if (!allowed.ok) return fail(allowed.error);
  const sender = senderOf(allowed.value);
  const now = deps.clock.now();
  const fields = new FieldErrors();
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  const employer = fields.take(parseEnterpriseNumber(input.employer), 'employer');
  const description =
    input.description === undefined
      ? undefined
      : fields.take(parseBoundedText(input.description, 'The description', 4000), 'description');
  const situation = parseSituation(input, now);
  if (!situation.ok) for (const e of situation.error) fields.add(e);
  if (situation.ok && date !== undefined)
    for (const e of claimsOutsideDay(situation.value, date)) fields.add(e);
  if (
    workplaceId === undefined ||
    date === undefined ||
    employer === undefined ||
    !situation.ok ||
    fields.any()
  )
    return failAll(fields.list);

  const party = await workplaceOfEmployer(deps, principal, workplaceId, employer);
  if (!party.ok) return party;
  const { found } = party.value;
  const dayError = checkProcedureDay(found, date, todayInBrussels(now));
  if (dayError !== undefined) return fail(dayError);

  let start: Situation = { ...situation.value, at: now.toISOString() };
  if (found.workplace.permanentlyWithoutInfrastructure)
    start = { ...start, permanentlyWithoutInfrastructure: true };
  if (start.referenceNumber !== undefined) {
    const refused = await checkReference(
      deps,
      start.referenceNumber,
      { workplaceId, date, employer },
      found,
      'referenceNumber',
    );
    if (refused !== undefined) return fail(refused);
  }
  start = await withJournalCheck(deps, start, date);
  const incident: Incident = {
    id: deps.random.uuid(),
    workplaceId,
    date,
    employer,
    reportedBy: sender,
    reportedAt: now.toISOString(),
    ...(description === undefined ? {} : { description }),
    situation: start,
    decision: decide(start, deps.contactCenter),
    events: [],
  };
  await deps.store.incidents.create(incident);
  return ok(incident);
}

/** One incident, for a caller allowed to see it; `INCIDENT_NOT_FOUND` otherwise (no probing). */
export async function getIncident(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  id: string,
): Promise<Result<Incident, Failure>> {
  const allowed = authorize(principal, 'incidents.read');
  if (!allowed.ok) return fail(allowed.error);
  const incident = await deps.store.incidents.get(id);
  if (incident === undefined || !(await maySee(deps, principal, incident))) return fail(incidentNotFound());
  return ok(incident);
}

/**
 * The incidents of a workplace's day the caller may see: the contact center and inspectors all of them, a
 * company those of its own part of the chain. An outsider hears that the workplace does not exist.
 */
export async function listIncidents(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  input: { readonly workplaceId: string; readonly date: string },
): Promise<Result<Incident[], Failure>> {
  const allowed = authorize(principal, 'incidents.read');
  if (!allowed.ok) return fail(allowed.error);
  const fields = new FieldErrors();
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  if (workplaceId === undefined || date === undefined) return failAll(fields.list);
  const found = await deps.store.workplaces.get(workplaceId);
  if (found === undefined) return fail(workplaceNotFound('workplaceId'));
  const all = await deps.store.incidents.forWorkplaceDay(workplaceId, date);
  if (seesEvery(principal, 'incidents')) return ok(all);
  const acting = await actingFor(deps, principal);
  if (!isParty(found.chain, acting)) return fail(workplaceNotFound('workplaceId'));
  return ok(all.filter((i) => maySeeProcedureRecord(principal, acting, found.chain, i)));
}

/**
 * Appends what happened next to an incident and stores the decision it leads to, taken now. Only a company
 * or provider that may see the incident adds to it. Dated `at` (now by default): events may be told after the
 * fact, but not dated in the future.
 */
export async function addIncidentEvent(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  principal: Principal,
  id: string,
  input: IncidentEventInput,
): Promise<Result<Incident, Failure>> {
  const allowed = authorize(principal, 'incidents.report');
  if (!allowed.ok) return fail(allowed.error);
  const parsed = parseIncidentEvent(input, deps.clock.now());
  if (!parsed.ok) return failAll(parsed.error);
  const { body, at } = parsed.value;
  const first = await deps.store.incidents.get(id);
  if (first === undefined || !(await maySee(deps, principal, first))) return fail(incidentNotFound());
  if (body.type === 'REFERENCE_OBTAINED') {
    const found = await deps.store.workplaces.get(first.workplaceId);
    if (found === undefined) return fail(incidentNotFound());
    const refused = await checkReference(deps, body.referenceNumber, first, found, 'referenceNumber');
    if (refused !== undefined) return fail(refused);
  }
  return append(deps, id, body, at, principal.keyId);
}

/**
 * Records on an incident that a reference number was obtained: the contact center's own step when it issues
 * one for an incident.
 */
export async function recordReference(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  incidentId: string,
  referenceNumber: ReferenceNumber,
  recordedBy: string,
): Promise<Result<Incident, Failure>> {
  return append(
    deps,
    incidentId,
    { type: 'REFERENCE_OBTAINED', referenceNumber },
    deps.clock.now().toISOString(),
    recordedBy,
  );
}

/** Appends an event, reading the incident again and retrying when another event came first. */
async function append(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  id: string,
  body: IncidentEventBody,
  at: string,
  recordedBy: string,
): Promise<Result<Incident, Failure>> {
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
    const incident = await deps.store.incidents.get(id);
    if (incident === undefined) return fail(incidentNotFound());
    if (incident.events.length >= MAX_EVENTS)
      return fail(domainError('TOO_MANY_ITEMS', `An incident records at most ${MAX_EVENTS} events.`));
    const now = deps.clock.now();
    const event: IncidentEvent = {
      ...body,
      at,
      sequence: incident.events.length + 1,
      recordedAt: now.toISOString(),
      recordedBy,
    };
    const next = await recompute(deps, incident, event, now);
    const outcome = await deps.store.incidents.append(id, incident.events.length, event, next);
    switch (outcome) {
      case 'APPENDED':
        return ok({ ...incident, ...next, events: [...incident.events, event] });
      case 'NOT_FOUND':
        return fail(incidentNotFound());
      case 'CHANGED':
        // Another event came first: let it finish, then read the incident again.
        await new Promise((resolve) => setTimeout(resolve, 1 + ((deps.random.bytes(1)[0] ?? 0) % 10)));
        continue;
    }
  }
  return fail(domainError('INCIDENT_BUSY', 'The incident is being changed by others: send the event again.'));
}

/**
 * The situation after an event, and the decision taken on it now: whether the contact center is open is a
 * matter of the present, while the journal is checked for the times claimed, which events do not move.
 */
async function recompute(
  deps: Pick<AppDeps, 'store' | 'clock' | 'contactCenter'>,
  incident: Incident,
  event: IncidentEvent,
  now: Date,
): Promise<{ readonly situation: Situation; readonly decision: Decision }> {
  const applied = { ...applyEvent(incident.situation, event), at: now.toISOString() };
  const situation = await withJournalCheck(deps, applied, incident.date);
  return { situation, decision: decide(situation, deps.contactCenter) };
}

/** Whether the caller may see an incident: as for the employer's presences, and the contact center. */
async function maySee(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  incident: Incident,
): Promise<boolean> {
  if (seesEvery(principal, 'incidents')) return true;
  const found = await deps.store.workplaces.get(incident.workplaceId);
  return (
    found !== undefined &&
    maySeeProcedureRecord(principal, await actingFor(deps, principal), found.chain, incident)
  );
}

function incidentNotFound(): DomainError {
  return domainError('INCIDENT_NOT_FOUND', 'No incident with this id that you may see.', 'id');
}

/** The times claimed must lie within the incident's day: an outage another day exempts nothing today. */
function claimsOutsideDay(situation: Situation, date: CalendarDate): DomainError[] {
  const day = brusselsDay(date);
  const errors: DomainError[] = [];
  for (const field of ['claimedFrom', 'claimedTo'] as const) {
    const claimed = situation[field];
    if (claimed === undefined) continue;
    const t = Date.parse(claimed);
    if (t < day.from.getTime() || t > day.to.getTime())
      errors.push(
        domainError('CLAIM_OUTSIDE_DAY', `The times claimed lie within the incident's day, ${date}.`, field),
      );
  }
  return errors;
}

/**
 * Checks a reference number entered back: it must have been given for the same workplace and day, to the
 * employer or to a company above it in the chain. One given to someone else is not found, as an unknown one.
 */
export async function checkReference(
  deps: Pick<AppDeps, 'store'>,
  number: ReferenceNumber,
  about: {
    readonly workplaceId: WorkplaceId;
    readonly date: CalendarDate;
    readonly employer: EnterpriseNumber;
  },
  found: WorkplaceWithChain,
  field: string,
): Promise<DomainError | undefined> {
  const reference = await deps.store.references.get(number);
  if (
    reference === undefined ||
    reference.workplaceId !== about.workplaceId ||
    !mayRegisterFor(found.chain, new Set([reference.enterprise]), about.employer).ok
  )
    return domainError(
      'REFERENCE_NOT_FOUND',
      `The contact center gave you no reference number ${number}.`,
      field,
    );
  if (reference.date !== about.date)
    return domainError(
      'REFERENCE_MISMATCH',
      `Reference ${number} was given for ${reference.date}, not for ${about.date}: each day has its own.`,
      field,
    );
  return undefined;
}
