import { describe, expect, it } from 'vitest';
import { parseNiss } from './niss.js';

// Extra vectors were computed with the rule of DESIGN §4, CC = 97 − (YYMMDDSSS mod 97), or with a 2 in front
// of YYMMDDSSS for people born from 2000, and checked apart before being written here.

/** The check digits of a 9-digit base by that rule, to show a vector is refused for its date only. */
const checkDigits = (base: string, bornFrom2000: boolean): string =>
  String(97 - (Number(`${bornFrom2000 ? '2' : ''}${base}`) % 97)).padStart(2, '0');

describe('parseNiss', () => {
  describe('the vectors of DESIGN §4', () => {
    it('accepts 85073003328, a national number of someone born before 2000', () => {
      expect(parseNiss('85073003328')).toEqual({
        ok: true,
        value: { value: '85073003328', kind: 'NATIONAL_REGISTER', bornFrom2000: false },
      });
    });

    it('accepts 17073003384, a national number whose check digits say born in 2000 or later', () => {
      expect(parseNiss('17073003384')).toEqual({
        ok: true,
        value: { value: '17073003384', kind: 'NATIONAL_REGISTER', bornFrom2000: true },
      });
    });

    it('accepts 97440936363, a BIS number with month 44 (sex known, April)', () => {
      expect(parseNiss('97440936363')).toEqual({
        ok: true,
        value: { value: '97440936363', kind: 'BIS', bornFrom2000: false },
      });
    });

    it('refuses 85073003327 because its check digits do not match', () => {
      expect(parseNiss('85073003327')).toMatchObject({ ok: false, error: { code: 'NISS_CHECK_DIGITS' } });
    });

    it('refuses 8507300332 because it has 10 digits, not 11', () => {
      expect(parseNiss('8507300332')).toMatchObject({ ok: false, error: { code: 'NISS_LENGTH' } });
    });

    it('refuses 85133003370 because month 13 does not exist, although its check digits are right', () => {
      expect(checkDigits('851330033', false)).toBe('70');
      expect(parseNiss('85133003370')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });

    it('refuses 85023003390 because 30 February does not exist, although its check digits are right', () => {
      expect(checkDigits('850230033', false)).toBe('90');
      expect(parseNiss('85023003390')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });
  });

  describe('typed input', () => {
    it.each([
      { raw: '85.07.30-033.28', how: 'dots and a dash' },
      { raw: '85 07 30 033 28', how: 'spaces' },
      { raw: ' 850730 033-28 ', how: 'leading and trailing spaces' },
      { raw: '85\u00a007\u00a030\u00a003328', how: 'non-breaking spaces pasted from a document' },
      { raw: '850730/033/28', how: 'slashes' },
    ])('accepts a number typed with $how and stores its digits only', ({ raw }) => {
      expect(parseNiss(raw)).toMatchObject({ ok: true, value: { value: '85073003328' } });
    });

    it.each(['85O73003328', '8507300332A', 'abcdefghijk', '85073003328x', '+85073003328'])(
      'refuses %s, which holds a character that is neither a digit nor a separator',
      (raw) => {
        expect(parseNiss(raw)).toMatchObject({ ok: false, error: { code: 'NISS_FORMAT' } });
      },
    );

    it('refuses fullwidth digits, which are not ASCII digits', () => {
      expect(parseNiss('８５０７３００３３２８')).toMatchObject({
        ok: false,
        error: { code: 'NISS_FORMAT' },
      });
    });

    it('refuses a 12-digit number', () => {
      expect(parseNiss('850730033280')).toMatchObject({ ok: false, error: { code: 'NISS_LENGTH' } });
    });

    it('counts the digits left once separators are removed', () => {
      expect(parseNiss('85.07.30-033.2')).toMatchObject({ ok: false, error: { code: 'NISS_LENGTH' } });
    });

    it('names no field itself: the caller says where the number was', () => {
      const result = parseNiss('85073003327');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.field).toBeUndefined();
    });
  });

  describe('kind and century', () => {
    it('reads a month from 1 to 12 as a national register number', () => {
      expect(parseNiss('85073003328')).toMatchObject({ ok: true, value: { kind: 'NATIONAL_REGISTER' } });
    });

    it('reads 85273003371 (month 27) as a BIS number, sex unknown, born 30 July 1985', () => {
      expect(parseNiss('85273003371')).toEqual({
        ok: true,
        value: { value: '85273003371', kind: 'BIS', bornFrom2000: false },
      });
    });

    it('reads 17441000105 (month 44, 2000+ check digits) as a BIS number, sex known, born 10 April 2017', () => {
      expect(parseNiss('17441000105')).toEqual({
        ok: true,
        value: { value: '17441000105', kind: 'BIS', bornFrom2000: true },
      });
    });

    it('reads 17301000104 (month 30, 2000+ check digits) as a BIS number, born 10 October 2017', () => {
      expect(parseNiss('17301000104')).toEqual({
        ok: true,
        value: { value: '17301000104', kind: 'BIS', bornFrom2000: true },
      });
    });

    it('refuses 85423003379, a BIS number of 30 February (month 42), although its check digits are right', () => {
      expect(checkDigits('854230033', false)).toBe('79');
      expect(parseNiss('85423003379')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });

    it.each([
      { raw: '85333003316', why: 'month 33, that is 13 + 20' },
      { raw: '85533003359', why: 'month 53, that is 13 + 40' },
      { raw: '85603003311', why: 'month 60, beyond any BIS month' },
      { raw: '85993003390', why: 'month 99, beyond any BIS month' },
    ])('refuses $raw ($why) although its check digits are right', ({ raw }) => {
      expect(checkDigits(raw.slice(0, 9), false)).toBe(raw.slice(9));
      expect(parseNiss(raw)).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });
  });

  describe('unknown birth month or day', () => {
    it('accepts 85000000138: month 00 and day 00 mean unknown', () => {
      expect(parseNiss('85000000138')).toEqual({
        ok: true,
        value: { value: '85000000138', kind: 'NATIONAL_REGISTER', bornFrom2000: false },
      });
    });

    it('accepts 85070003355: a known month with day 00', () => {
      expect(parseNiss('85070003355')).toMatchObject({ ok: true, value: { value: '85070003355' } });
    });

    it('accepts 85200000181: a BIS number with month 20, an unknown month', () => {
      expect(parseNiss('85200000181')).toMatchObject({ ok: true, value: { kind: 'BIS' } });
    });

    it('refuses 85073203365: day 32, although day 00 is allowed', () => {
      expect(parseNiss('85073203365')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });

    it('refuses 85130003397: day 00 of month 13', () => {
      expect(parseNiss('85130003397')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });

    it('refuses 85043103374: 31 April', () => {
      expect(parseNiss('85043103374')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });
  });

  describe('29 February, in the century the check digits give', () => {
    it('accepts 00022900145: its 2000+ check digits make it 29 February 2000, a leap year', () => {
      expect(checkDigits('000229001', true)).toBe('45');
      expect(parseNiss('00022900145')).toEqual({
        ok: true,
        value: { value: '00022900145', kind: 'NATIONAL_REGISTER', bornFrom2000: true },
      });
    });

    it('refuses 00022900116: its pre-2000 check digits make it 29 February 1900, not a leap year', () => {
      expect(checkDigits('000229001', false)).toBe('16');
      expect(parseNiss('00022900116')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });

    it('accepts 96022900192: 29 February 1996', () => {
      expect(parseNiss('96022900192')).toMatchObject({ ok: true, value: { bornFrom2000: false } });
    });

    it('refuses 85022903323: 29 February 1985', () => {
      expect(parseNiss('85022903323')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
    });

    it('applies the same leap-year rule to a BIS number: month 22 in 1900 refused, in 2000 accepted', () => {
      expect(parseNiss('00222900159')).toMatchObject({ ok: false, error: { code: 'NISS_BIRTH_DATE' } });
      expect(parseNiss('00222900188')).toMatchObject({
        ok: true,
        value: { kind: 'BIS', bornFrom2000: true },
      });
    });
  });
});
