import { describe, expect, it } from 'vitest';
import {
  CROCKFORD_ALPHABET,
  checkCharacter,
  hasValidCheckCharacter,
  normalizeCode,
  randomCode,
} from './check-code.js';

describe('CROCKFORD_ALPHABET', () => {
  it('has 32 distinct characters: digits and upper-case letters without I, L, O and U', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).toMatch(/^[0-9A-Z]+$/);
    for (const lookAlike of ['I', 'L', 'O', 'U']) expect(CROCKFORD_ALPHABET).not.toContain(lookAlike);
  });
});

describe('randomCode', () => {
  it('takes 5 bits at a time from the bytes in order', () => {
    // 0x08 0x42 is 00001 00001 00001 0…
    expect(randomCode(Uint8Array.from([0x08, 0x42]), 3)).toBe('111');
  });

  it('encodes like base 32 in the Crockford alphabet: "foo" gives CSQP', () => {
    expect(randomCode(new TextEncoder().encode('foo'), 4)).toBe('CSQP');
  });

  it('gives all 0 for zero bytes and all Z for 0xff bytes', () => {
    expect(randomCode(new Uint8Array(8), 12)).toBe('000000000000');
    expect(randomCode(new Uint8Array(8).fill(0xff), 12)).toBe('ZZZZZZZZZZZZ');
  });

  it('uses only characters of the alphabet', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i * 37 + 11) % 256);
    expect(randomCode(bytes, 64)).toMatch(/^[0-9A-HJKMNP-TV-Z]{64}$/);
  });

  it('throws when there are too few bytes for the characters asked', () => {
    expect(() => randomCode(new Uint8Array(6), 11)).toThrow(RangeError);
    expect(() => randomCode(new Uint8Array(2), 4)).toThrow('4 characters need 3 bytes');
  });

  it('is content with exactly enough bits', () => {
    expect(randomCode(new Uint8Array(7), 11)).toHaveLength(11);
    expect(randomCode(new Uint8Array(5), 8)).toHaveLength(8);
  });
});

describe('checkCharacter and hasValidCheckCharacter', () => {
  it('gives 0 as the check character of zeros', () => {
    expect(checkCharacter('00000000000')).toBe('0');
  });

  it('makes a code that hasValidCheckCharacter accepts', () => {
    for (const body of ['7K3M9QXD2R4', 'ZZZZ', '1', 'ABCDEFGHJKMNPQRSTVWXYZ']) {
      expect(hasValidCheckCharacter(body + checkCharacter(body))).toBe(true);
    }
  });

  it('refuses a code whose last character is not its check character', () => {
    const body = '7K3M9QXD2R4';
    const wrong = CROCKFORD_ALPHABET.split('').filter((c) => c !== checkCharacter(body));
    expect(wrong).toHaveLength(31);
    for (const c of wrong) expect(hasValidCheckCharacter(body + c)).toBe(false);
  });
});

describe('normalizeCode', () => {
  it('upper-cases and removes spaces, dots, dashes and slashes', () => {
    expect(normalizeCode(' 7k3m-9qxd.2r4v/ab ')).toBe('7K3M9QXD2R4VAB');
  });

  it('reads I and L as 1 and O as 0, in either case', () => {
    expect(normalizeCode('IiLlOo')).toBe('111100');
  });

  it('returns undefined for a character outside the alphabet', () => {
    expect(normalizeCode('7K3U')).toBeUndefined();
    expect(normalizeCode('7K3#')).toBeUndefined();
    expect(normalizeCode('7K3É')).toBeUndefined();
  });

  it('returns undefined when nothing is left', () => {
    expect(normalizeCode(' - ')).toBeUndefined();
  });
});
