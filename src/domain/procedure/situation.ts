import { parseInstant } from '../instant.js';
import { domainError, type DomainError } from '../errors.js';
import { FieldErrors } from '../field-errors.js';
import { parseReferenceNumber, type ReferenceNumber } from '../reference-number.js';
import { err, ok, type Result } from '../result.js';
import { parseBoundedText, parseOneOf } from '../text.js';

/**
 * Where the unavailability comes from, as the procedure's summary table tells them apart — or `UNKNOWN` when the
 * company cannot tell (the decision then asks the questions that tell them apart).
 */
export const ORIGINS = [
  'PROVIDER',
  'THIRD_PARTY_INFRASTRUCTURE',
  'REGISTRY_UNAVAILABLE',
  'OWN_COMPANY',
  'UNKNOWN',
] as const;
export type Origin = (typeof ORIGINS)[number];

/** What came of contacting the service provider (step 1). */
export const PROVIDER_OUTCOMES = ['SOLVED', 'NOT_SOLVED', 'NO_ANSWER'] as const;
export type ProviderOutcome = (typeof PROVIDER_OUTCOMES)[number];

/** The channels a registration can be tried through (step 2). */
export const ATTEMPT_CHANNELS = ['ONLINE', 'MOBILE', 'GATEWAY', 'WEB_SERVICE', 'PROVIDER'] as const;
export type AttemptChannel = (typeof ATTEMPT_CHANNELS)[number];

/** One attempt to register through a channel. */
export interface ChannelAttempt {
  readonly channel: AttemptChannel;
  readonly at: string;
  readonly result: 'OK' | 'FAILED';
  readonly error?: string;
}

/** What the registry's availability journal says of the times claimed (filled in by the registry, never sent). */
export type JournalCheck = 'CONFIRMED' | 'NOT_CONFIRMED';

/**
 * A company's situation when it cannot register: the input of the decision. Instants are ISO-8601 strings so
 * that a situation is stored and sent as it is.
 */
export interface Situation {
  readonly origin: Origin;
  /** When the decision is asked for: it tells whether the contact center is open. */
  readonly at: string;
  /** The workplace is flagged as permanently without the infrastructure needed (network, power). */
  readonly permanentlyWithoutInfrastructure: boolean;
  /** The company is a subcontractor registering with the means its co-contractor provides. */
  readonly usesCoContractorMeans: boolean;
  readonly providerContact?: { readonly at: string; readonly outcome: ProviderOutcome };
  readonly channelsTried: readonly ChannelAttempt[];
  readonly referenceNumber?: ReferenceNumber;
  /** The period the unavailability is claimed for; by default the moment `at`. */
  readonly claimedFrom?: string;
  readonly claimedTo?: string;
  /** For `REGISTRY_UNAVAILABLE`: whether the registry's journal has an outage overlapping the times claimed. */
  readonly journal?: JournalCheck;
}

/** A situation as it arrives (the API's shape): every field but `origin` is optional. */
export interface SituationInput {
  readonly origin: string;
  readonly at?: string | undefined;
  readonly permanentlyWithoutInfrastructure?: boolean | undefined;
  readonly usesCoContractorMeans?: boolean | undefined;
  readonly providerContact?: { readonly at: string; readonly outcome: string } | undefined;
  readonly channelsTried?:
    | readonly {
        readonly channel: string;
        readonly at: string;
        readonly result: string;
        readonly error?: string | undefined;
      }[]
    | undefined;
  readonly referenceNumber?: string | undefined;
  readonly claimedFrom?: string | undefined;
  readonly claimedTo?: string | undefined;
}

/** The longest unavailability one situation claims: a day (the exemption is for the day). */
export const MAX_CLAIM_MS = 25 * 3_600_000;

/** The most attempts one situation records. */
export const MAX_ATTEMPTS = 50;

/** Parses a situation; `now` stands for `at` when it is not given. Every broken rule is reported by field. */
export function parseSituation(input: SituationInput, now: Date): Result<Situation, DomainError[]> {
  const fields = new FieldErrors();
  const origin = fields.take(parseOrigin(input.origin), 'origin');
  const at = input.at === undefined ? now : fields.take(parseInstant(input.at), 'at');
  const providerContact =
    input.providerContact === undefined
      ? undefined
      : parseProviderContact(input.providerContact, fields, 'providerContact');
  const channelsTried: ChannelAttempt[] = [];
  if ((input.channelsTried?.length ?? 0) > MAX_ATTEMPTS) {
    fields.add(
      domainError('TOO_MANY_ITEMS', `At most ${MAX_ATTEMPTS} attempts are recorded.`, 'channelsTried'),
    );
  }
  for (const [i, raw] of (input.channelsTried ?? []).entries()) {
    const attempt = parseAttempt(raw, fields, `channelsTried[${i}]`);
    if (attempt !== undefined) channelsTried.push(attempt);
  }
  const referenceNumber =
    input.referenceNumber === undefined
      ? undefined
      : fields.take(parseReferenceNumber(input.referenceNumber), 'referenceNumber');
  const claimedFrom =
    input.claimedFrom === undefined ? undefined : fields.take(parseInstant(input.claimedFrom), 'claimedFrom');
  const claimedTo =
    input.claimedTo === undefined ? undefined : fields.take(parseInstant(input.claimedTo), 'claimedTo');
  if (claimedFrom !== undefined && claimedTo !== undefined && claimedTo < claimedFrom) {
    fields.add(domainError('DATE_RANGE_INVALID', '"claimedTo" is before "claimedFrom".', 'claimedTo'));
  } else if (
    claimedFrom !== undefined &&
    claimedTo !== undefined &&
    claimedTo.getTime() - claimedFrom.getTime() > MAX_CLAIM_MS
  ) {
    fields.add(
      domainError('DATE_RANGE_TOO_LONG', 'An unavailability is claimed for one day at most.', 'claimedTo'),
    );
  }
  if (origin === undefined || at === undefined || fields.any()) return err(fields.list);
  return ok({
    origin,
    at: at.toISOString(),
    permanentlyWithoutInfrastructure: input.permanentlyWithoutInfrastructure ?? false,
    usesCoContractorMeans: input.usesCoContractorMeans ?? false,
    ...(providerContact === undefined ? {} : { providerContact }),
    channelsTried,
    ...(referenceNumber === undefined ? {} : { referenceNumber }),
    ...(claimedFrom === undefined ? {} : { claimedFrom: claimedFrom.toISOString() }),
    ...(claimedTo === undefined ? {} : { claimedTo: claimedTo.toISOString() }),
  });
}

/** Parses the origin of an unavailability. */
export function parseOrigin(raw: string): Result<Origin, DomainError> {
  return (ORIGINS as readonly string[]).includes(raw)
    ? ok(raw as Origin)
    : err(domainError('ORIGIN_UNKNOWN', `The origin is one of ${ORIGINS.join(', ')}.`));
}

/** Parses what came of contacting the provider, recording errors under `path`. */
export function parseProviderContact(
  raw: { readonly at: string; readonly outcome: string },
  fields: FieldErrors,
  path: string,
): Situation['providerContact'] {
  const at = fields.take(parseInstant(raw.at), under(path, 'at'));
  const outcome = fields.take(
    parseOneOf(raw.outcome, PROVIDER_OUTCOMES, 'The outcome'),
    under(path, 'outcome'),
  );
  return at === undefined || outcome === undefined ? undefined : { at: at.toISOString(), outcome };
}

/** Parses one attempt through a channel, recording errors under `path`. */
export function parseAttempt(
  raw: {
    readonly channel: string;
    readonly at: string;
    readonly result: string;
    readonly error?: string | undefined;
  },
  fields: FieldErrors,
  path: string,
): ChannelAttempt | undefined {
  const channel = fields.take(
    parseOneOf(raw.channel, ATTEMPT_CHANNELS, 'The channel'),
    under(path, 'channel'),
  );
  const at = fields.take(parseInstant(raw.at), under(path, 'at'));
  const result = fields.take(
    parseOneOf(raw.result, ['OK', 'FAILED'] as const, 'The result'),
    under(path, 'result'),
  );
  const error =
    raw.error === undefined || raw.error.trim() === ''
      ? undefined
      : fields.take(parseBoundedText(raw.error, 'The error', 500), under(path, 'error'));
  if (channel === undefined || at === undefined || result === undefined) return undefined;
  if (raw.error !== undefined && raw.error.trim() !== '' && error === undefined) return undefined;
  return { channel, at: at.toISOString(), result, ...(error === undefined ? {} : { error }) };
}

/** A field's path under a parent's (`channelsTried[0]` and `at` give `channelsTried[0].at`; no parent, `at`). */
function under(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}
