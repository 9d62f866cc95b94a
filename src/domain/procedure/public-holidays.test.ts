import { describe, expect, it } from 'vitest';
import { belgianPublicHolidays, easterSunday } from './public-holidays.js';

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('is on the right day in %i', (year, day) => {
    expect(easterSunday(year)).toBe(day);
  });
});

describe('belgianPublicHolidays', () => {
  it('gives the ten legal holidays of 2026', () => {
    expect(belgianPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-07-21',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });
});
