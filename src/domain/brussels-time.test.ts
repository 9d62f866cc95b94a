import { describe, expect, it } from 'vitest';
import { brusselsClock, brusselsInstant, formatBrusselsTime, formatBrusselsTimeIn } from './brussels-time.js';

describe('Brussels time', () => {
  it('reads the clock in Brussels, summer time included', () => {
    expect(brusselsClock(new Date('2026-11-27T06:30:00Z'))).toEqual({
      date: '2026-11-27',
      time: '07:30:00',
      weekday: 5,
      minutes: 7 * 60 + 30,
      offset: 'GMT+1',
    });
    expect(brusselsClock(new Date('2026-07-05T22:30:05Z'))).toMatchObject({
      date: '2026-07-06',
      time: '00:30:05',
      weekday: 1,
      minutes: 30,
      offset: 'GMT+2',
    });
  });

  it('writes an instant as a desk reads it, with its seconds or its offset when asked', () => {
    expect(formatBrusselsTime('2026-03-10T07:05:09Z')).toBe('2026-03-10 08:05');
    expect(formatBrusselsTime(new Date('2026-03-10T07:05:09Z'), { seconds: true })).toBe(
      '2026-03-10 08:05:09',
    );
    expect(formatBrusselsTime('2025-03-14T07:45:00Z', { offset: true })).toBe('2025-03-14 08:45 GMT+1');
    expect(formatBrusselsTime('not an instant')).toBe('not an instant');
  });

  it("writes an instant in each reader's own way", () => {
    expect(formatBrusselsTimeIn('2026-03-10T07:05:00Z', 'fr')).toBe('10/03/26 08:05');
    expect(formatBrusselsTimeIn('2026-03-10T07:05:00Z', 'nl')).toBe('10/03/2026, 08:05');
  });

  it('finds the instant a Brussels clock showed, and none in the hour skipped in spring', () => {
    expect(brusselsInstant('2026-03-10', 0)?.toISOString()).toBe('2026-03-09T23:00:00.000Z');
    expect(brusselsInstant('2026-07-01', 7, 30)?.toISOString()).toBe('2026-07-01T05:30:00.000Z');
    expect(brusselsInstant('2026-03-29', 2, 30)).toBeUndefined();
    // 02:30 happens twice on the last Sunday of October: the first, still in summer time.
    expect(brusselsInstant('2026-10-25', 2, 30)?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});
