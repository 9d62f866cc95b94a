import type { CalendarDate } from './calendar-date.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** How long registrations are kept: seven years. */
export const RETENTION_YEARS = 7;

/** The first day that must still be kept today: the same day seven years ago (28 February for a 29th). */
export function retentionFloor(today: CalendarDate): CalendarDate {
  const [year, month, day] = today.split('-') as [string, string, string];
  const leapDay = month === '02' && day === '29';
  return `${String(Number(year) - RETENTION_YEARS).padStart(4, '0')}-${month}-${leapDay ? '28' : day}` as CalendarDate;
}

/** A purge may remove only what is older than the retention period: `before` must not be after the floor. */
export function checkPurgeDate(before: CalendarDate, today: CalendarDate): Result<CalendarDate, DomainError> {
  const floor = retentionFloor(today);
  return before <= floor
    ? ok(before)
    : err(
        domainError(
          'RETENTION_NOT_REACHED',
          `Registrations are kept ${RETENTION_YEARS} years: today, only what is before ${floor} may be purged.`,
          'before',
        ),
      );
}
