import { describe, expect, it } from 'vitest';
import { parseBoundedText, parseOneOf, parseText } from './text.js';

describe('free text', () => {
  it('is trimmed and composed', () => {
    expect(parseText('  Rue de l\u0027E\u0301glise 3 ', 'The street')).toEqual({
      ok: true,
      value: "Rue de l'Église 3",
    });
  });

  it('refuses blanks and control characters, keeping line breaks', () => {
    expect(parseText(' \t ', 'The name')).toMatchObject({ ok: false, error: { code: 'TEXT_BLANK' } });
    expect(parseText('Bouw\u0000NV', 'The name')).toMatchObject({
      ok: false,
      error: { code: 'TEXT_CONTROL_CHARACTER' },
    });
    expect(parseText('line one\nline two', 'The reason').ok).toBe(true);
  });

  it('refuses half of a surrogate pair, and keeps whole ones (Łukasz, 🏗️)', () => {
    expect(parseText('X\ud800', 'The name')).toMatchObject({ ok: false, error: { code: 'TEXT_ENCODING' } });
    expect(parseText('\udc00X', 'The name')).toMatchObject({ ok: false, error: { code: 'TEXT_ENCODING' } });
    expect(parseText('Łukasz 🏗️', 'The name')).toEqual({ ok: true, value: 'Łukasz 🏗️' });
  });
});

describe('bounded text', () => {
  it('refuses text longer than its bound rather than cutting it', () => {
    expect(parseBoundedText('abc', 'The note', 3)).toEqual({ ok: true, value: 'abc' });
    expect(parseBoundedText('abcd', 'The note', 3)).toMatchObject({
      ok: false,
      error: { code: 'FIELD_LENGTH', message: 'The note has at most 3 characters.' },
    });
  });
});

describe('one of a list', () => {
  it('takes a code of the list and names the list otherwise', () => {
    expect(parseOneOf('OK', ['OK', 'FAILED'] as const, 'The result')).toEqual({ ok: true, value: 'OK' });
    expect(parseOneOf('ok', ['OK', 'FAILED'] as const, 'The result')).toMatchObject({
      ok: false,
      error: { code: 'FIELD_VALUE', message: 'The result is one of OK, FAILED.' },
    });
  });
});

describe('text that shows nothing, and control characters of the second set', () => {
  it('refuses as blank a text of zero-width spaces, direction marks or a Hangul filler only', () => {
    for (const raw of ['\u200b', '\u2066 ', '\u202e\u200f', '\ufeff\u2060', '\u3164', ' \u00ad '])
      expect(parseText(raw, 'The name')).toMatchObject({ ok: false, error: { code: 'TEXT_BLANK' } });
    expect(parseText('Jan\u200bPeeters', 'The name')).toEqual({ ok: true, value: 'Jan\u200bPeeters' });
  });

  it('refuses C1 control characters (U+0080 to U+009F), such as the terminal escape U+009B', () => {
    for (const raw of ['Bouw\u009b31mNV', 'a\u0085b', '\u0080'])
      expect(parseText(raw, 'The name')).toMatchObject({
        ok: false,
        error: { code: 'TEXT_CONTROL_CHARACTER' },
      });
  });
});
