import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import { ERROR_TEXTS, errorText } from './error-texts.js';

const LANGS = ['fr', 'nl', 'en'] as const;
const entries = ERROR_CODES.map((code) => [code, ERROR_TEXTS[code]] as const);

describe('ERROR_TEXTS', () => {
  it('has a text for every error code and for nothing else', () => {
    expect(Object.keys(ERROR_TEXTS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(entries)('gives %s three non-empty texts, one per language, all different', (_code, texts) => {
    for (const lang of LANGS) expect(texts[lang].trim()).not.toBe('');
    expect(new Set([texts.fr, texts.nl, texts.en]).size).toBe(3);
  });

  it.each(entries)('ends every text of %s with punctuation, after a capital', (_code, texts) => {
    for (const lang of LANGS) {
      expect(texts[lang]).toMatch(/[.!?]$/u);
      expect(texts[lang]).toMatch(/^\p{Lu}/u);
      expect(texts[lang]).toBe(texts[lang].trim());
    }
  });

  it.each(entries)('leaves no placeholder or unfinished part in the texts of %s', (_code, texts) => {
    for (const lang of LANGS) {
      expect(texts[lang]).not.toMatch(/[{}<>]|\$\{|TODO|FIXME|XXX|undefined|NaN|\s{2}/u);
    }
  });

  it.each(entries)('puts a space before a colon in French only, for %s', (_code, texts) => {
    expect(texts.fr).not.toMatch(/\S[:;?!]/u);
    expect(texts.nl).not.toMatch(/\s[:;?!]/u);
    expect(texts.en).not.toMatch(/\s[:;?!]/u);
  });

  it('uses the official terms of each language for the numbers a person types', () => {
    for (const [, texts] of entries) {
      expect(texts.fr).not.toMatch(/INSZ|KBO/u);
      expect(texts.nl).not.toMatch(/NISS|BCE/u);
      expect(texts.en).not.toMatch(/INSZ|KBO|BCE/u);
    }
    expect(ERROR_TEXTS.NISS_CHECK_DIGITS).toEqual({
      fr: "Ce numéro NISS n'est pas valable : vérifiez les deux derniers chiffres.",
      nl: 'Dit INSZ-nummer is niet geldig: controleer de laatste twee cijfers.',
      en: 'This NISS number is not valid: check its last two digits.',
    });
    expect(ERROR_TEXTS.ENTERPRISE_NUMBER_CHECK_DIGITS.fr).toContain('numéro BCE');
    expect(ERROR_TEXTS.ENTERPRISE_NUMBER_CHECK_DIGITS.nl).toContain('KBO-nummer');
    expect(ERROR_TEXTS.ENTERPRISE_NUMBER_CHECK_DIGITS.en).toContain('enterprise number');
    expect(ERROR_TEXTS.WORKPLACE_ID_FORMAT.fr).toContain('déclaration de travaux');
    expect(ERROR_TEXTS.WORKPLACE_ID_FORMAT.nl).toContain('aangifte van werken');
    expect(ERROR_TEXTS.WORKPLACE_ID_FORMAT.en).toContain('works declaration');
    expect(ERROR_TEXTS.REFERENCE_NUMBER_FORMAT.fr).toContain('numéro de référence');
    expect(ERROR_TEXTS.REFERENCE_NUMBER_FORMAT.nl).toContain('referentienummer');
    expect(ERROR_TEXTS.REFERENCE_NUMBER_FORMAT.en).toContain('reference number');
    expect(ERROR_TEXTS.PAPER_LISTING_NOT_FOUND.fr).toContain('liste de présence papier');
    expect(ERROR_TEXTS.PAPER_LISTING_NOT_FOUND.nl).toContain('papieren aanwezigheidslijst');
    expect(ERROR_TEXTS.PAPER_LISTING_NOT_FOUND.en).toContain('paper attendance listing');
  });

  it('states the limits the registry applies, from its own constants', () => {
    expect(ERROR_TEXTS.DATE_TOO_FAR.en).toContain('35 days');
    expect(ERROR_TEXTS.DATE_TOO_FAR.fr).toContain('35 prochains jours');
    expect(ERROR_TEXTS.DATE_TOO_FAR.nl).toContain('35 dagen');
    expect(ERROR_TEXTS.LIMOSA_LENGTH.en).toBe('A Limosa-1 number has 8 to 20 digits.');
    expect(ERROR_TEXTS.RETENTION_NOT_REACHED.en).toContain('7 years');
  });
});

describe('errorText', () => {
  const error = { code: 'SIGN_IN_FAILED', message: 'The username or the password is not right.' } as const;

  it('gives the text of the code in the language asked for', () => {
    expect(errorText(error, 'fr')).toBe("Le nom d'utilisateur ou le mot de passe n'est pas correct.");
    expect(errorText(error, 'nl')).toBe('De gebruikersnaam of het wachtwoord is niet juist.');
    expect(errorText(error, 'en')).toBe('The username or the password is not right.');
  });

  it("gives the code's text in English too, not the error's own message written for API clients", () => {
    const fromTheApi = {
      code: 'DATE_OUTSIDE_WORKPLACE_PERIOD',
      message: 'The works run from 2026-03-01 to 2026-09-30.',
    } as const;
    expect(errorText(fromTheApi, 'en')).toBe(ERROR_TEXTS.DATE_OUTSIDE_WORKPLACE_PERIOD.en);
    expect(errorText({ code: 'CSRF_TOKEN_INVALID', message: 'Invalid csrf token' }, 'en')).toBe(
      'This form has expired: reload the page and try again.',
    );
  });

  it('falls back to the error message for a code it does not know, in every language', () => {
    for (const code of ['SOME_NEWER_CODE', 'toString', '__proto__']) {
      const unknown = { code: code as ErrorCode, message: 'A newer rule was broken.' };
      for (const lang of LANGS) expect(errorText(unknown, lang)).toBe('A newer rule was broken.');
    }
  });
});
