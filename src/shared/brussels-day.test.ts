import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brusselsDate } from '../domain/calendar-date.js';
import { brusselsDay } from './brussels-day.js';

describe('brusselsDay', () => {
  it('gives the Brussels day of any instant, as brusselsDate does, whatever was asked before', () => {
    const instant = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const at of instants) expect(brusselsDay(at)).toBe(brusselsDate(at));
      }),
    );
  });

  it('turns the day at midnight in Brussels, in winter and in summer, and across the clock changes', () => {
    for (const [at, day] of [
      ['2026-11-26T22:59:59.999Z', '2026-11-26'],
      ['2026-11-26T23:00:00.000Z', '2026-11-27'],
      ['2026-07-14T21:59:59.999Z', '2026-07-14'],
      ['2026-07-14T22:00:00.000Z', '2026-07-15'],
      ['2026-03-28T23:00:00.000Z', '2026-03-29'],
      ['2026-03-29T21:59:59.999Z', '2026-03-29'],
      ['2026-10-24T22:00:00.000Z', '2026-10-25'],
      ['2026-10-25T22:59:59.999Z', '2026-10-25'],
      ['2026-10-25T23:00:00.000Z', '2026-10-26'],
    ] as const)
      expect(brusselsDay(new Date(at))).toBe(day);
  });
});
