import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.js';

const iso = (raw: string): string => {
  const result = parseInstant(raw);
  if (!result.ok) throw new Error(`not an instant: ${raw}`);
  return result.value.toISOString();
};

describe('parseInstant', () => {
  it('reads an ISO-8601 instant in UTC', () => {
    expect(iso('2026-11-27T06:30:00Z')).toBe('2026-11-27T06:30:00.000Z');
  });

  it('reads an instant with an offset and keeps the moment, not the wall time', () => {
    expect(iso('2026-11-27T07:30:00+01:00')).toBe('2026-11-27T06:30:00.000Z');
    expect(iso('2026-11-27T03:30:00-03:00')).toBe('2026-11-27T06:30:00.000Z');
  });

  it('reads an instant without seconds', () => {
    expect(iso('2026-11-27T06:30Z')).toBe('2026-11-27T06:30:00.000Z');
  });

  it('reads fractions of a second, keeping milliseconds', () => {
    expect(iso('2026-11-27T06:30:00.5Z')).toBe('2026-11-27T06:30:00.500Z');
    expect(iso('2026-11-27T06:30:00.123456789Z')).toBe('2026-11-27T06:30:00.123Z');
  });

  it('reads a winter day as the start of that day in Brussels, 23:00 UTC the day before', () => {
    expect(iso('2026-11-27')).toBe('2026-11-26T23:00:00.000Z');
  });

  it('reads a summer day as the start of that day in Brussels, 22:00 UTC the day before', () => {
    expect(iso('2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
  });

  it('refuses a day that is not in the calendar with the date error', () => {
    expect(parseInstant('2026-02-30')).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
  });

  it.each(['2026-02-30T10:00:00Z', '2026-04-31T23:30:00+02:00'])(
    'refuses an instant on a day that is not in the calendar (%s), rather than rolling it over',
    (raw) => {
      expect(parseInstant(raw)).toMatchObject({ ok: false, error: { code: 'INSTANT_INVALID' } });
    },
  );

  it.each([
    { raw: '2026-11-27T06:30:00', why: 'no offset: the moment is ambiguous' },
    { raw: '2026-11-27 06:30:00Z', why: 'a space instead of T' },
    { raw: '2026-11-27T6:30:00Z', why: 'a one-digit hour' },
    { raw: '2026-13-01T06:30:00Z', why: 'month 13' },
    { raw: '2026-11-27T25:00:00Z', why: 'hour 25' },
    { raw: '2026-11-27T06:60:00Z', why: 'minute 60' },
    { raw: '2026-11-27T06:30:00+0100', why: 'an offset without colon' },
    { raw: '1764225000000', why: 'a number of milliseconds' },
    { raw: 'Fri, 27 Nov 2026 06:30:00 GMT', why: 'an HTTP date' },
    { raw: 'now', why: 'a word' },
    { raw: '', why: 'nothing' },
  ])('refuses $raw: $why', ({ raw }) => {
    expect(parseInstant(raw)).toMatchObject({ ok: false, error: { code: 'INSTANT_INVALID' } });
  });
});
