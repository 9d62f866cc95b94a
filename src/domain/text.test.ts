import { describe, expect, it } from 'vitest';
import { parseText } from './text.js';

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
});
