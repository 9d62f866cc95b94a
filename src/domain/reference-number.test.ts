import { describe, expect, it } from 'vitest';
import { checkCharacter } from './check-code.js';
import { newReferenceNumber, parseReferenceNumber, REFERENCE_RANDOM_BYTES } from './reference-number.js';

const bytes = (seed: number): Uint8Array =>
  Uint8Array.from({ length: REFERENCE_RANDOM_BYTES }, (_, i) => (seed * 89 + i * 53 + 3) % 256);

describe('newReferenceNumber', () => {
  it('gives XXXX-XXXX in the Crockford alphabet: short enough to write by hand', () => {
    for (const seed of [1, 2, 3, 200])
      expect(newReferenceNumber(bytes(seed))).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('needs 5 random bytes (35 random bits) and ends with its check character', () => {
    expect(() => newReferenceNumber(new Uint8Array(4))).toThrow(RangeError);
    const reference = newReferenceNumber(bytes(7)).replace('-', '');
    expect(checkCharacter(reference.slice(0, 7))).toBe(reference.slice(7));
  });

  it('gives numbers that parseReferenceNumber accepts unchanged', () => {
    const reference = newReferenceNumber(bytes(9));
    expect(parseReferenceNumber(reference)).toEqual({ ok: true, value: reference });
  });
});

describe('parseReferenceNumber', () => {
  const body = '4KQ7M2X';
  const written = `${body.slice(0, 4)}-${body.slice(4)}${checkCharacter(body)}`;

  it('accepts a number as written by hand: lower case, spaces, O for 0 and I or L for 1', () => {
    expect(parseReferenceNumber(written.toLowerCase().replace('-', ' '))).toEqual({
      ok: true,
      value: written,
    });
    const withZero = `0${body.slice(1)}`;
    const zero = `${withZero.slice(0, 4)}-${withZero.slice(4)}${checkCharacter(withZero)}`;
    expect(parseReferenceNumber(zero.replace('0', 'o'))).toEqual({ ok: true, value: zero });
  });

  it('refuses a mistyped number by its check character', () => {
    const mistyped = written.replace('K', 'H');
    expect(parseReferenceNumber(mistyped)).toMatchObject({
      ok: false,
      error: { code: 'REFERENCE_NUMBER_CHECK_CHARACTER' },
    });
  });

  it.each(['', '4KQ7-M2X', '4KQ7-M2XDD', '4KQ7-M2X!', 'UUUU-UUUU'])(
    'refuses "%s" as not a reference number',
    (raw) => {
      expect(parseReferenceNumber(raw)).toMatchObject({
        ok: false,
        error: { code: 'REFERENCE_NUMBER_FORMAT' },
      });
    },
  );
});
