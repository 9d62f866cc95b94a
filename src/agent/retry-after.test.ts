import { describe, expect, it, vi } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const NOW = new Date('2025-03-10T08:00:00Z');

  it.each([
    { value: '0', expected: 0 },
    { value: ' 5 ', expected: 5_000 },
    { value: '99999999999999999999999', expected: MAX_RETRY_AFTER_MS },
    { value: 'Mon, 10 Mar 2025 08:00:30 GMT', expected: 30_000 },
    { value: 'Monday, 10-Mar-25 08:00:30 GMT', expected: 30_000 },
    { value: 'Mon Mar 10 08:00:30 2025', expected: 30_000 },
    { value: 'Sun, 09 Mar 2025 08:00:00 GMT', expected: 0 },
  ])('reads $value as $expected ms', ({ value, expected }) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('reads an asctime date, which names no zone, as GMT even where local time is not', () => {
    vi.stubEnv('TZ', 'Europe/Brussels');
    try {
      expect(new Date(2025, 2, 10, 9).getTime()).toBe(NOW.getTime()); // Brussels is at UTC+1 in March
      expect(parseRetryAfter('Mon Mar 10 08:00:30 2025', NOW)).toBe(30_000);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each([null, '', '-5', '1.5', 'soon', '2025-03-10T08:00:30Z', 'Foo, 99 Bar 2025'])(
    'cannot read %j',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});
