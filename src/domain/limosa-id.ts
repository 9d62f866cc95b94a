import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { isDigits, stripSeparators } from './typed-input.js';

declare const limosaIdBrand: unique symbol;

/** The number of a Limosa-1 declaration, for a worker sent to Belgium from abroad. */
export type LimosaId = string & { readonly [limosaIdBrand]: true };

/** Shortest and longest accepted: the official length is not published, so a generous range is accepted. */
export const LIMOSA_MIN_DIGITS = 8;
export const LIMOSA_MAX_DIGITS = 20;

/** Parses a Limosa-1 declaration number: digits only (separators allowed), 8 to 20 of them, no check digit. */
export function parseLimosaId(raw: string): Result<LimosaId, DomainError> {
  const digits = stripSeparators(raw);
  if (!isDigits(digits)) return err(domainError('LIMOSA_FORMAT', 'A Limosa-1 number has digits only.'));
  if (digits.length < LIMOSA_MIN_DIGITS || digits.length > LIMOSA_MAX_DIGITS) {
    return err(
      domainError(
        'LIMOSA_LENGTH',
        `A Limosa-1 number has ${LIMOSA_MIN_DIGITS} to ${LIMOSA_MAX_DIGITS} digits, not ${digits.length}.`,
      ),
    );
  }
  return ok(digits as LimosaId);
}
