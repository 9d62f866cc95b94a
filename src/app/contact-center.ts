import { parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { isParty, mayRegisterFor } from '../domain/contractor-chain.js';
import type { ContactReference } from '../domain/contact-reference.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { parseInstant } from '../domain/instant.js';
import { authorize } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import {
  newReferenceNumber,
  parseReferenceNumber,
  REFERENCE_RANDOM_BYTES,
} from '../domain/reference-number.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseWorkplaceId, type WorkplaceId } from '../domain/workplace-id.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { getIncident, parseLongText, recordReference } from './incidents.js';
import { workplaceNotFound } from './workplaces.js';

/** The contact form, as a company or provider fills it in. */
export interface ContactFormInput {
  readonly enterprise: string;
  readonly workplaceId: string;
  readonly date: string;
  readonly description: string;
  readonly incidentId?: string | undefined;
  readonly contact: {
    readonly name: string;
    readonly phone?: string | undefined;
    readonly email?: string | undefined;
  };
}

/** What an agent records after a phone call. */
export interface IssueReferenceInput {
  readonly enterprise: string;
  readonly workplaceId: string;
  readonly date: string;
  readonly note: string;
  readonly incidentId?: string | undefined;
}

/**
 * The contact form of the contact center: at any hour, the reference number comes back at once. The company
 * (or its provider) writes for itself or for a contractor below it on the workplace; when it names its
 * incident, the reference is recorded on it.
 */
export async function submitContactForm(
  deps: AppDeps,
  principal: Principal,
  input: ContactFormInput,
): Promise<Result<ContactReference, Failure>> {
  const allowed = authorize(principal, 'contactForm.submit');
  if (!allowed.ok) return fail(allowed.error);
  const fields = new FieldErrors();
  const about = parseAbout(input, fields);
  const note = fields.take(parseLongText(input.description, 'The description', 4000), 'description');
  const name = fields.take(parseLongText(input.contact.name, 'The name', 200), 'contact.name');
  const phone =
    input.contact.phone === undefined
      ? undefined
      : fields.take(parsePhone(input.contact.phone), 'contact.phone');
  const email =
    input.contact.email === undefined
      ? undefined
      : fields.take(parseEmail(input.contact.email), 'contact.email');
  if (about === undefined || note === undefined || name === undefined || fields.any())
    return failAll(fields.list);

  const found = await deps.store.workplaces.get(about.workplaceId);
  const acting = await actingFor(deps, principal);
  if (found === undefined || !isParty(found.chain, acting)) return fail(workplaceNotFound('workplaceId'));
  const may = mayRegisterFor(found.chain, acting, about.enterprise);
  if (!may.ok) return fail({ ...may.error, field: 'enterprise' });
  const linked = await linkedIncident(deps, principal, input.incidentId, about);
  if (!linked.ok) return linked;

  const reference = await deps.store.references.issue(
    {
      source: 'CONTACT_FORM',
      ...about,
      note,
      contact: { name, ...(phone === undefined ? {} : { phone }), ...(email === undefined ? {} : { email }) },
      ...(linked.value === undefined ? {} : { incidentId: linked.value }),
      issuedAt: deps.clock.now().toISOString(),
      issuedBy: principal.keyId,
    },
    () => newReferenceNumber(deps.random.bytes(REFERENCE_RANDOM_BYTES)),
  );
  if (linked.value !== undefined)
    await recordReference(deps, linked.value, reference.number, principal.keyId);
  return ok(reference);
}

/**
 * An agent of the contact center issues a reference number after a call, recording the problem; linked to the
 * company's incident when there is one.
 */
export async function issueReference(
  deps: AppDeps,
  principal: Principal,
  input: IssueReferenceInput,
): Promise<Result<ContactReference, Failure>> {
  const allowed = authorize(principal, 'references.issue');
  if (!allowed.ok) return fail(allowed.error);
  const fields = new FieldErrors();
  const about = parseAbout(input, fields);
  const note = fields.take(parseLongText(input.note, 'The note', 4000), 'note');
  if (about === undefined || note === undefined || fields.any()) return failAll(fields.list);
  const found = await deps.store.workplaces.get(about.workplaceId);
  if (found === undefined) return fail(workplaceNotFound('workplaceId'));
  if (!mayRegisterFor(found.chain, new Set([found.chain.declarant]), about.enterprise).ok)
    return fail(
      domainError(
        'EMPLOYER_NOT_IN_CHAIN',
        "This company is not in the workplace's contractor chain.",
        'enterprise',
      ),
    );
  const linked = await linkedIncident(deps, principal, input.incidentId, about);
  if (!linked.ok) return linked;
  const reference = await deps.store.references.issue(
    {
      source: 'PHONE',
      ...about,
      note,
      ...(linked.value === undefined ? {} : { incidentId: linked.value }),
      issuedAt: deps.clock.now().toISOString(),
      issuedBy: principal.keyId,
    },
    () => newReferenceNumber(deps.random.bytes(REFERENCE_RANDOM_BYTES)),
  );
  if (linked.value !== undefined)
    await recordReference(deps, linked.value, reference.number, principal.keyId);
  return ok(reference);
}

/**
 * One reference number, as typed back (a mistyped one is refused by its check character): for the contact
 * center, inspectors, and the companies it may concern.
 */
export async function getReference(
  deps: AppDeps,
  principal: Principal,
  raw: string,
): Promise<Result<ContactReference, Failure>> {
  const allowed = authorize(principal, 'references.read');
  if (!allowed.ok) return fail(allowed.error);
  const number = parseReferenceNumber(raw);
  if (!number.ok) return fail({ ...number.error, field: 'number' });
  const reference = await deps.store.references.get(number.value);
  const notFound = fail(
    domainError('REFERENCE_NOT_FOUND', 'No reference number like this that you may see.', 'number'),
  );
  if (reference === undefined) return notFound;
  if (principal.role === 'agent' || principal.role === 'inspector') return ok(reference);
  const found = await deps.store.workplaces.get(reference.workplaceId);
  const acting = await actingFor(deps, principal);
  if (found === undefined || !mayRegisterFor(found.chain, acting, reference.enterprise).ok) return notFound;
  return ok(reference);
}

/** The contact center's inbox: the references issued (calls and contact forms) between two moments, newest first. */
export async function listReferences(
  deps: AppDeps,
  principal: Principal,
  input: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<Result<ContactReference[], Failure>> {
  if (principal.role !== 'agent' && principal.role !== 'inspector')
    return fail(domainError('ROLE_FORBIDDEN', 'The contact center and inspectors list references.'));
  const now = deps.clock.now();
  const fields = new FieldErrors();
  // The period includes its end: by default, up to and including this very moment.
  const to = input.to === undefined ? now : fields.take(parseInstant(input.to), 'to');
  const from =
    input.from === undefined
      ? new Date(now.getTime() - 7 * 86_400_000)
      : fields.take(parseInstant(input.from), 'from');
  if (from === undefined || to === undefined) return failAll(fields.list);
  return ok(
    await deps.store.references.issuedBetween(
      from.toISOString(),
      new Date(to.getTime() + 1).toISOString(),
      input.limit ?? 200,
    ),
  );
}

function parseAbout(
  input: { readonly enterprise: string; readonly workplaceId: string; readonly date: string },
  fields: FieldErrors,
): { enterprise: EnterpriseNumber; workplaceId: WorkplaceId; date: CalendarDate } | undefined {
  const enterprise = fields.take(parseEnterpriseNumber(input.enterprise), 'enterprise');
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  return enterprise === undefined || workplaceId === undefined || date === undefined
    ? undefined
    : { enterprise, workplaceId, date };
}

/** The incident a reference is for: one the caller may see, about the same workplace, day and company. */
async function linkedIncident(
  deps: AppDeps,
  principal: Principal,
  incidentId: string | undefined,
  about: { readonly workplaceId: WorkplaceId; readonly date: CalendarDate },
): Promise<Result<string | undefined, Failure>> {
  if (incidentId === undefined) return ok(undefined);
  const incident = await getIncident(deps, principal, incidentId);
  if (!incident.ok) return fail({ ...incident.error[0], field: 'incidentId' });
  if (incident.value.workplaceId !== about.workplaceId || incident.value.date !== about.date)
    return fail(
      domainError('REFERENCE_MISMATCH', 'This incident is about another workplace or day.', 'incidentId'),
    );
  return ok(incident.value.id);
}

function parsePhone(raw: string): Result<string, DomainError> {
  const phone = raw.trim();
  return /^\+?[0-9 ./()-]{6,30}$/.test(phone)
    ? ok(phone)
    : err(
        domainError(
          'FIELD_FORMAT',
          'A phone number has 6 to 30 digits, spaces, dots, dashes or a leading +.',
        ),
      );
}

function parseEmail(raw: string): Result<string, DomainError> {
  const email = raw.trim();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
    ? ok(email)
    : err(domainError('FIELD_FORMAT', 'An e-mail address is written like name@example.be.'));
}
