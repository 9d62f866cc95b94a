import { describe, expect, it } from 'vitest';
import { REMARK_TEXTS, VALIDATION_STATUS_WORDS, validationInWords } from './validation-texts.js';
import { NOT_YET_VALIDATED, REMARKS, VALIDATION_STATUSES, attempt } from './validation.js';

const LANGS = ['fr', 'nl', 'en'] as const;
const remarks = REMARKS.map((remark) => [remark, REMARK_TEXTS[remark]] as const);
const statuses = VALIDATION_STATUSES.map((status) => [status, VALIDATION_STATUS_WORDS[status]] as const);

describe('REMARK_TEXTS', () => {
  it('has a text for every remark and for nothing else', () => {
    expect(Object.keys(REMARK_TEXTS).sort()).toEqual([...REMARKS].sort());
  });

  it.each(remarks)('gives %s three texts, one per language, all different', (_remark, texts) => {
    for (const lang of LANGS) expect(texts[lang].trim()).not.toBe('');
    expect(new Set([texts.fr, texts.nl, texts.en]).size).toBe(3);
  });

  it.each(remarks)(
    'writes %s as a phrase: a capital first, no final stop, no stray space',
    (_remark, texts) => {
      for (const lang of LANGS) {
        expect(texts[lang]).toMatch(/^\p{Lu}/u);
        expect(texts[lang]).not.toMatch(/[.:;]$/u);
        expect(texts[lang]).toBe(texts[lang].trim());
        expect(texts[lang]).not.toMatch(/[{}<>]|\s{2}|TODO|undefined/u);
      }
    },
  );

  it('never says it in the codes or the web service’s capitals', () => {
    for (const [remark, texts] of remarks)
      for (const lang of LANGS) {
        expect(texts[lang]).not.toContain(remark);
        expect(texts[lang]).not.toMatch(/\b[A-Z]{5,}\b/u);
      }
  });

  it('uses the official terms of each language for the numbers and the registers', () => {
    for (const [, texts] of remarks) {
      expect(texts.fr).not.toMatch(/INSZ|KBO/u);
      expect(texts.nl).not.toMatch(/NISS|BCE/u);
      expect(texts.en).not.toMatch(/INSZ|KBO|BCE/u);
    }
    expect(REMARK_TEXTS.RELATED_DIMONA_NOT_OK).toEqual({
      fr: 'Pas de déclaration Dimona de cet employeur pour ce travailleur ce jour-là',
      nl: 'Geen Dimona-aangifte van deze werkgever voor deze werknemer op die dag',
      en: 'No employment declaration (Dimona) of this employer for this worker on that day',
    });
    expect(REMARK_TEXTS.WORKPLACE_NOT_ACTIVE.fr).toContain('déclaration de travaux');
    expect(REMARK_TEXTS.WORKPLACE_NOT_ACTIVE.nl).toContain('aangifte van werken');
    expect(REMARK_TEXTS.WORKPLACE_NOT_ACTIVE.en).toContain('works declaration');
    expect(REMARK_TEXTS.LIMOSA_ID_NOT_KNOWN.fr).toContain('Limosa-1');
    expect(REMARK_TEXTS.NISS_NOT_IN_NATIONAL_REGISTER.nl).toContain('INSZ-nummer');
  });
});

describe('VALIDATION_STATUS_WORDS', () => {
  it('names every status and nothing else', () => {
    expect(Object.keys(VALIDATION_STATUS_WORDS).sort()).toEqual([...VALIDATION_STATUSES].sort());
  });

  it.each(statuses)('gives %s three short words, all different, with a capital first', (_status, texts) => {
    for (const lang of LANGS) {
      expect(texts[lang]).toMatch(/^\p{Lu}/u);
      expect(texts[lang].length).toBeLessThanOrEqual(30);
    }
    expect(new Set([texts.fr, texts.nl, texts.en]).size).toBe(3);
  });

  it('says a check not yet made as under way, not as a failure, and a failed one as accepted', () => {
    expect(VALIDATION_STATUS_WORDS.PENDING.en).toBe('Being checked');
    expect(VALIDATION_STATUS_WORDS.FAILED.fr).toMatch(/^Acceptée/u);
    expect(VALIDATION_STATUS_WORDS.FAILED.nl).toMatch(/^Aanvaard/u);
    expect(VALIDATION_STATUS_WORDS.FAILED.en).toMatch(/^Accepted/u);
  });

  it('puts a space before a colon in French only', () => {
    for (const [, texts] of [...statuses, ...remarks]) {
      expect(texts.fr).not.toMatch(/\S[:;?!]/u);
      expect(texts.nl).not.toMatch(/\s[:;?!]/u);
      expect(texts.en).not.toMatch(/\s[:;?!]/u);
    }
  });
});

describe('validationInWords', () => {
  const at = '2026-03-10T07:05:00.000Z';

  it('gives the status alone for a presence not yet checked or in order', () => {
    expect(validationInWords(NOT_YET_VALIDATED, 'nl')).toEqual(['Wordt gecontroleerd']);
    const validated = { ...attempt([], at), history: [attempt([], at)] };
    expect(validationInWords(validated, 'en')).toEqual(['Checked: in order']);
  });

  it('gives the status, then each remark in the language asked for, in the list’s order', () => {
    const found = attempt(['RELATED_DIMONA_NOT_OK', 'WORKPLACE_NOT_ACTIVE'], at);
    expect(validationInWords({ ...found, history: [found] }, 'fr')).toEqual([
      'Acceptée, à régulariser',
      REMARK_TEXTS.RELATED_DIMONA_NOT_OK.fr,
      REMARK_TEXTS.WORKPLACE_NOT_ACTIVE.fr,
    ]);
  });
});
