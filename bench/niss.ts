/** How many distinct numbers `nissFor` can make: 997 serials a day for every day of 1940–1999. */
export const NISS_CAPACITY = 997 * 21_900;

const FIRST_BIRTH_DAY = Date.UTC(1940, 0, 1);
const DAY_MS = 86_400_000;

/**
 * The `n`-th of a sequence of distinct, valid national numbers (NISS): a real birth day in the last century and
 * a serial from 001 to 997, with check digits `97 − (YYMMDDSSS mod 97)`.
 *
 * @example nissFor(0) // '40010100140': born 1940-01-01, serial 001
 */
export function nissFor(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= NISS_CAPACITY) {
    throw new RangeError(`nissFor takes a whole number from 0 to ${NISS_CAPACITY - 1}, not ${n}`);
  }
  const serial = (n % 997) + 1;
  const birth = new Date(FIRST_BIRTH_DAY + Math.floor(n / 997) * DAY_MS);
  const yymmdd = pad(birth.getUTCFullYear() % 100) + pad(birth.getUTCMonth() + 1) + pad(birth.getUTCDate());
  const base = yymmdd + String(serial).padStart(3, '0');
  return base + pad(97 - (Number(base) % 97));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
