import { parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { withoutContact, type ContactReference } from '../domain/contact-reference.js';
import { mayRegisterFor } from '../domain/contractor-chain.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { parseInstant } from '../domain/instant.js';
import { authorize, seesEvery } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import {
  newReferenceNumber,
  parseReferenceNumber,
  REFERENCE_RANDOM_BYTES,
} from '../domain/reference-number.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseBoundedText } from '../domain/text.js';
import { parseWorkplaceId, type WorkplaceId } from '../domain/workplace-id.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { getIncident, recordReference } from './incidents.js';
import { checkProcedureDay } from './procedure-day.js';
import { todayInBrussels } from './today.js';
import { workplaceNotFound, workplaceOfEmployer } from './workplaces.js';

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
  /** Who called, when the agent writes it down: a name, and a phone number or e-mail address to call back. */
  readonly contact?: ContactInput | undefined;
}

/** Who to call back, as typed. */
interface ContactInput {
  readonly name: string;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
}

/** What a reference number is about: a company, on a workplace, for a day. */
interface About {
  readonly enterprise: EnterpriseNumber;
  readonly workplaceId: WorkplaceId;
  readonly date: CalendarDate;
}

/**
 * The contact form of the contact center: at any hour, the reference number comes back at once. The company
 * (or its provider) writes for itself or for a contractor below it on the workplace; when it names its
 * incident, the reference is recorded on it.
 */
export async function submitContactForm(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  principal: Principal,
  input: ContactFormInput,
): Promise<Result<ContactReference, Failure>> {
  const allowed = authorize(principal, 'contactForm.submit');
  if (!allowed.ok) return fail(allowed.error);
  const fields = new FieldErrors();
  const about = parseAbout(input, fields);
  const note = fields.take(parseBoundedText(input.description, 'The description', 4000), 'description');
  const contact = parseContact(input.contact, fields);
  if (about === undefined || note === undefined || contact === undefined || fields.any())
    return failAll(fields.list);

  const party = await workplaceOfEmployer(deps, principal, about.workplaceId, about.enterprise, 'enterprise');
  if (!party.ok) return party;
  return issue(
    deps,
    principal,
    party.value.found,
    about,
    { source: 'CONTACT_FORM', note, contact },
    input.incidentId,
  );
}

/**
 * An agent of the contact center issues a reference number after a call, recording the problem; linked to the
 * company's incident when there is one.
 */
export async function issueReference(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  principal: Principal,
  input: IssueReferenceInput,
): Promise<Result<ContactReference, Failure>> {
  const allowed = authorize(principal, 'references.issue');
  if (!allowed.ok) return fail(allowed.error);
  const fields = new FieldErrors();
  const about = parseAbout(input, fields);
  const note = fields.take(parseBoundedText(input.note, 'The note', 4000), 'note');
  const contact = input.contact === undefined ? undefined : parseContact(input.contact, fields);
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
  return issue(
    deps,
    principal,
    found,
    about,
    { source: 'PHONE', note, ...(contact === undefined ? {} : { contact }) },
    input.incidentId,
  );
}

/** Checks the day and the incident named, issues the reference, and records it on the incident. */
async function issue(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'contactCenter'>,
  principal: Principal,
  found: WorkplaceWithChain,
  about: About,
  what: Pick<ContactReference, 'source' | 'note' | 'contact'>,
  incidentId: string | undefined,
): Promise<Result<ContactReference, Failure>> {
  const dayError = checkProcedureDay(found, about.date, todayInBrussels(deps.clock.now()));
  if (dayError !== undefined) return fail(dayError);
  const linked = await linkedIncident(deps, principal, found, incidentId, about);
  if (!linked.ok) return linked;
  const reference = await deps.store.references.issue(
    {
      ...what,
      ...about,
      ...(linked.value === undefined ? {} : { incidentId: linked.value }),
      issuedAt: deps.clock.now().toISOString(),
      issuedBy: principal.keyId,
    },
    () => newReferenceNumber(deps.random.bytes(REFERENCE_RANDOM_BYTES)),
  );
  // The reference stands whatever becomes of this: it is also linked to the incident in its own record.
  if (linked.value !== undefined)
    await recordReference(deps, linked.value, reference.number, principal.keyId);
  return ok(reference);
}

/**
 * One reference number, as typed back (a mistyped one is refused by its check character): for the contact
 * center, inspectors, and the companies it may concern — who see the contact details only when it is theirs.
 */
export async function getReference(
  deps: Pick<AppDeps, 'store'>,
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
  if (seesEvery(principal, 'references')) return ok(reference);
  const found = await deps.store.workplaces.get(reference.workplaceId);
  const acting = await actingFor(deps, principal);
  if (found === undefined || !mayRegisterFor(found.chain, acting, reference.enterprise).ok) return notFound;
  return ok(acting.has(reference.enterprise) ? reference : withoutContact(reference));
}

/** The contact center's inbox: the references issued (calls and contact forms) between two moments, newest first. */
export async function listReferences(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  input: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<Result<ContactReference[], Failure>> {
  const allowed = authorize(principal, 'references.list');
  if (!allowed.ok) return fail(allowed.error);
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
): About | undefined {
  const enterprise = fields.take(parseEnterpriseNumber(input.enterprise), 'enterprise');
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  return enterprise === undefined || workplaceId === undefined || date === undefined
    ? undefined
    : { enterprise, workplaceId, date };
}

/**
 * The incident a reference is for: one the caller may see, about the same workplace and day, and about the
 * company the reference is given to or one below it in the chain.
 */
async function linkedIncident(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  found: WorkplaceWithChain,
  incidentId: string | undefined,
  about: About,
): Promise<Result<string | undefined, Failure>> {
  if (incidentId === undefined) return ok(undefined);
  const incident = await getIncident(deps, principal, incidentId);
  if (!incident.ok) return fail({ ...incident.error[0], field: 'incidentId' });
  const { workplaceId, date, employer } = incident.value;
  if (
    workplaceId !== about.workplaceId ||
    date !== about.date ||
    !mayRegisterFor(found.chain, new Set([about.enterprise]), employer).ok
  )
    return fail(
      domainError(
        'REFERENCE_MISMATCH',
        'This incident is about another workplace, day or company.',
        'incidentId',
      ),
    );
  return ok(incident.value.id);
}

/** Who to call back: a name, and a phone number or e-mail address if given (errors go under `contact.`). */
function parseContact(
  input: ContactInput,
  fields: FieldErrors,
): NonNullable<ContactReference['contact']> | undefined {
  const name = fields.take(parseBoundedText(input.name, 'The name', 200), 'contact.name');
  const phone = input.phone === undefined ? undefined : fields.take(parsePhone(input.phone), 'contact.phone');
  const email = input.email === undefined ? undefined : fields.take(parseEmail(input.email), 'contact.email');
  // A phone number or e-mail address refused is in `fields`: the caller refuses the whole input.
  if (name === undefined) return undefined;
  return {
    name,
    ...(phone === undefined ? {} : { phone }),
    ...(email === undefined ? {} : { email }),
  };
}

function parsePhone(raw: string): Result<string, DomainError> {
  const text = parseBoundedText(raw, 'The phone number', 40);
  if (!text.ok) return text;
  const phone = text.value;
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
  const text = parseBoundedText(raw, 'The e-mail address', 254);
  if (!text.ok) return text;
  const email = text.value;
  return email.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u.test(email)
    ? ok(email)
    : err(domainError('FIELD_FORMAT', 'An e-mail address is written like name@example.be.'));
}
