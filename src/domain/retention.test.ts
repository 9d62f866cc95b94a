import { describe, expect, it } from 'vitest';
import type { CalendarDate } from './calendar-date.js';
import { checkPurgeDate, retentionFloor } from './retention.js';

const day = (raw: string) => raw as CalendarDate;

describe('retention of registrations', () => {
  it('keeps seven years: the floor is the same day seven years ago', () => {
    expect(retentionFloor(day('2033-11-27'))).toBe('2026-11-27');
  });

  it('takes 28 February as the floor of a 29 February', () => {
    expect(retentionFloor(day('2032-02-29'))).toBe('2025-02-28');
  });

  it('lets a purge remove what is before the floor, and nothing more recent', () => {
    expect(checkPurgeDate(day('2026-11-27'), day('2033-11-27')).ok).toBe(true);
    expect(checkPurgeDate(day('2026-11-28'), day('2033-11-27'))).toMatchObject({
      ok: false,
      error: { code: 'RETENTION_NOT_REACHED', field: 'before' },
    });
  });
});
