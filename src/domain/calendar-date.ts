import { brusselsClock, brusselsInstant } from './brussels-time.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

declare const calendarDateBrand: unique symbol;

/** A real calendar day written `YYYY-MM-DD`; once parsed, always valid. Compares correctly as a string. */
export type CalendarDate = string & { readonly [calendarDateBrand]: true };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The first year a day may be in: nothing in the registry is older, and databases disagree about year 0. */
const FIRST_YEAR = 1900;
/**
 * The last year a day may be in: far beyond any works, and short of year 9999, whose last day plus one (or an
 * instant a few minutes later) no longer fits an ISO date or a database's timestamp.
 */
const LAST_YEAR = 2999;

/** Parses a `YYYY-MM-DD` day, refusing days that do not exist such as `2026-02-30`. */
export function parseCalendarDate(raw: string): Result<CalendarDate, DomainError> {
  const match = DATE_PATTERN.exec(raw);
  if (match === null)
    return err(domainError('DATE_FORMAT', `"${clip(raw)}" is not a date written YYYY-MM-DD.`));
  const [, y, m, d] = match;
  if (!isRealDate(Number(y), Number(m), Number(d))) {
    return err(domainError('DATE_INVALID', `${raw} is not a day of the calendar.`));
  }
  if (Number(y) > LAST_YEAR) {
    return err(
      domainError('DATE_INVALID', `${raw} is too far away: the registry takes days up to ${LAST_YEAR}.`),
    );
  }
  if (Number(y) < FIRST_YEAR) {
    return err(
      domainError('DATE_INVALID', `${raw} is too long ago: the registry takes days from ${FIRST_YEAR} on.`),
    );
  }
  return ok(raw as CalendarDate);
}

/** True when year/month/day name an existing day of the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** The day `days` after (or before, when negative) the given day. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10) as CalendarDate;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The calendar day in Europe/Brussels at a given instant: presence dates are Brussels days. */
export function brusselsDate(instant: Date): CalendarDate {
  return brusselsClock(instant).date as CalendarDate;
}

function clip(raw: string): string {
  return raw.length > 20 ? `${raw.slice(0, 20)}…` : raw;
}

/** The instant a Brussels calendar day begins (midnight in Europe/Brussels, 22:00 or 23:00 UTC the day before). */
export function brusselsDayStart(date: CalendarDate): Date {
  // Brussels clocks never skip midnight: the day has a first instant.
  return brusselsInstant(date, 0) ?? new Date(`${date}T00:00:00Z`);
}
