/**
 * Brussels wall-clock time, the one place where the registry reads an instant as people on a Belgian site do, or
 * finds the instant a Brussels clock showed. Days, opening hours, listings, pages and imports all go through it.
 */

const TIME_ZONE = 'Europe/Brussels';

/** What a Brussels clock shows at an instant. */
export interface BrusselsClock {
  /** The day, `YYYY-MM-DD`. */
  readonly date: string;
  /** The time, `HH:MM:SS` (00 to 23 hours). */
  readonly time: string;
  /** The day of the week, 1 for Monday to 7 for Sunday. */
  readonly weekday: number;
  /** Minutes after midnight. */
  readonly minutes: number;
  /** The offset from UTC as a clock shows it: `GMT+1` in winter, `GMT+2` in summer. */
  readonly offset: string;
}

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
  timeZoneName: 'shortOffset',
});

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** What a Brussels clock shows at an instant. */
export function brusselsClock(instant: Date): BrusselsClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of CLOCK.formatToParts(instant)) parts[part.type] = part.value;
  const hour = parts.hour ?? '00';
  const minute = parts.minute ?? '00';
  return {
    date: `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`,
    time: `${hour}:${minute}:${parts.second ?? '00'}`,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? '') + 1,
    minutes: Number(hour) * 60 + Number(minute),
    offset: parts.timeZoneName ?? '',
  };
}

/**
 * An instant as people at a Belgian desk read it: `2026-03-10 08:05` in Brussels time, with the seconds or the
 * offset (`2026-03-10 08:05 GMT+1`) when asked; a text that is no instant is given back as it is.
 */
export function formatBrusselsTime(
  instant: Date | string,
  options: { readonly seconds?: boolean; readonly offset?: boolean } = {},
): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) return typeof instant === 'string' ? instant : '';
  const clock = brusselsClock(at);
  const time = options.seconds === true ? clock.time : clock.time.slice(0, 5);
  return `${clock.date} ${time}${options.offset === true ? ` ${clock.offset}` : ''}`;
}

const LOCAL_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** An instant in Brussels time, written the way a reader of `lang` writes dates and times (`10/03/2026 08:05`). */
export function formatBrusselsTimeIn(instant: string, lang: 'fr' | 'nl' | 'en'): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  let format = LOCAL_FORMATS.get(lang);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(`${lang}-BE`, {
      timeZone: TIME_ZONE,
      dateStyle: 'short',
      timeStyle: 'short',
    });
    LOCAL_FORMATS.set(lang, format);
  }
  return format.format(at);
}

/**
 * The instant a Brussels clock shows a time of a day (`YYYY-MM-DD`, hours 0–23), or undefined when it never
 * does (the hour skipped when the clocks go forward). Of the two instants it shows a time in the hour the clocks
 * go back, the first (summer time).
 */
export function brusselsInstant(date: string, hour: number, minute = 0, second = 0): Date | undefined {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, hour, minute, second);
  const wanted = `${pad(hour)}:${pad(minute)}:${pad(second)}`;
  for (const offsetHours of [2, 1]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000);
    const clock = brusselsClock(candidate);
    if (clock.date === date && clock.time === wanted) return candidate;
  }
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
