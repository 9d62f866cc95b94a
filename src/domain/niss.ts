import { isRealDate } from './calendar-date.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { isDigits, stripSeparators } from './typed-input.js';

declare const nissBrand: unique symbol;

/** A valid national number (NISS/INSZ) or BIS number: 11 digits, check digits and birth date verified. */
export type Niss = string & { readonly [nissBrand]: true };

/** What an 11-digit number is: a national register number or a BIS number (with or without known sex). */
export type NissKind = 'NATIONAL_REGISTER' | 'BIS';

/** A parsed NISS with what it tells: its kind and the century its check digits give. */
export interface ParsedNiss {
  readonly value: Niss;
  readonly kind: NissKind;
  readonly bornFrom2000: boolean;
}

/**
 * Parses a NISS/INSZ or BIS number as people type it (`85.07.30-033.28`, spaces allowed).
 *
 * The check digits are `97 − (YYMMDDSSS mod 97)`, or, for people born in 2000 or later,
 * `97 − (2YYMMDDSSS mod 97)`. The birth date must exist in the century the check digits give; month `00` or
 * day `00` mean "unknown". A BIS number adds 20 (sex unknown) or 40 (sex known) to the month.
 *
 * @example parseNiss('85.07.30-033.28') // ok: '85073003328'
 */
export function parseNiss(raw: string): Result<ParsedNiss, DomainError> {
  const digits = stripSeparators(raw);
  if (!isDigits(digits)) {
    return err(
      domainError('NISS_FORMAT', 'A national number has digits only (dots, dashes and spaces are allowed).'),
    );
  }
  if (digits.length !== 11) {
    return err(domainError('NISS_LENGTH', `A national number has 11 digits, not ${digits.length}.`));
  }
  const base = Number(digits.slice(0, 9));
  const check = Number(digits.slice(9));
  const bornBefore2000 = 97 - (base % 97) === check;
  const bornFrom2000 = 97 - ((2_000_000_000 + base) % 97) === check;
  if (!bornBefore2000 && !bornFrom2000) {
    return err(
      domainError('NISS_CHECK_DIGITS', 'The check digits (last two) do not match: the number is mistyped.'),
    );
  }
  const yy = Number(digits.slice(0, 2));
  const rawMonth = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  const kind: NissKind = rawMonth >= 20 ? 'BIS' : 'NATIONAL_REGISTER';
  const month = rawMonth >= 40 ? rawMonth - 40 : rawMonth >= 20 ? rawMonth - 20 : rawMonth;
  const year = (bornFrom2000 ? 2000 : 1900) + yy;
  if (!isBirthDate(year, month, day)) {
    return err(
      domainError(
        'NISS_BIRTH_DATE',
        'The first six digits are not a birth date (YYMMDD) that exists: the number is mistyped.',
      ),
    );
  }
  return ok({ value: digits as Niss, kind, bornFrom2000 });
}

function isBirthDate(year: number, month: number, day: number): boolean {
  if (month > 12 || day > 31) return false;
  if (month === 0 || day === 0) return true; // unknown month or day, as for some BIS numbers
  return isRealDate(year, month, day);
}

/** A NISS written the way Belgian documents print it: `85.07.30-033.28`. */
export function formatNiss(niss: Niss): string {
  return `${niss.slice(0, 2)}.${niss.slice(2, 4)}.${niss.slice(4, 6)}-${niss.slice(6, 9)}.${niss.slice(9)}`;
}
