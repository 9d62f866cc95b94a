import { brusselsInstant } from '../domain/brussels-time.js';
import { brusselsDate, parseCalendarDate } from '../domain/calendar-date.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { parseInstant } from '../domain/instant.js';
import { err, ok, type Result } from '../domain/result.js';

/** The hour a line that gives only a day stands for: 07:00 in Brussels, when the works begin. */
export const DAY_ONLY_HOUR = 7;

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u;
const BELGIAN_TIME = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u;

/**
 * When a line says the worker was seen, not after the day of `now` (an import records who was there):
 *
 * - an ISO-8601 instant with its offset: `2026-11-27T06:30:00Z`, `2026-11-27T07:30+01:00`;
 * - a Brussels wall-clock time: `2026-11-27 07:30` (or with `T`, with seconds), or as a Belgian spreadsheet
 *   writes it, `27/11/2026 07:30`;
 * - a day alone, `2026-11-27` or `27/11/2026`: 07:00 in Brussels that day ({@link DAY_ONLY_HOUR}).
 *
 * A wall-clock time the clocks skip (02:30 on the last Sunday of March) is an error; one they go through twice
 * (02:30 on the last Sunday of October) is the first, in summer time.
 */
export function parseCapturedAt(raw: string, now: Date): Result<Date, DomainError> {
  const text = raw.trim();
  const local = LOCAL_TIME.exec(text);
  const belgian = BELGIAN_TIME.exec(text);
  let at: Result<Date, DomainError>;
  if (local !== null) {
    const [, day = '', hour, minute, second] = local;
    at = brusselsWallClock(day, hour, minute, second);
  } else if (belgian !== null) {
    const [, day = '', month = '', year = '', hour, minute, second] = belgian;
    at = brusselsWallClock(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`, hour, minute, second);
  } else {
    at = parseInstant(text);
    if (!at.ok)
      at = err(
        domainError(
          'INSTANT_INVALID',
          `"${text}" is not a moment: write 2026-11-27T06:30:00Z, 2026-11-27 07:30 (Brussels time), ` +
            '27/11/2026 07:30, or a day alone, 2026-11-27 (07:00 that day).',
        ),
      );
  }
  if (!at.ok) return at;
  if (brusselsDate(at.value) > brusselsDate(now)) {
    return err(
      domainError(
        'FIELD_VALUE',
        `${text} is after today: an import records who was present, not who will be.`,
      ),
    );
  }
  return at;
}

/** The instant a Brussels wall clock shows a time of a day (07:00 when no time is given). */
function brusselsWallClock(
  day: string,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): Result<Date, DomainError> {
  const date = parseCalendarDate(day);
  if (!date.ok) return date;
  const [h, m, s] = [Number(hour ?? DAY_ONLY_HOUR), Number(minute ?? 0), Number(second ?? 0)];
  if (h > 23 || m > 59 || s > 59) {
    return err(domainError('INSTANT_INVALID', `${hour ?? ''}:${minute ?? ''} is not a time of the day.`));
  }
  const instant = brusselsInstant(date.value, h, m, s);
  if (instant !== undefined) return ok(instant);
  return err(
    domainError(
      'FIELD_VALUE',
      `${date.value} ${pad(h)}:${pad(m)} never happened in Brussels: the clocks went forward from 02:00 to 03:00.`,
    ),
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
