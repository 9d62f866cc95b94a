import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDecimalInteger } from './decimal-integer.js';

describe('readDecimalInteger', () => {
  it('reads decimal digits, with a minus sign or leading zeros', () => {
    expect(readDecimalInteger('25')).toBe(25);
    expect(readDecimalInteger('-3')).toBe(-3);
    expect(readDecimalInteger('0010')).toBe(10);
    expect(readDecimalInteger('0')).toBe(0);
  });

  it.each([
    '',
    ' 7',
    '7 ',
    '+7',
    '1.5',
    '1.0',
    '1e2',
    '1e400',
    '-1e400',
    '0x10',
    '0b1',
    'Infinity',
    '-',
    '٣',
    '７',
  ])('reads %j as no integer at all', (text) => {
    expect(readDecimalInteger(text)).toBeUndefined();
  });

  it('reads digits past the largest number as a finite number past every bound, with its sign', () => {
    expect(readDecimalInteger('9'.repeat(400))).toBe(Number.MAX_VALUE);
    expect(readDecimalInteger(`-${'9'.repeat(400)}`)).toBe(-Number.MAX_VALUE);
    expect(readDecimalInteger('99999999999999999999')).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
  });

  it('reads back every safe integer as written', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(readDecimalInteger(String(n))).toBe(n);
      }),
    );
  });
});
