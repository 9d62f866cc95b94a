import { maySeeProcedureRecord } from '../domain/access.js';
import { addDays, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { isParty, mayRegisterFor } from '../domain/contractor-chain.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { parseInstant } from '../domain/instant.js';
import { authorize } from '../domain/permissions.js';
import { MAX_DAYS_AHEAD } from '../domain/presence.js';
import { senderOf, type Principal } from '../domain/principal.js';
import { decide } from '../domain/procedure/decide.js';
import {
  applyEvent,
  EVIDENCE_KINDS,
  type Evidence,
  type Incident,
  type IncidentEvent,
  type IncidentEventBody,
} from '../domain/procedure/incident.js';
import {
  ATTEMPT_CHANNELS,
  ORIGINS,
  parseSituation,
  PROVIDER_OUTCOMES,
  type SituationInput,
} from '../domain/procedure/situation.js';
import { parseReferenceNumber, type ReferenceNumber } from '../domain/reference-number.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseText } from '../domain/text.js';
import { isWithinPeriod } from '../domain/workplace.js';
import { parseWorkplaceId } from '../domain/workplace-id.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { withJournalCheck } from './registry-journal.js';
import { todayInBrussels } from './today.js';
import { workplaceNotFound } from './workplaces.js';

/** An incident as reported: the workplace, day and employer, what happened, and the situation so far. */
export interface ReportIncidentInput extends SituationInput {
  readonly workplaceId: string;
  readonly date: string;
  readonly employer: string;
  readonly description?: string | undefined;
}

/** An event as it arrives: its type and the fields that type needs. */
export interface IncidentEventInput {
  readonly type: string;
  readonly at?: string | undefined;
  readonly outcome?: string | undefined;
  readonly channel?: string | undefined;
  readonly result?: string | undefined;
  readonly error?: string | undefined;
  readonly referenceNumber?: string | undefined;
  readonly origin?: string | undefined;
  readonly evidence?:
    | {
        readonly kind: string;
        readonly description: string;
        readonly reference?: string | undefined;
        readonly content?: string | undefined;
      }
    | undefined;
}

/** The longest text of a piece of evidence (the site agent's log of failed attempts, say). */
export const MAX_EVIDENCE_CONTENT = 200_000;
/** How often an event is tried again when another came first. */
const APPEND_ATTEMPTS = 5;

/**
 * Reports that a company cannot register presences on a workplace for a day — on the day or after the fact —
 * and stores the procedure's decision. The reporter acts for the employer or a company above it in the chain
 * (or is a provider they mandated); the workplace's flag of permanent unavailability applies.
 */
export async function reportIncident(
  deps: AppDeps,
  principal: Principal,
  input: ReportIncidentInput,
): Promise<Result<Incident, Failure>> {
  const allowed = authorize(principal, 'incidents.report');
  if (!allowed.ok) return fail(allowed.error);
  const sender = senderOf(principal);
  if (sender === undefined)
    return fail(domainError('ROLE_FORBIDDEN', 'Only companies and providers report.'));
  const now = deps.clock.now();
  const fields = new FieldErrors();
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  const employer = fields.take(parseEnterpriseNumber(input.employer), 'employer');
  const description =
    input.description === undefined
      ? undefined
      : fields.take(parseLongText(input.description, 'The description', 4000), 'description');
  const situation = parseSituation(input, now);
  if (!situation.ok) for (const e of situation.error) fields.add(e);
  if (
    workplaceId === undefined ||
    date === undefined ||
    employer === undefined ||
    !situation.ok ||
    fields.any()
  )
    return failAll(fields.list);

  const found = await deps.store.workplaces.get(workplaceId);
  const acting = await actingFor(deps, principal);
  if (found === undefined || !isParty(found.chain, acting)) return fail(workplaceNotFound('workplaceId'));
  const may = mayRegisterFor(found.chain, acting, employer);
  if (!may.ok) return fail(may.error);
  const dayError = checkDay(found, date, todayInBrussels(now));
  if (dayError !== undefined) return fail(dayError);

  let start = situation.value;
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
  start = await withJournalCheck(deps, start);
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
  deps: AppDeps,
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
 * Appends what happened next to an incident and stores the decision it leads to. Only a company or provider
 * that may see the incident adds to it. Dated `at` (now by default): events may be told after the fact, but
 * not dated in the future.
 */
export async function addIncidentEvent(
  deps: AppDeps,
  principal: Principal,
  id: string,
  input: IncidentEventInput,
): Promise<Result<Incident, Failure>> {
  const allowed = authorize(principal, 'incidents.report');
  if (!allowed.ok) return fail(allowed.error);
  const now = deps.clock.now();
  const parsed = parseEventInput(input, now);
  if (!parsed.ok) return failAll(parsed.error);
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
    const incident = await deps.store.incidents.get(id);
    if (incident === undefined || !(await maySee(deps, principal, incident))) return fail(incidentNotFound());
    const body = parsed.value.body;
    if (body.type === 'REFERENCE_OBTAINED') {
      const found = await deps.store.workplaces.get(incident.workplaceId);
      if (found === undefined) return fail(incidentNotFound());
      const refused = await checkReference(deps, body.referenceNumber, incident, found, 'referenceNumber');
      if (refused !== undefined) return fail(refused);
    }
    const event = {
      ...body,
      at: parsed.value.at,
      sequence: incident.events.length + 1,
      recordedAt: now.toISOString(),
      recordedBy: principal.keyId,
    } as IncidentEvent;
    const next = await recompute(deps, incident, event);
    const outcome = await deps.store.incidents.append(id, incident.events.length, event, next);
    switch (outcome) {
      case 'APPENDED':
        return ok({ ...incident, ...next, events: [...incident.events, event] });
      case 'NOT_FOUND':
        return fail(incidentNotFound());
      case 'CHANGED':
        continue;
    }
  }
  return fail(domainError('INCIDENT_BUSY', 'The incident is being changed by others: send the event again.'));
}

/**
 * Records on an incident that a reference number was obtained (the contact center's own step, when it issues
 * one for an incident), whoever records it.
 */
export async function recordReference(
  deps: AppDeps,
  incidentId: string,
  referenceNumber: ReferenceNumber,
  recordedBy: string,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt += 1) {
    const incident = await deps.store.incidents.get(incidentId);
    if (incident === undefined) return;
    const event: IncidentEvent = {
      type: 'REFERENCE_OBTAINED',
      referenceNumber,
      at: now,
      sequence: incident.events.length + 1,
      recordedAt: now,
      recordedBy,
    };
    const next = await recompute(deps, incident, event);
    if ((await deps.store.incidents.append(incidentId, incident.events.length, event, next)) !== 'CHANGED')
      return;
  }
}

async function recompute(deps: AppDeps, incident: Incident, event: IncidentEvent) {
  const situation = await withJournalCheck(deps, applyEvent(incident.situation, event));
  return { situation, decision: decide(situation, deps.contactCenter) };
}

/** Whether the caller may see an incident: as for the employer's presences, and the contact center. */
async function maySee(deps: AppDeps, principal: Principal, incident: Incident): Promise<boolean> {
  if (principal.role === 'inspector' || principal.role === 'agent') return true;
  const found = await deps.store.workplaces.get(incident.workplaceId);
  return (
    found !== undefined &&
    maySeeProcedureRecord(principal, await actingFor(deps, principal), found.chain, incident)
  );
}

function incidentNotFound(): DomainError {
  return domainError('INCIDENT_NOT_FOUND', 'No incident with this id that you may see.', 'id');
}

/** An incident's day: within the works' period, and not further ahead than a registration could be. */
function checkDay(
  found: WorkplaceWithChain,
  date: CalendarDate,
  today: CalendarDate,
): DomainError | undefined {
  if (date > addDays(today, MAX_DAYS_AHEAD))
    return domainError(
      'DATE_TOO_FAR',
      `An incident is reported for a day at most ${MAX_DAYS_AHEAD} days ahead.`,
      'date',
    );
  if (!isWithinPeriod(found.workplace, date))
    return domainError(
      'DATE_OUTSIDE_WORKPLACE_PERIOD',
      `The works run from ${found.workplace.startDate} to ${found.workplace.endDate}.`,
      'date',
    );
  return undefined;
}

/**
 * Checks a reference number entered back: it must have been given for the same workplace and day, to the
 * employer or to a company above it in the chain.
 */
export async function checkReference(
  deps: AppDeps,
  number: ReferenceNumber,
  about: { readonly workplaceId: string; readonly date: string; readonly employer: EnterpriseNumber },
  found: WorkplaceWithChain,
  field: string,
): Promise<DomainError | undefined> {
  const reference = await deps.store.references.get(number);
  if (reference === undefined)
    return domainError(
      'REFERENCE_NOT_FOUND',
      `The contact center gave no reference number ${number}.`,
      field,
    );
  const forEmployer = mayRegisterFor(found.chain, new Set([reference.enterprise]), about.employer).ok;
  if (reference.workplaceId !== about.workplaceId || reference.date !== about.date || !forEmployer)
    return domainError(
      'REFERENCE_MISMATCH',
      `Reference ${number} was given for another workplace, day or company.`,
      field,
    );
  return undefined;
}

function parseEventInput(
  input: IncidentEventInput,
  now: Date,
): Result<{ readonly body: IncidentEventBody; readonly at: string }, DomainError[]> {
  const fields = new FieldErrors();
  const at = input.at === undefined ? now : fields.take(parseInstant(input.at), 'at');
  if (at !== undefined && at.getTime() > now.getTime() + 60_000)
    fields.add(
      domainError('INSTANT_INVALID', 'An event is dated when it happened, not in the future.', 'at'),
    );
  const body = parseEventBody(input, fields);
  if (at === undefined || body === undefined || fields.any()) return err(fields.list);
  return ok({ body, at: at.toISOString() });
}

function parseEventBody(input: IncidentEventInput, fields: FieldErrors): IncidentEventBody | undefined {
  const required = <T>(value: T | undefined, field: string): T | undefined => {
    if (value === undefined)
      fields.add(domainError('FIELD_REQUIRED', `A ${input.type} event needs ${field}.`, field));
    return value;
  };
  switch (input.type) {
    case 'PROVIDER_CONTACTED': {
      const outcome = required(input.outcome, 'outcome');
      if (outcome === undefined) return undefined;
      const value = fields.take(oneOf(outcome, PROVIDER_OUTCOMES, 'The outcome'), 'outcome');
      return value === undefined ? undefined : { type: input.type, outcome: value };
    }
    case 'CHANNEL_TRIED':
    case 'REGISTERED_OTHER_CHANNEL': {
      const channelText = required(input.channel, 'channel');
      const channel =
        channelText === undefined
          ? undefined
          : fields.take(oneOf(channelText, ATTEMPT_CHANNELS, 'The channel'), 'channel');
      if (input.type === 'REGISTERED_OTHER_CHANNEL')
        return channel === undefined ? undefined : { type: input.type, channel };
      const resultText = required(input.result, 'result');
      const result =
        resultText === undefined
          ? undefined
          : fields.take(oneOf(resultText, ['OK', 'FAILED'] as const, 'The result'), 'result');
      const error = input.error?.trim();
      if (channel === undefined || result === undefined) return undefined;
      return {
        type: input.type,
        channel,
        result,
        ...(error === undefined || error === '' ? {} : { error: error.slice(0, 500) }),
      };
    }
    case 'REFERENCE_OBTAINED': {
      const raw = required(input.referenceNumber, 'referenceNumber');
      const referenceNumber =
        raw === undefined ? undefined : fields.take(parseReferenceNumber(raw), 'referenceNumber');
      return referenceNumber === undefined ? undefined : { type: input.type, referenceNumber };
    }
    case 'EVIDENCE_ADDED': {
      const raw = required(input.evidence, 'evidence');
      if (raw === undefined) return undefined;
      const evidence = parseEvidence(raw, fields);
      return evidence === undefined ? undefined : { type: input.type, evidence };
    }
    case 'ORIGIN_IDENTIFIED': {
      const raw = required(input.origin, 'origin');
      const known = ORIGINS.filter((o) => o !== 'UNKNOWN');
      const origin = raw === undefined ? undefined : fields.take(oneOf(raw, known, 'The origin'), 'origin');
      return origin === undefined ? undefined : { type: input.type, origin };
    }
    default:
      fields.add(
        domainError(
          'EVENT_TYPE_UNKNOWN',
          'The type is one of PROVIDER_CONTACTED, CHANNEL_TRIED, REGISTERED_OTHER_CHANNEL, REFERENCE_OBTAINED, EVIDENCE_ADDED, ORIGIN_IDENTIFIED.',
          'type',
        ),
      );
      return undefined;
  }
}

function parseEvidence(
  raw: NonNullable<IncidentEventInput['evidence']>,
  fields: FieldErrors,
): Evidence | undefined {
  const kind = fields.take(oneOf(raw.kind, EVIDENCE_KINDS, 'The kind of evidence'), 'evidence.kind');
  const description = fields.take(
    parseLongText(raw.description, 'The description', 2000),
    'evidence.description',
  );
  const reference =
    raw.reference === undefined
      ? undefined
      : fields.take(parseLongText(raw.reference, 'The reference', 200), 'evidence.reference');
  const content =
    raw.content === undefined
      ? undefined
      : fields.take(parseLongText(raw.content, 'The content', MAX_EVIDENCE_CONTENT), 'evidence.content');
  if (kind === undefined || description === undefined) return undefined;
  return {
    kind,
    description,
    ...(reference === undefined ? {} : { reference }),
    ...(content === undefined ? {} : { content }),
  };
}

/** Free text of at most `max` characters. */
export function parseLongText(raw: string, what: string, max: number): Result<string, DomainError> {
  const text = parseText(raw, what);
  if (!text.ok) return text;
  return text.value.length <= max
    ? text
    : err(domainError('FIELD_LENGTH', `${what} has at most ${max} characters.`));
}

function oneOf<T extends string>(raw: string, values: readonly T[], what: string): Result<T, DomainError> {
  return (values as readonly string[]).includes(raw)
    ? ok(raw as T)
    : err(domainError('FIELD_VALUE', `${what} is one of ${values.join(', ')}.`));
}
