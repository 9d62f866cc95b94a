import { brusselsClock } from '../brussels-time.js';
import type { CalendarDate } from '../calendar-date.js';
import { brusselsDate } from '../calendar-date.js';
import { domainError, type DomainError } from '../errors.js';
import { err, ok, type Result } from '../result.js';
import type { Texts } from './decision.js';
import { belgianPublicHolidays } from './public-holidays.js';

/** When the contact center answers the phone, in Brussels time. Days are 1 (Monday) to 7 (Sunday). */
export interface OpeningHours {
  readonly days: readonly number[];
  /** Minutes after midnight. */
  readonly opens: number;
  readonly closes: number;
  /** Other days it is closed although they are opening days (bridge days, say). */
  readonly closedOn: readonly CalendarDate[];
  /** Closed on Belgium's public holidays too (the default). */
  readonly closedOnPublicHolidays?: boolean;
}

/** The contact center the procedure sends companies to. */
export interface ContactCenter {
  readonly phone: string;
  readonly hours: OpeningHours;
}

/** The contact center as the procedure names it; its hours are Monday to Friday, 07:00 to 20:00. */
export const DEFAULT_CONTACT_CENTER: ContactCenter = {
  phone: '02 511 51 51',
  hours: { days: [1, 2, 3, 4, 5], opens: 7 * 60, closes: 20 * 60, closedOn: [] },
};

const DAY_NAMES = {
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
} as const;
const DAY_ABBREVIATIONS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** True when the contact center answers the phone at that instant. */
export function isOpen(hours: OpeningHours, at: Date): boolean {
  const day = brusselsDate(at);
  if (hours.closedOn.includes(day)) return false;
  if ((hours.closedOnPublicHolidays ?? true) && belgianPublicHolidays(Number(day.slice(0, 4))).includes(day))
    return false;
  const { weekday, minutes } = brusselsClock(at);
  return hours.days.includes(weekday) && minutes >= hours.opens && minutes < hours.closes;
}

/**
 * Parses opening hours written `Mon-Fri 07:00-20:00` (days in English, a range or a comma-separated list, then
 * the hours), as the `CONTACT_CENTER_HOURS` setting gives them.
 */
export function parseOpeningHours(raw: string): Result<OpeningHours, DomainError> {
  const refuse = err(
    domainError(
      'FIELD_FORMAT',
      'Opening hours are written like "Mon-Fri 07:00-20:00" or "Mon,Wed,Fri 08:00-17:30".',
    ),
  );
  const match = /^\s*([a-z,-]+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s*$/i.exec(raw);
  if (match === null) return refuse;
  const [, daysPart = '', oh, om, ch, cm] = match;
  const days: number[] = [];
  for (const piece of daysPart.toLowerCase().split(',')) {
    const [first, last] = piece.split('-');
    const from = DAY_ABBREVIATIONS.indexOf(first as (typeof DAY_ABBREVIATIONS)[number]) + 1;
    const to =
      last === undefined ? from : DAY_ABBREVIATIONS.indexOf(last as (typeof DAY_ABBREVIATIONS)[number]) + 1;
    if (from === 0 || to === 0 || to < from) return refuse;
    for (let d = from; d <= to; d += 1) if (!days.includes(d)) days.push(d);
  }
  const opens = Number(oh) * 60 + Number(om);
  const closes = Number(ch) * 60 + Number(cm);
  if (Number(om) > 59 || Number(cm) > 59 || closes > 24 * 60 || opens >= closes) return refuse;
  return ok({ days: days.sort((a, b) => a - b), opens, closes, closedOn: [] });
}

/** The opening hours in words, in each language: "du lundi au vendredi, de 07:00 à 20:00". */
export function describeHours(hours: OpeningHours): Texts {
  const time = (m: number): string =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const from = time(hours.opens);
  const to = time(hours.closes);
  const contiguous = hours.days.every((d, i) => i === 0 || d === (hours.days[i - 1] ?? 0) + 1);
  const first = (hours.days[0] ?? 1) - 1;
  const last = (hours.days[hours.days.length - 1] ?? 1) - 1;
  const list = (lang: keyof typeof DAY_NAMES, and: string): string => {
    const names = hours.days.map((d) => DAY_NAMES[lang][d - 1] ?? '');
    return names.length === 1
      ? (names[0] ?? '')
      : `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1) ?? ''}`;
  };
  if (contiguous && hours.days.length > 1) {
    return {
      fr: `du ${DAY_NAMES.fr[first] ?? ''} au ${DAY_NAMES.fr[last] ?? ''}, de ${from} à ${to}`,
      nl: `van ${DAY_NAMES.nl[first] ?? ''} tot ${DAY_NAMES.nl[last] ?? ''}, van ${from} tot ${to}`,
      en: `${DAY_NAMES.en[first] ?? ''} to ${DAY_NAMES.en[last] ?? ''}, ${from} to ${to}`,
    };
  }
  return {
    fr: `le ${list('fr', 'et')}, de ${from} à ${to}`,
    nl: `op ${list('nl', 'en')}, van ${from} tot ${to}`,
    en: `${list('en', 'and')}, ${from} to ${to}`,
  };
}
