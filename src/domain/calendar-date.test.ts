import { describe, expect, it } from 'vitest';
import {
  addDays,
  brusselsDate,
  brusselsDayStart,
  daysBetween,
  isRealDate,
  parseCalendarDate,
  type CalendarDate,
} from './calendar-date.js';

const d = (raw: string): CalendarDate => {
  const result = parseCalendarDate(raw);
  if (!result.ok) throw new Error(`not a date: ${raw}`);
  return result.value;
};

const at = (iso: string): Date => new Date(iso);

describe('parseCalendarDate', () => {
  it('applies the leap-year rule of the centuries: 2000 has a 29 February, 1900 not', () => {
    expect(parseCalendarDate('2000-02-29').ok).toBe(true);
    expect(parseCalendarDate('1900-02-29').ok).toBe(false);
  });

  it('takes days from 1900 to 2999 only', () => {
    expect(parseCalendarDate('1899-12-31')).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
    expect(parseCalendarDate('0000-01-01')).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
    expect(parseCalendarDate('2999-12-31')).toMatchObject({ ok: true });
    expect(parseCalendarDate('3000-01-01')).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
    expect(parseCalendarDate('9999-12-31')).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
  });

  it('accepts a day written YYYY-MM-DD', () => {
    expect(parseCalendarDate('2026-11-27')).toEqual({ ok: true, value: '2026-11-27' });
  });

  it('accepts 29 February of a leap year: 2024-02-29', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('accepts 29 February 2000, a leap year although divisible by 100', () => {
    expect(parseCalendarDate('2000-02-29')).toMatchObject({ ok: true });
  });

  it.each(['2026-02-30', '2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'])(
    'refuses %s, a day that is not in the calendar: DATE_INVALID',
    (raw) => {
      expect(parseCalendarDate(raw)).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
    },
  );

  it.each(['2026-2-3', '26-02-03', '2026/02/03', '03-02-2026', '2026-02-03T00:00:00Z', ' 2026-02-03', ''])(
    'refuses %j, which is not written YYYY-MM-DD: DATE_FORMAT',
    (raw) => {
      expect(parseCalendarDate(raw)).toMatchObject({ ok: false, error: { code: 'DATE_FORMAT' } });
    },
  );

  it('quotes at most 20 characters of a long bad input in its message', () => {
    const result = parseCalendarDate('x'.repeat(1000));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(100);
  });
});

describe('isRealDate', () => {
  it('knows the length of every month', () => {
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    lengths.forEach((length, i) => {
      expect(isRealDate(2026, i + 1, length)).toBe(true);
      expect(isRealDate(2026, i + 1, length + 1)).toBe(false);
    });
  });

  it('refuses month 0, month 13 and day 0', () => {
    expect(isRealDate(2026, 0, 1)).toBe(false);
    expect(isRealDate(2026, 13, 1)).toBe(false);
    expect(isRealDate(2026, 1, 0)).toBe(false);
  });
});

describe('addDays', () => {
  it.each([
    { from: '2026-01-31', days: 1, to: '2026-02-01', across: 'the end of a month' },
    { from: '2026-12-31', days: 1, to: '2027-01-01', across: 'the end of a year' },
    { from: '2026-01-01', days: -1, to: '2025-12-31', across: 'the start of a year, backwards' },
    { from: '2024-02-28', days: 1, to: '2024-02-29', across: 'a leap day' },
    { from: '2026-02-28', days: 1, to: '2026-03-01', across: 'the end of February in a common year' },
    { from: '2026-03-28', days: 2, to: '2026-03-30', across: 'the spring DST change' },
    { from: '2026-10-24', days: 2, to: '2026-10-26', across: 'the autumn DST change' },
    { from: '2026-11-27', days: 35, to: '2027-01-01', across: 'the 35 days a registration may look ahead' },
    { from: '2026-11-27', days: 0, to: '2026-11-27', across: 'nothing' },
  ])('goes from $from by $days days to $to, across $across', ({ from, days, to }) => {
    expect(addDays(d(from), days)).toBe(to);
  });
});

describe('daysBetween', () => {
  it('counts whole days from one day to another', () => {
    expect(daysBetween(d('2026-01-01'), d('2026-12-31'))).toBe(364);
  });

  it('counts 366 days across a leap year', () => {
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
  });

  it('is negative when the second day is earlier', () => {
    expect(daysBetween(d('2026-03-01'), d('2026-02-01'))).toBe(-28);
  });

  it('is 0 from a day to itself', () => {
    expect(daysBetween(d('2026-11-27'), d('2026-11-27'))).toBe(0);
  });

  it('is not thrown off by a DST change', () => {
    expect(daysBetween(d('2026-03-28'), d('2026-03-30'))).toBe(2);
    expect(daysBetween(d('2026-10-24'), d('2026-10-26'))).toBe(2);
  });

  it('undoes addDays', () => {
    expect(daysBetween(d('2026-11-27'), addDays(d('2026-11-27'), 100))).toBe(100);
  });
});

describe('brusselsDate', () => {
  it('in winter (UTC+1), turns to the next day at 23:00 UTC', () => {
    expect(brusselsDate(at('2026-01-15T22:59:59.999Z'))).toBe('2026-01-15');
    expect(brusselsDate(at('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
  });

  it('in summer (UTC+2), turns to the next day at 22:00 UTC', () => {
    expect(brusselsDate(at('2026-07-15T21:59:59.999Z'))).toBe('2026-07-15');
    expect(brusselsDate(at('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
  });

  it('starts the spring DST change day (29 March 2026) at 23:00 UTC and ends it at 22:00 UTC', () => {
    expect(brusselsDate(at('2026-03-28T22:59:59.999Z'))).toBe('2026-03-28');
    expect(brusselsDate(at('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(brusselsDate(at('2026-03-29T01:00:00Z'))).toBe('2026-03-29');
    expect(brusselsDate(at('2026-03-29T21:59:59.999Z'))).toBe('2026-03-29');
    expect(brusselsDate(at('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
  });

  it('starts the autumn DST change day (25 October 2026) at 22:00 UTC and ends it at 23:00 UTC', () => {
    expect(brusselsDate(at('2026-10-24T21:59:59.999Z'))).toBe('2026-10-24');
    expect(brusselsDate(at('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(brusselsDate(at('2026-10-25T22:59:59.999Z'))).toBe('2026-10-25');
    expect(brusselsDate(at('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('writes the day YYYY-MM-DD, so that it parses back', () => {
    const day = brusselsDate(at('2026-11-27T06:30:00Z'));
    expect(day).toBe('2026-11-27');
    expect(parseCalendarDate(day)).toEqual({ ok: true, value: day });
  });
});

describe('brusselsDayStart', () => {
  it('starts a winter day at 23:00 UTC the day before', () => {
    expect(brusselsDayStart(d('2026-01-16')).toISOString()).toBe('2026-01-15T23:00:00.000Z');
  });

  it('starts a summer day at 22:00 UTC the day before', () => {
    expect(brusselsDayStart(d('2026-07-16')).toISOString()).toBe('2026-07-15T22:00:00.000Z');
  });

  it('starts the spring DST change day in winter time, and makes it 23 hours long', () => {
    const start = brusselsDayStart(d('2026-03-29'));
    const next = brusselsDayStart(d('2026-03-30'));
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(next.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(23 * 3_600_000);
  });

  it('starts the autumn DST change day in summer time, and makes it 25 hours long', () => {
    const start = brusselsDayStart(d('2026-10-25'));
    const next = brusselsDayStart(d('2026-10-26'));
    expect(start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(next.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(next.getTime() - start.getTime()).toBe(25 * 3_600_000);
  });

  it('is the first instant whose Brussels day is that day, for every day of a year', () => {
    for (let day = d('2026-01-01'); day < '2027-01-01'; day = addDays(day, 1)) {
      const start = brusselsDayStart(day);
      expect(brusselsDate(start)).toBe(day);
      expect(brusselsDate(new Date(start.getTime() - 1))).toBe(addDays(day, -1));
    }
  });
});
