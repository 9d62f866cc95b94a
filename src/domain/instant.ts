import { brusselsDayStart, parseCalendarDate } from './calendar-date.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Parses a moment: an ISO-8601 instant with its offset (`2026-11-27T06:30:00Z`), or a calendar day, which
 * stands for the start of that day in Brussels.
 */
export function parseInstant(raw: string): Result<Date, DomainError> {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const date = parseCalendarDate(raw);
    return date.ok ? ok(brusselsDayStart(date.value)) : date;
  }
  const match = INSTANT_PATTERN.exec(raw);
  const time = match?.[1] !== undefined && parseCalendarDate(match[1]).ok ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(time)) {
    return err(
      domainError('INSTANT_INVALID', 'A moment is written like 2026-11-27T06:30:00Z (or a day, 2026-11-27).'),
    );
  }
  return ok(new Date(time));
}
