import type { CalendarDate } from '../domain/calendar-date.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { MAX_DAYS_AHEAD, registrationWindow } from '../domain/presence.js';
import { isWithinPeriod } from '../domain/workplace.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';

/**
 * The day of an incident, a reference number or a paper listing: within the works' period, and no further ahead
 * than a registration could be. Past days are welcome: the procedure is often followed after the fact.
 */
export function checkProcedureDay(
  found: WorkplaceWithChain,
  date: CalendarDate,
  today: CalendarDate,
  field = 'date',
): DomainError | undefined {
  if (date > registrationWindow(today).last)
    return domainError('DATE_TOO_FAR', `The day is at most ${MAX_DAYS_AHEAD} days ahead.`, field);
  if (!isWithinPeriod(found.workplace, date))
    return domainError(
      'DATE_OUTSIDE_WORKPLACE_PERIOD',
      `The works run from ${found.workplace.startDate} to ${found.workplace.endDate}.`,
      field,
    );
  return undefined;
}
