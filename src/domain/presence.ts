import { addDays, parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import { domainError, type DomainError } from './errors.js';
import { FieldErrors } from './field-errors.js';
import type { Sender } from './principal.js';
import type { PresenceRegistrationId } from './presence-registration-id.js';
import type { ReceiptNumber } from './receipt-number.js';
import type { ReferenceNumber } from './reference-number.js';
import { err, ok, type Result } from './result.js';
import { parseText } from './text.js';
import { parseWorker, workerKey, type Worker, type WorkerInput } from './worker.js';
import { parseWorkplaceId, type WorkplaceId } from './workplace-id.js';
import type { UpstreamState } from './upstream.js';
import type { Validation } from './validation.js';

/** How far ahead a presence may be registered, in days after today. */
export const MAX_DAYS_AHEAD = 35;

/** How many days are open to registration on any day: today and the {@link MAX_DAYS_AHEAD} days after it. */
export const REGISTRATION_WINDOW_DAYS = MAX_DAYS_AHEAD + 1;

/** The days open to registration on a day: from today to its last day, Brussels calendar days. */
export interface RegistrationWindow {
  readonly first: CalendarDate;
  readonly last: CalendarDate;
}

/**
 * How far ahead the social security's web-service protocol registers: today or tomorrow (its desktop and mobile
 * channels, and this registry's own API, go {@link MAX_DAYS_AHEAD} days ahead).
 */
export const WEB_SERVICE_DAYS_AHEAD = 1;

/**
 * The days open to registration when it is `today`: today up to {@link MAX_DAYS_AHEAD} days ahead, or up to
 * `daysAhead` for a channel that allows fewer.
 */
export function registrationWindow(
  today: CalendarDate,
  daysAhead: number = MAX_DAYS_AHEAD,
): RegistrationWindow {
  return { first: today, last: addDays(today, daysAhead) };
}

/** The channels a registration arrives through. `PAPER` is a line captured back from a paper listing. */
export const CHANNELS = ['ONLINE', 'MOBILE', 'GATEWAY', 'WEB_SERVICE', 'PAPER'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A registered presence, or one that its sender cancelled (with the reason). */
export type Presence = PresenceFields &
  (
    | { readonly status: 'REGISTERED' }
    | {
        readonly status: 'CANCELLED';
        readonly cancelledAt: string;
        readonly cancellationReason: string;
      }
  );

interface PresenceFields {
  readonly id: string;
  readonly receiptNumber: ReceiptNumber;
  /** Its number in the web-service protocol of the social security's registry (`PresenceRegistrationId`). */
  readonly registrationId: PresenceRegistrationId;
  readonly workplaceId: WorkplaceId;
  readonly registrationDate: CalendarDate;
  readonly worker: Worker;
  readonly employer: EnterpriseNumber;
  readonly clientReference?: string;
  readonly channel: Channel;
  /** For a line captured from a paper listing (channel `PAPER`): the listing's contact-center reference number. */
  readonly referenceNumber?: ReferenceNumber;
  readonly sender: Sender;
  readonly createdAt: string;
  /** Its checks against what the registry holds, made after it was acknowledged (`PENDING` until the first). */
  readonly validation: Validation;
  /** Where it stands at the official registry, when this registry forwards it there (a relay). */
  readonly upstream?: UpstreamState;
}

/** One presence to register, parsed: what the sender asks for. */
export interface PresenceRequest {
  readonly workplaceId: WorkplaceId;
  readonly registrationDate: CalendarDate;
  readonly worker: Worker;
  readonly employer: EnterpriseNumber;
  readonly clientReference?: string;
}

/** One presence to register, as it arrives. */
export interface PresenceRequestInput {
  readonly workplaceId: string;
  readonly registrationDate: string;
  readonly worker: WorkerInput;
  readonly employer: string;
  readonly clientReference?: string | undefined;
}

/** Parses one item of a registration, reporting every field that breaks a rule (field paths relative to it). */
export function parsePresenceRequest(input: PresenceRequestInput): Result<PresenceRequest, DomainError[]> {
  const fields = new FieldErrors();
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const registrationDate = fields.take(parseCalendarDate(input.registrationDate), 'registrationDate');
  const worker = fields.take(parseWorker(input.worker), 'worker');
  const employer = fields.take(parseEnterpriseNumber(input.employer), 'employer');
  const clientReference =
    input.clientReference === undefined
      ? undefined
      : fields.take(parseClientReference(input.clientReference), 'clientReference');
  if (
    workplaceId === undefined ||
    registrationDate === undefined ||
    worker === undefined ||
    employer === undefined
  ) {
    return err(fields.list);
  }
  if (fields.any()) return err(fields.list);
  return ok({
    workplaceId,
    registrationDate,
    worker,
    employer,
    ...(clientReference === undefined ? {} : { clientReference }),
  });
}

/** A sender's own reference for a registration, its idempotency key: 1 to 64 printable ASCII characters. */
export function parseClientReference(raw: string): Result<string, DomainError> {
  return /^[\x20-\x7e]{1,64}$/.test(raw)
    ? ok(raw)
    : err(domainError('CLIENT_REFERENCE_FORMAT', 'A clientReference is 1 to 64 printable ASCII characters.'));
}

/**
 * The day rule: a presence is registered before work starts, on a day of the {@link registrationWindow}.
 */
export function checkRegistrationDate(
  date: CalendarDate,
  today: CalendarDate,
  daysAhead: number = MAX_DAYS_AHEAD,
): Result<CalendarDate, DomainError> {
  if (date < today) {
    return err(
      domainError(
        'DATE_IN_PAST',
        `${date} is before today (${today}): presences are registered before work starts.`,
      ),
    );
  }
  const { last } = registrationWindow(today, daysAhead);
  if (date > last) {
    return err(
      domainError(
        'DATE_TOO_FAR',
        daysAhead === 1
          ? `${date} is after tomorrow: this channel registers today or tomorrow (${last}).`
          : `${date} is more than ${daysAhead} days ahead; the last day open is ${last}.`,
      ),
    );
  }
  return ok(date);
}

/** Parses a cancellation reason: free text, not blank, at most 500 characters. */
export function parseCancellationReason(raw: string): Result<string, DomainError> {
  const reason = parseText(raw, 'The reason for cancelling');
  if (!reason.ok) return reason;
  return reason.value.length <= 500
    ? reason
    : err(domainError('FIELD_LENGTH', 'The reason for cancelling has at most 500 characters.'));
}

/** True when both name the same presence: same worker, employer, workplace and day. */
export function sameRegistration(a: PresenceRequest, b: PresenceRequest): boolean {
  return (
    a.workplaceId === b.workplaceId &&
    a.registrationDate === b.registrationDate &&
    a.employer === b.employer &&
    sameWorker(a.worker, b.worker)
  );
}

function sameWorker(a: Worker, b: Worker): boolean {
  const ka = workerKey(a);
  const kb = workerKey(b);
  return ka.kind === kb.kind && ka.id === kb.id;
}

/** The day rule for a cancellation: past days are the record of who was there, they are not rewritten. */
export function checkCancellationDate(
  presence: Pick<Presence, 'registrationDate'>,
  today: CalendarDate,
): Result<true, DomainError> {
  return presence.registrationDate < today
    ? err(domainError('CANCEL_DATE_IN_PAST', 'A presence of a past day cannot be cancelled any more.'))
    : ok(true);
}
