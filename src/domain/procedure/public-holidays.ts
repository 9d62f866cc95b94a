import { addDays, type CalendarDate } from '../calendar-date.js';

/**
 * Belgium's ten public holidays of a year, when the contact center is closed: New Year's Day, Easter Monday,
 * Labour Day, Ascension Day, Whit Monday, the National Day, the Assumption, All Saints' Day, Armistice Day and
 * Christmas.
 */
export function belgianPublicHolidays(year: number): CalendarDate[] {
  const day = (month: number, date: number) =>
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}` as CalendarDate;
  const easter = easterSunday(year);
  return [
    day(1, 1),
    addDays(easter, 1),
    day(5, 1),
    addDays(easter, 39),
    addDays(easter, 50),
    day(7, 21),
    day(8, 15),
    day(11, 1),
    day(11, 11),
    day(12, 25),
  ].sort();
}

/** Easter Sunday of a Gregorian year (the anonymous algorithm of 1876, as Meeus gives it). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}` as CalendarDate;
}
