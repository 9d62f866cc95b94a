import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { isDigits, stripSeparators } from './typed-input.js';

declare const enterpriseNumberBrand: unique symbol;

/** A valid KBO/BCE enterprise number: 10 digits, first `0` or `1`, check digits verified. */
export type EnterpriseNumber = string & { readonly [enterpriseNumberBrand]: true };

/**
 * Parses a KBO/BCE enterprise number as people type it: `0403.170.701`, `BE 0403 170 701`, or the old
 * 9-digit form (which gets its leading 0). The last two digits are `97 − (first eight mod 97)`.
 *
 * @example parseEnterpriseNumber('0403.170.701') // ok: '0403170701'
 */
export function parseEnterpriseNumber(raw: string): Result<EnterpriseNumber, DomainError> {
  let digits = stripSeparators(raw);
  if (/^BE/i.test(digits)) digits = digits.slice(2);
  if (!isDigits(digits)) {
    return err(
      domainError('ENTERPRISE_NUMBER_FORMAT', 'An enterprise number has digits only, such as 0403.170.701.'),
    );
  }
  if (digits.length === 9) digits = `0${digits}`;
  if (digits.length !== 10) {
    return err(
      domainError('ENTERPRISE_NUMBER_LENGTH', `An enterprise number has 10 digits, not ${digits.length}.`),
    );
  }
  if (digits[0] !== '0' && digits[0] !== '1') {
    return err(domainError('ENTERPRISE_NUMBER_FORMAT', 'An enterprise number starts with 0 or 1.'));
  }
  const check = 97 - (Number(digits.slice(0, 8)) % 97);
  if (check !== Number(digits.slice(8))) {
    return err(
      domainError(
        'ENTERPRISE_NUMBER_CHECK_DIGITS',
        'The check digits (last two) do not match: the number is mistyped.',
      ),
    );
  }
  return ok(digits as EnterpriseNumber);
}

/** Writes an enterprise number the way it is printed: `0403.170.701`. */
export function formatEnterpriseNumber(value: EnterpriseNumber): string {
  return `${value.slice(0, 4)}.${value.slice(4, 7)}.${value.slice(7)}`;
}
