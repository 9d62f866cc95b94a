import { describe, expect, it } from 'vitest';
import { LIMOSA_MAX_DIGITS, LIMOSA_MIN_DIGITS, parseLimosaId } from './limosa-id.js';

describe('parseLimosaId', () => {
  it('accepts a declaration number of digits and stores it as such', () => {
    expect(parseLimosaId('123456789012')).toEqual({ ok: true, value: '123456789012' });
  });

  it('ignores separators and spaces as typed', () => {
    expect(parseLimosaId(' 1234.5678-9012 ')).toEqual({ ok: true, value: '123456789012' });
  });

  it('accepts 8 to 20 digits, the official length being unconfirmed', () => {
    expect(LIMOSA_MIN_DIGITS).toBe(8);
    expect(LIMOSA_MAX_DIGITS).toBe(20);
    expect(parseLimosaId('1'.repeat(8))).toMatchObject({ ok: true });
    expect(parseLimosaId('1'.repeat(20))).toMatchObject({ ok: true });
  });

  it.each([7, 21, 1])('refuses %i digits', (length) => {
    expect(parseLimosaId('9'.repeat(length))).toMatchObject({ ok: false, error: { code: 'LIMOSA_LENGTH' } });
  });

  it('has no check digit: any run of digits of the right length is accepted', () => {
    expect(parseLimosaId('00000000')).toMatchObject({ ok: true });
    expect(parseLimosaId('12345679')).toMatchObject({ ok: true });
  });

  it.each(['L1234567890', '12345678A', 'abcdefghij', ''])('refuses %j, which is not digits only', (raw) => {
    expect(parseLimosaId(raw)).toMatchObject({ ok: false, error: { code: 'LIMOSA_FORMAT' } });
  });
});
