import type { CalendarDate } from '../domain/calendar-date.js';
import { brusselsDay } from '../shared/brussels-day.js';

/** Today in Brussels at `now`: the day every registration, cancellation and procedure is about. */
export function todayInBrussels(now: Date): CalendarDate {
  return brusselsDay(now);
}
