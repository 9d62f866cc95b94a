import { describe, expect, it } from 'vitest';
import { parseWorkplaceId } from './workplace-id.js';

describe('parseWorkplaceId', () => {
  it.each(['straße1', 'ﬁﬁﬁﬁﬁﬁ', 'ÉCOLE123'])(
    'refuses letters outside A–Z, even those that upper-case to them (%s)',
    (raw) => {
      expect(parseWorkplaceId(raw)).toMatchObject({ ok: false, error: { code: 'WORKPLACE_ID_FORMAT' } });
    },
  );

  it('ignores case and separators: 1y10-2m7n zf7pz is 1Y102M7NZF7PZ', () => {
    expect(parseWorkplaceId('1y10-2m7n zf7pz')).toEqual({ ok: true, value: '1Y102M7NZF7PZ' });
  });

  it('ignores dots and slashes too', () => {
    expect(parseWorkplaceId('ab.12/cd.34')).toEqual({ ok: true, value: 'AB12CD34' });
  });

  it('accepts 6 letters and digits, the shortest id', () => {
    expect(parseWorkplaceId('A1B2C3')).toEqual({ ok: true, value: 'A1B2C3' });
  });

  it('accepts 20 letters and digits, the longest id', () => {
    expect(parseWorkplaceId('A'.repeat(20))).toEqual({ ok: true, value: 'A'.repeat(20) });
  });

  it('counts the characters left once separators are removed', () => {
    expect(parseWorkplaceId('AB-CD-E')).toMatchObject({ ok: false, error: { code: 'WORKPLACE_ID_FORMAT' } });
  });

  it.each([
    { raw: 'A1B2C', why: '5 characters' },
    { raw: 'A'.repeat(21), why: '21 characters' },
    { raw: '', why: 'nothing' },
    { raw: 'AB#123', why: 'a # sign' },
    { raw: 'AB_1234', why: 'an underscore' },
    { raw: 'ÉCOLE123', why: 'an accented letter' },
  ])('refuses $raw: $why', ({ raw }) => {
    expect(parseWorkplaceId(raw)).toMatchObject({ ok: false, error: { code: 'WORKPLACE_ID_FORMAT' } });
  });
});
