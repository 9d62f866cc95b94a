import { brusselsDate, type CalendarDate } from '../domain/calendar-date.js';

let lastMinute = Number.NaN;
let lastDay = '' as CalendarDate;

/**
 * Today in Brussels at `now`, as `brusselsDate` says, remembered for the minute: every registration asks, and
 * Brussels being a whole number of hours from UTC, its days only change on a minute.
 */
export function todayInBrussels(now: Date): CalendarDate {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = brusselsDate(now);
    lastMinute = minute;
  }
  return lastDay;
}
