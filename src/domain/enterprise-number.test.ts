import { describe, expect, it } from 'vitest';
import { formatEnterpriseNumber, parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';

const e = (raw: string): EnterpriseNumber => {
  const result = parseEnterpriseNumber(raw);
  if (!result.ok) throw new Error(`not an enterprise number: ${raw}`);
  return result.value;
};

describe('parseEnterpriseNumber', () => {
  it.each(['0403019261', '0428759497'])('accepts %s, a valid 10-digit enterprise number', (raw) => {
    expect(parseEnterpriseNumber(raw)).toEqual({ ok: true, value: raw });
  });

  it('accepts 0403.170.701 as printed and stores 0403170701', () => {
    expect(parseEnterpriseNumber('0403.170.701')).toEqual({ ok: true, value: '0403170701' });
  });

  it.each([
    { raw: 'BE 0403.170.701', how: 'the BE prefix and a space' },
    { raw: 'BE0403170701', how: 'the BE prefix glued on' },
    { raw: 'be 0403 170 701', how: 'a lower-case prefix and spaces' },
    { raw: ' 0403-170-701 ', how: 'dashes and surrounding spaces' },
  ])('accepts a number typed with $how', ({ raw }) => {
    expect(parseEnterpriseNumber(raw)).toEqual({ ok: true, value: '0403170701' });
  });

  it('gives a 9-digit number (the old form) its leading 0', () => {
    expect(parseEnterpriseNumber('403019261')).toEqual({ ok: true, value: '0403019261' });
    expect(parseEnterpriseNumber('403.170.701')).toEqual({ ok: true, value: '0403170701' });
  });

  it('accepts a number that starts with 1: 1000000021', () => {
    expect(parseEnterpriseNumber('1000000021')).toEqual({ ok: true, value: '1000000021' });
  });

  it('refuses 0123456789 because its check digits do not match', () => {
    expect(parseEnterpriseNumber('0123456789')).toMatchObject({
      ok: false,
      error: { code: 'ENTERPRISE_NUMBER_CHECK_DIGITS' },
    });
  });

  it('refuses a valid number with one digit mistyped', () => {
    expect(parseEnterpriseNumber('0403019262')).toMatchObject({
      ok: false,
      error: { code: 'ENTERPRISE_NUMBER_CHECK_DIGITS' },
    });
  });

  it('refuses 2000000042, which starts with 2 although its check digits are right', () => {
    expect(97 - (20_000_000 % 97)).toBe(42);
    expect(parseEnterpriseNumber('2000000042')).toMatchObject({
      ok: false,
      error: { code: 'ENTERPRISE_NUMBER_FORMAT' },
    });
  });

  it.each([
    { raw: '04030192', digits: 8 },
    { raw: '04030192610', digits: 11 },
    { raw: '0', digits: 1 },
  ])('refuses $raw because it has $digits digits', ({ raw }) => {
    expect(parseEnterpriseNumber(raw)).toMatchObject({
      ok: false,
      error: { code: 'ENTERPRISE_NUMBER_LENGTH' },
    });
  });

  it.each(['0403O19261', 'ABCDEFGHIJ', '0403019261x', 'NL 0403019261', 'BE'])(
    'refuses %s, which holds letters',
    (raw) => {
      expect(parseEnterpriseNumber(raw)).toMatchObject({
        ok: false,
        error: { code: 'ENTERPRISE_NUMBER_FORMAT' },
      });
    },
  );
});

describe('formatEnterpriseNumber', () => {
  it('writes 0403170701 the way it is printed: 0403.170.701', () => {
    expect(formatEnterpriseNumber(e('0403170701'))).toBe('0403.170.701');
  });

  it('writes back what parsing reads', () => {
    for (const raw of ['0403.019.261', '0428.759.497', '1000.000.021']) {
      expect(formatEnterpriseNumber(e(raw))).toBe(raw);
    }
  });
});
