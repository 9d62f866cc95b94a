import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { isDigits, stripSeparators } from './typed-input.js';

declare const presenceRegistrationIdBrand: unique symbol;

/**
 * The number of a registration in the protocol of the social security's registry (its `PresenceRegistrationId`,
 * a number of at most 15 digits), which software that speaks that protocol quotes to find or cancel it. Ours
 * has 15 digits: 13 random ones (the first not 0, so that none is a prefix of another), which cannot be
 * enumerated in sequence, then two check digits `97 − (body mod 97)`, the Belgian habit of the national and
 * enterprise numbers, which catch every single mistyped digit and every swap of two neighbours.
 */
export type PresenceRegistrationId = string & { readonly [presenceRegistrationIdBrand]: true };

/** How many random bytes {@link newPresenceRegistrationId} needs. */
export const REGISTRATION_ID_RANDOM_BYTES = 7;

const BODY_DIGITS = 13;
const SMALLEST_BODY = 10n ** BigInt(BODY_DIGITS - 1);
const BODIES = 9n * SMALLEST_BODY;

/** Builds a registration id from 7 random bytes (56 bits, drawn down to 13 digits with a bias below 10⁻³). */
export function newPresenceRegistrationId(random: Uint8Array): PresenceRegistrationId {
  if (random.length < REGISTRATION_ID_RANDOM_BYTES)
    throw new RangeError(`a registration id needs ${REGISTRATION_ID_RANDOM_BYTES} random bytes`);
  let value = 0n;
  for (let i = 0; i < REGISTRATION_ID_RANDOM_BYTES; i += 1) value = (value << 8n) | BigInt(random[i] ?? 0);
  const body = Number(SMALLEST_BODY + (value % BODIES));
  return withCheckDigits(body);
}

/** The registration id of a 13-digit body: the body and its check digits. */
export function withCheckDigits(body: number): PresenceRegistrationId {
  return `${body}${String(97 - (body % 97)).padStart(2, '0')}` as PresenceRegistrationId;
}

/** Parses a registration id as typed (spaces, dots and dashes allowed), refusing a mistyped one. */
export function parsePresenceRegistrationId(raw: string): Result<PresenceRegistrationId, DomainError> {
  const digits = stripSeparators(raw);
  if (!isDigits(digits) || digits.length !== BODY_DIGITS + 2 || digits.startsWith('0')) {
    return err(
      domainError(
        'REGISTRATION_ID_FORMAT',
        'A registration id has 15 digits, the first not 0, such as 483920175562890.',
      ),
    );
  }
  const body = Number(digits.slice(0, BODY_DIGITS));
  if (withCheckDigits(body) !== digits) {
    return err(
      domainError(
        'REGISTRATION_ID_CHECK_DIGITS',
        'The registration id is mistyped: its check digits (the last two) do not match.',
      ),
    );
  }
  return ok(digits as PresenceRegistrationId);
}
