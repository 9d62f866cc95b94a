import { describe, expect, it } from 'vitest';
import { CROCKFORD_ALPHABET, checkCharacter } from './check-code.js';
import {
  RECEIPT_RANDOM_BYTES,
  newReceiptNumber,
  parseReceiptNumber,
  type ReceiptNumber,
} from './receipt-number.js';

/** Deterministic "random" bytes: the domain gets its randomness from the caller. */
const bytes = (seed: number): Uint8Array =>
  Uint8Array.from({ length: RECEIPT_RANDOM_BYTES }, (_, i) => (seed * 131 + i * 197 + 7) % 256);

const receipts: ReceiptNumber[] = [1, 2, 3, 42, 255].map((seed) => newReceiptNumber(bytes(seed)));

/** A receipt number, without its dashes, whose check character is right. */
const withCheck = (body: string): string => body + checkCharacter(body);

describe('newReceiptNumber', () => {
  it('gives XXXX-XXXX-XXXX in the Crockford alphabet', () => {
    for (const receipt of receipts)
      expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('needs 7 random bytes', () => {
    expect(RECEIPT_RANDOM_BYTES).toBe(7);
    expect(() => newReceiptNumber(new Uint8Array(6))).toThrow(RangeError);
  });

  it('gives 0000-0000-0000 for zero bytes (the check character of zeros is 0)', () => {
    expect(newReceiptNumber(new Uint8Array(7))).toBe('0000-0000-0000');
  });

  it('gives different numbers for different bytes', () => {
    expect(new Set(receipts).size).toBe(receipts.length);
  });

  it('gives numbers that parseReceiptNumber accepts unchanged', () => {
    for (const receipt of receipts) expect(parseReceiptNumber(receipt)).toEqual({ ok: true, value: receipt });
  });
});

describe('parseReceiptNumber', () => {
  const receipt = withCheck('7K3M9QXD2R4');
  const printed = `${receipt.slice(0, 4)}-${receipt.slice(4, 8)}-${receipt.slice(8)}`;

  it('accepts a receipt number as printed', () => {
    expect(parseReceiptNumber(printed)).toEqual({ ok: true, value: printed });
  });

  it('accepts lower case, spaces and no dashes, and gives it back as printed', () => {
    const typed = ` ${receipt.slice(0, 6).toLowerCase()} ${receipt.slice(6)} `;
    expect(parseReceiptNumber(typed)).toEqual({ ok: true, value: printed });
  });

  it('reads I and L as 1, and O as 0', () => {
    const code = withCheck('1100ABCDEFG');
    expect(code.startsWith('1100')).toBe(true);
    const expected = `1100-${code.slice(4, 8)}-${code.slice(8)}`;
    expect(parseReceiptNumber(`IlOo${code.slice(4)}`)).toEqual({ ok: true, value: expected });
    expect(parseReceiptNumber(`LiOO-${code.slice(4)}`)).toEqual({ ok: true, value: expected });
  });

  it.each([
    { raw: '7K3M-9QXD-2R4', why: '11 characters' },
    { raw: '7K3M-9QXD-2R4VV', why: '13 characters' },
    { raw: '7K3M-9QXD-2R4U', why: 'a U, which is not in the alphabet' },
    { raw: '7K3M-9QXD-2R4#', why: 'a # sign' },
    { raw: '', why: 'nothing' },
  ])('refuses $raw ($why): RECEIPT_NUMBER_FORMAT', ({ raw }) => {
    expect(parseReceiptNumber(raw)).toMatchObject({ ok: false, error: { code: 'RECEIPT_NUMBER_FORMAT' } });
  });

  it('refuses every single-character substitution of a valid receipt number', () => {
    const accepted: string[] = [];
    let tried = 0;
    for (const valid of [receipt, ...receipts.map((r) => r.replaceAll('-', ''))]) {
      for (let position = 0; position < valid.length; position += 1) {
        for (const c of CROCKFORD_ALPHABET) {
          if (c === valid.charAt(position)) continue;
          const mistyped = valid.slice(0, position) + c + valid.slice(position + 1);
          tried += 1;
          const result = parseReceiptNumber(mistyped);
          if (result.ok || result.error.code !== 'RECEIPT_NUMBER_CHECK_CHARACTER') accepted.push(mistyped);
        }
      }
    }
    expect(tried).toBe(6 * 12 * 31);
    expect(accepted).toEqual([]);
  });

  it('catches nearly every swap of two neighbours (all but 0 with Z)', () => {
    const missed = new Set<string>();
    let tried = 0;
    let caught = 0;
    for (let position = 0; position < 10; position += 1) {
      for (const a of CROCKFORD_ALPHABET) {
        for (const b of CROCKFORD_ALPHABET) {
          if (a === b) continue;
          const body = 'K'.repeat(position) + a + b + 'K'.repeat(9 - position);
          const swapped = withCheck(body).slice(0, position) + b + a + withCheck(body).slice(position + 2);
          tried += 1;
          if (parseReceiptNumber(swapped).ok) missed.add(a + b);
          else caught += 1;
        }
      }
    }
    expect(tried).toBe(10 * 32 * 31);
    expect(caught / tried).toBeGreaterThan(0.99);
    expect([...missed].sort()).toEqual(['0Z', 'Z0']);
  });

  it('catches a swap of the last character with the check character', () => {
    let tried = 0;
    for (const last of CROCKFORD_ALPHABET) {
      const code = withCheck(`7K3M9QXD2R${last}`);
      const check = code.charAt(11);
      if (check === last) continue;
      tried += 1;
      expect(parseReceiptNumber(code.slice(0, 10) + check + last)).toMatchObject({
        ok: false,
        error: { code: 'RECEIPT_NUMBER_CHECK_CHARACTER' },
      });
    }
    expect(tried).toBeGreaterThan(25);
  });
});
