import { checkCharacter, hasValidCheckCharacter, normalizeCode, randomCode } from './check-code.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

declare const referenceNumberBrand: unique symbol;

/**
 * The contact center's reference number, which records that a company reported it could not register: written
 * `XXXX-XXXX`, 7 random Crockford characters and a check character — short enough to write on a paper listing
 * by hand, and a mistyped one is refused when it is entered back.
 */
export type ReferenceNumber = string & { readonly [referenceNumberBrand]: true };

/** How many random bytes `newReferenceNumber` needs. */
export const REFERENCE_RANDOM_BYTES = 5;

/** Builds a reference number from 5 random bytes (the caller brings the randomness). */
export function newReferenceNumber(random: Uint8Array): ReferenceNumber {
  const body = randomCode(random, 7);
  return format(body + checkCharacter(body));
}

/** Parses a reference number as written or typed, refusing one whose check character shows it is mistyped. */
export function parseReferenceNumber(raw: string): Result<ReferenceNumber, DomainError> {
  const code = normalizeCode(raw);
  if (code?.length !== 8) {
    return err(
      domainError(
        'REFERENCE_NUMBER_FORMAT',
        'A reference number has 8 letters and digits, such as 4KQ7-M2XD.',
      ),
    );
  }
  if (!hasValidCheckCharacter(code)) {
    return err(
      domainError(
        'REFERENCE_NUMBER_CHECK_CHARACTER',
        'The reference number is mistyped: its check character does not match.',
      ),
    );
  }
  return ok(format(code));
}

function format(code: string): ReferenceNumber {
  return `${code.slice(0, 4)}-${code.slice(4)}` as ReferenceNumber;
}
