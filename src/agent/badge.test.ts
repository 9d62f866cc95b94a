import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNiss } from '../domain/niss.js';
import {
  badgeCandidates,
  canonicalBadge,
  decodeKeyboardWedge,
  MAX_BADGE_DECIMAL_DIGITS,
  MAX_BADGE_HEX_DIGITS,
  readCapture,
} from './badge.js';

/** The unshifted top-row key of each digit 0–9 on a Belgian and on a French AZERTY keyboard. */
const TOP_ROW = { belgian: 'à&é"\'(§è!ç', french: 'à&é"\'(-è_ç' } as const;

/** What a reader configured for QWERTY digits types on an AZERTY computer for `digits`. */
const azertyOf = (digits: string, layout: keyof typeof TOP_ROW = 'belgian'): string =>
  Array.from(digits, (digit) => TOP_ROW[layout][Number(digit)]).join('');

const digitStrings = fc.string({
  unit: fc.constantFrom(...Array.from('0123456789')),
  minLength: 1,
  maxLength: 40,
});

describe('decodeKeyboardWedge', () => {
  it('decodes the whole Belgian AZERTY top row &é"\'(§è!çà to 1234567890', () => {
    expect(decodeKeyboardWedge('&é"\'(§è!çà')).toBe('1234567890');
  });

  it("decodes '(§ to 456", () => {
    expect(decodeKeyboardWedge("'(§")).toBe('456');
  });

  it('decodes the wedge characters of a mixed text and keeps its digits: 12é4 is 1224', () => {
    expect(decodeKeyboardWedge('12é4')).toBe('1224');
  });

  it.each([
    { raw: '&é"\'(§è!çà\r\n', how: 'CR LF' },
    { raw: '&é"\'(§è!çà\n', how: 'LF' },
    { raw: '&é"\'(§è!çà\t', how: 'a tab' },
    { raw: '  &é"\'(§è!çà \r', how: 'spaces and CR' },
  ])('trims the $how a reader sends around a card', ({ raw }) => {
    expect(decodeKeyboardWedge(raw)).toBe('1234567890');
  });

  it('decodes the French AZERTY top row, where 6 is - and 8 is _', () => {
    expect(decodeKeyboardWedge('&é"\'(-è_çà')).toBe('1234567890');
  });

  it.each(['85.07.30-033.28', '850730-033-28', '04-12-23-15', '1234_5678', '12-3é'])(
    'leaves the dash and underscore of %s alone because a reader on AZERTY never sends a digit',
    (raw) => {
      expect(decodeKeyboardWedge(raw).replace(/[^-_]/gu, '')).toBe(raw.replace(/[^-_]/gu, ''));
    },
  );

  it.each(['L1 12345678', '04:A2:2B:1C', '0x04A22B1C', 'limosa:12345678'])(
    'leaves a text without wedge characters as it is: %s',
    (raw) => {
      expect(decodeKeyboardWedge(raw)).toBe(raw);
    },
  );

  it('decodes accented keys sent decomposed (e + combining acute accent) as the composed ones', () => {
    expect(decodeKeyboardWedge('&e\u0301"')).toBe('123');
  });

  it('gives an empty text when only white space was sent', () => {
    expect(decodeKeyboardWedge(' \r\n\t')).toBe('');
  });

  it('gives back any digit string a reader typed on a Belgian or a French AZERTY keyboard', () => {
    fc.assert(
      fc.property(digitStrings, fc.constantFrom('belgian' as const, 'french' as const), (digits, layout) => {
        expect(decodeKeyboardWedge(`${azertyOf(digits, layout)}\r\n`)).toBe(digits);
      }),
    );
  });

  it('leaves any digit string as it is', () => {
    fc.assert(
      fc.property(digitStrings, (digits) => {
        expect(decodeKeyboardWedge(digits)).toBe(digits);
      }),
    );
  });
});

describe('canonicalBadge', () => {
  it('reads 0x04A22B1C in auto as the same card as 77736732 in decimal', () => {
    expect(BigInt('0x04A22B1C')).toBe(77736732n);
    const fromHex = canonicalBadge('0x04A22B1C', 'auto');
    expect(fromHex).toEqual(canonicalBadge('77736732', 'decimal'));
    expect(fromHex).toEqual({ ok: true, value: '77736732' });
  });

  it.each(['04:A2:2B:1C', '04-A2-2B-1C', '04 A2 2B 1C', '04a22b1c', '0X04A22B1C', '0x04:a2:2b:1c'])(
    'reads the UID %s as hexadecimal card 77736732',
    (raw) => {
      expect(canonicalBadge(raw, 'hex')).toEqual({ ok: true, value: '77736732' });
    },
  );

  it.each(['04:A2:2B:1C', '04a22b1c', '0x04A22B1C'])(
    'tells from %s in auto that it is hexadecimal (a colon, a letter A–F or 0x)',
    (raw) => {
      expect(canonicalBadge(raw, 'auto')).toEqual({ ok: true, value: '77736732' });
    },
  );

  it('reads colons between digits only as a hexadecimal UID in auto', () => {
    expect(canonicalBadge('04:12:23:15', 'auto')).toEqual({ ok: true, value: String(0x04122315) });
  });

  it('reads an all-digit text as decimal in auto and as hexadecimal when told', () => {
    expect(canonicalBadge('1234', 'auto')).toEqual({ ok: true, value: '1234' });
    expect(canonicalBadge('1234', 'hex')).toEqual({ ok: true, value: '4660' });
  });

  it.each([
    { raw: '000123', format: 'decimal', value: '123' },
    { raw: '0x0000FF', format: 'hex', value: '255' },
    { raw: '00:00:00:FF', format: 'auto', value: '255' },
    { raw: '0000', format: 'decimal', value: '0' },
    { raw: '0', format: 'hex', value: '0' },
  ] as const)('drops the leading zeros of $raw ($format) and gives $value', ({ raw, format, value }) => {
    expect(canonicalBadge(raw, format)).toEqual({ ok: true, value });
  });

  it('ignores the white space around a card number', () => {
    expect(canonicalBadge(' 77736732\r\n', 'decimal')).toEqual({ ok: true, value: '77736732' });
  });

  it('reads cards of 64 bits and more without losing digits', () => {
    expect(canonicalBadge('FFFFFFFFFFFFFFFF', 'hex')).toEqual({ ok: true, value: '18446744073709551615' });
    expect(canonicalBadge('f'.repeat(32), 'hex')).toEqual({ ok: true, value: (2n ** 128n - 1n).toString() });
  });

  it(`accepts ${MAX_BADGE_HEX_DIGITS} hexadecimal digits and refuses one more, leading zeros counted`, () => {
    expect(canonicalBadge('1'.repeat(MAX_BADGE_HEX_DIGITS), 'hex').ok).toBe(true);
    expect(canonicalBadge(`0${'1'.repeat(MAX_BADGE_HEX_DIGITS)}`, 'hex')).toMatchObject({
      ok: false,
      error: { code: 'FIELD_LENGTH' },
    });
  });

  it('does not count the separators of a UID toward its length', () => {
    const uid = Array.from({ length: 16 }, () => 'AB').join(':');
    expect(canonicalBadge(uid, 'auto').ok).toBe(true);
  });

  it(`accepts ${MAX_BADGE_DECIMAL_DIGITS} decimal digits and refuses one more`, () => {
    expect(canonicalBadge('9'.repeat(MAX_BADGE_DECIMAL_DIGITS), 'decimal').ok).toBe(true);
    expect(canonicalBadge('9'.repeat(MAX_BADGE_DECIMAL_DIGITS + 1), 'decimal')).toMatchObject({
      ok: false,
      error: { code: 'FIELD_LENGTH' },
    });
  });

  it.each([
    { raw: '12G4', format: 'hex' },
    { raw: '0x', format: 'hex' },
    { raw: '0x', format: 'auto' },
    { raw: '04::A2', format: 'hex' },
    { raw: ':04:A2', format: 'auto' },
    { raw: '04:A2:', format: 'auto' },
    { raw: '04.A2', format: 'hex' },
    { raw: '12a4', format: 'decimal' },
    { raw: '1234 5678', format: 'decimal' },
    { raw: '-5', format: 'decimal' },
    { raw: '1234-5678', format: 'auto' },
    { raw: '１２３', format: 'decimal' },
    { raw: 'L1 12345678', format: 'auto' },
  ] as const)('refuses $raw in $format with FIELD_FORMAT', ({ raw, format }) => {
    expect(canonicalBadge(raw, format)).toMatchObject({ ok: false, error: { code: 'FIELD_FORMAT' } });
  });

  it.each(['', '  \r\n'])('refuses a blank text %j with TEXT_BLANK', (raw) => {
    expect(canonicalBadge(raw, 'auto')).toMatchObject({ ok: false, error: { code: 'TEXT_BLANK' } });
  });

  it('gives the same card for any 64-bit number written in hexadecimal or in decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n) => {
        const fromHex = canonicalBadge(n.toString(16), 'hex');
        expect(fromHex).toEqual(canonicalBadge(n.toString(10), 'decimal'));
        expect(fromHex).toEqual({ ok: true, value: n.toString(10) });
        expect(canonicalBadge(`0x${n.toString(16).toUpperCase().padStart(16, '0')}`, 'auto')).toEqual(
          fromHex,
        );
      }),
    );
  });
});

describe('badgeCandidates', () => {
  it('reads an all-digit text both as decimal and as hexadecimal, decimal first: 1234 is 1234 or 4660', () => {
    expect(badgeCandidates('1234')).toEqual(['1234', '4660']);
  });

  it('gives a card once when both readings agree', () => {
    expect(badgeCandidates('7')).toEqual(['7']);
    expect(badgeCandidates('007')).toEqual(['7']);
  });

  it.each([
    { raw: '04:A2:2B:1C', ids: ['77736732'] },
    { raw: '0x10', ids: ['16'] },
    { raw: '1f', ids: ['31'] },
  ])('reads $raw, marked as hexadecimal, one way only', ({ raw, ids }) => {
    expect(badgeCandidates(raw)).toEqual(ids);
  });

  it('reads a number too long for hexadecimal but not for decimal as decimal only', () => {
    const digits = '1'.repeat(MAX_BADGE_HEX_DIGITS + 1);
    expect(badgeCandidates(digits)).toEqual([digits]);
  });

  it.each(['', 'hello', '1234-5678', '9'.repeat(MAX_BADGE_DECIMAL_DIGITS + 1)])(
    'gives no card for %j',
    (raw) => {
      expect(badgeCandidates(raw)).toEqual([]);
    },
  );
});

describe('readCapture', () => {
  describe('national and BIS numbers', () => {
    it('computes the AZERTY keys of 85073003328 as !(àè"àà""é!', () => {
      expect(azertyOf('85073003328')).toBe('!(àè"àà""é!');
    });

    it.each([
      { raw: '85073003328', how: 'as bare digits' },
      { raw: '85.07.30-033.28', how: 'with dots and a dash' },
      { raw: '850730-033-28', how: 'with dashes only, which must not be taken for a French 6' },
      { raw: '85 07 30 033 28', how: 'with spaces' },
      { raw: '!(àè"àà""é!\r\n', how: 'by a reader on a Belgian AZERTY keyboard' },
      { raw: '_(àè"àà""é_\r\n', how: 'by a reader on a French AZERTY keyboard' },
      { raw: '85.07.30-033.28\r\n', how: 'with separators and a trailing CR LF' },
    ])('reads the national number 85073003328 typed $how as a worker', ({ raw }) => {
      expect(readCapture(raw)).toMatchObject({ kind: 'worker', worker: { niss: '85073003328' } });
    });

    it('keeps the decoded text of a worker number for display', () => {
      expect(readCapture('!(àè"àà""é!\r\n')).toEqual({
        kind: 'worker',
        raw: '85073003328',
        worker: { niss: '85073003328' },
      });
      expect(readCapture('85.07.30-033.28')).toMatchObject({ raw: '85.07.30-033.28' });
    });

    it('checks that 97440936363 and 85273003371 are BIS numbers (month 44 and month 27)', () => {
      expect(parseNiss('97440936363')).toMatchObject({ ok: true, value: { kind: 'BIS' } });
      expect(parseNiss('85273003371')).toMatchObject({ ok: true, value: { kind: 'BIS' } });
    });

    it.each([
      { raw: '97440936363', niss: '97440936363' },
      { raw: '97.44.09-363.63', niss: '97440936363' },
      { raw: '85273003371', niss: '85273003371' },
      { raw: `${azertyOf('85273003371')}\r\n`, niss: '85273003371' },
    ])('reads the BIS number $raw as a worker', ({ raw, niss }) => {
      expect(readCapture(raw)).toMatchObject({ kind: 'worker', worker: { niss } });
    });

    it('reads a bare 11-digit number whose check digits fail as a badge, since card numbers can have 11 digits', () => {
      expect(parseNiss('85073003327')).toMatchObject({ ok: false, error: { code: 'NISS_CHECK_DIGITS' } });
      expect(readCapture('85073003327')).toEqual({
        kind: 'badge',
        raw: '85073003327',
        candidates: ['85073003327', String(0x85073003327)],
        mistypedNiss: expect.objectContaining({ code: 'NISS_CHECK_DIGITS' }),
      });
    });

    it('says what is wrong with such a number as a NISS, for a person who typed it', () => {
      expect(readCapture('85073003327')).toMatchObject({ mistypedNiss: { code: 'NISS_CHECK_DIGITS' } });
      expect(readCapture(`${azertyOf('85073003327')}\r\n`)).toMatchObject({
        kind: 'badge',
        mistypedNiss: { code: 'NISS_CHECK_DIGITS' },
      });
    });

    it('gives no NISS error for a card number of another length', () => {
      expect(readCapture('1234567890')).not.toHaveProperty('mistypedNiss');
      expect(readCapture('123456789012')).not.toHaveProperty('mistypedNiss');
      expect(readCapture('04:A2:2B:1C')).not.toHaveProperty('mistypedNiss');
    });

    it('refuses a national number written with separators whose check digits fail, with the NISS error', () => {
      expect(readCapture('85.07.30-033.27')).toMatchObject({
        kind: 'invalid',
        raw: '85.07.30-033.27',
        error: { code: 'NISS_CHECK_DIGITS' },
      });
    });
  });

  describe('Limosa-1 numbers', () => {
    it.each([
      'L1 12345678',
      'L1-12345678',
      'l1 12345678',
      'L112345678',
      'limosa:12345678',
      'LIMOSA 1234 5678',
    ])('reads %s, written with its prefix, as a worker posted from abroad', (raw) => {
      expect(readCapture(raw)).toEqual({ kind: 'worker', raw, worker: { limosaId: '12345678' } });
    });

    it('reads a Limosa-1 number typed through the keyboard wedge', () => {
      expect(readCapture(`L1 ${azertyOf('12345678')}\r\n`)).toMatchObject({
        kind: 'worker',
        worker: { limosaId: '12345678' },
      });
    });

    it('reads 8 digits without the prefix as a badge, not as a Limosa-1 number', () => {
      expect(readCapture('12345678')).toMatchObject({ kind: 'badge', candidates: ['12345678', '305419896'] });
    });

    it.each([
      { raw: 'L1 1234', code: 'LIMOSA_LENGTH' },
      { raw: 'L1', code: 'LIMOSA_FORMAT' },
      { raw: 'limosa:12ab5678', code: 'LIMOSA_FORMAT' },
    ])('refuses $raw, which has the prefix but no valid number, with $code', ({ raw, code }) => {
      expect(readCapture(raw)).toMatchObject({ kind: 'invalid', raw, error: { code } });
    });
  });

  describe('badges', () => {
    it('reads a UID with colons as a badge and keeps its raw value for display', () => {
      expect(readCapture('04:A2:2B:1C\r\n')).toEqual({
        kind: 'badge',
        raw: '04:A2:2B:1C',
        candidates: ['77736732'],
      });
    });

    it('reads a number with hexadecimal letters one way only', () => {
      expect(readCapture('04A22B1C')).toEqual({ kind: 'badge', raw: '04A22B1C', candidates: ['77736732'] });
    });

    it('reads a card number typed through the keyboard wedge as a badge, both ways', () => {
      expect(readCapture('&é"\'\r\n')).toEqual({ kind: 'badge', raw: '1234', candidates: ['1234', '4660'] });
    });

    it('reads any digit string that is not a national number as a badge, whichever the keyboard', () => {
      fc.assert(
        fc.property(
          digitStrings,
          fc.constantFrom('belgian' as const, 'french' as const),
          (digits, layout) => {
            fc.pre(!parseNiss(digits).ok);
            const capture = readCapture(azertyOf(digits, layout));
            expect(capture).toMatchObject({ kind: 'badge', raw: digits });
            expect(capture.kind === 'badge' && capture.candidates).toContain(BigInt(digits).toString());
          },
        ),
      );
    });
  });

  describe('what cannot be read', () => {
    it.each(['', '   ', '\r\n'])('refuses an empty capture %j with TEXT_BLANK', (raw) => {
      expect(readCapture(raw)).toEqual({
        kind: 'invalid',
        raw: '',
        error: { code: 'TEXT_BLANK', message: 'Nothing was read.' },
      });
    });

    it.each(['hello', 'abc xyz', '#?%', '1234-5678', '04.A2.2B.1C'])(
      'refuses %j, which is neither a worker number nor a badge, with FIELD_FORMAT',
      (raw) => {
        expect(readCapture(raw)).toMatchObject({ kind: 'invalid', raw, error: { code: 'FIELD_FORMAT' } });
      },
    );

    it('refuses a number too long to be a card with FIELD_LENGTH', () => {
      const raw = '9'.repeat(MAX_BADGE_DECIMAL_DIGITS + 1);
      expect(readCapture(raw)).toMatchObject({ kind: 'invalid', raw, error: { code: 'FIELD_LENGTH' } });
    });
  });
});
