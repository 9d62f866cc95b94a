import { describe, expect, it } from 'vitest';
import type { Result } from '../domain/result.js';
import type { RosterEntry } from './roster-store.js';
import { formatImportError } from '../shared/csv-table.js';
import { parseRosterCsv, type RosterImportError } from './roster-import.js';

/** Valid national numbers (check digits 97 − base mod 97). */
const AN = '85073003328';
const JAN = '85073003427';
const PIET = '85073003526';

/** The file's lines, joined as a spreadsheet writes them. */
const csv = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;

function entries(result: Result<RosterEntry[], RosterImportError[]>): RosterEntry[] {
  if (!result.ok) throw new Error(result.error.map(formatImportError).join('\n'));
  return result.value;
}

function errors(result: Result<RosterEntry[], RosterImportError[]>): string[] {
  if (result.ok) throw new Error('the roster was accepted');
  return result.error.map(formatImportError);
}

describe('parseRosterCsv', () => {
  it('reads a semicolon file, as Excel saves it in Belgium, with Dutch headings and a BOM', () => {
    const text = `\uFEFF${csv(
      'INSZ;Naam;Voornaam;Badge;Werkgever',
      '85.07.30-033.28;Peeters;An;04:A2:2B:1C;',
      `${JAN};Janssens;Jan;;0403.170.701`,
    )}`;
    expect(entries(parseRosterCsv(text))).toEqual([
      { worker: { niss: AN }, lastName: 'Peeters', firstName: 'An', badge: '77736732' },
      { worker: { niss: JAN }, lastName: 'Janssens', firstName: 'Jan', employer: '0403170701' },
    ]);
  });

  it('reads a comma file with English headings in any order and case', () => {
    const text = csv('First Name,LAST NAME,niss,badge', `An,Peeters,${AN},77736732`);
    expect(entries(parseRosterCsv(text))).toEqual([
      { worker: { niss: AN }, lastName: 'Peeters', firstName: 'An', badge: '77736732' },
    ]);
  });

  it('reads French headings, accents or not: NISS, Nom, Prénom, Employeur', () => {
    for (const firstName of ['Prénom', 'prenom', 'PRÉNOM']) {
      const text = csv(`NISS;Nom;${firstName};Employeur`, `${AN};Dupont;Émile;0403170701`);
      expect(entries(parseRosterCsv(text))).toEqual([
        { worker: { niss: AN }, lastName: 'Dupont', firstName: 'Émile', employer: '0403170701' },
      ]);
    }
  });

  it('takes the other aliases of the number: rrn and "national number"', () => {
    for (const heading of ['rrn', 'national number', 'Rijksregisternummer']) {
      const text = csv(`${heading},lastName,firstName`, `${AN},Peeters,An`);
      expect(entries(parseRosterCsv(text))[0]?.worker).toEqual({ niss: AN });
    }
  });

  it('reads Limosa-1 numbers with or without their L1 prefix, beside national numbers', () => {
    const text = csv(
      'niss;limosaId;lastName;firstName',
      ';L1 12345678;Kowalski;Piotr',
      ';87654321;Nowak;Anna',
      `${AN};;Peeters;An`,
    );
    expect(entries(parseRosterCsv(text)).map((entry) => entry.worker)).toEqual([
      { limosaId: '12345678' },
      { limosaId: '87654321' },
      { niss: AN },
    ]);
  });

  it('ignores the columns it does not know', () => {
    const text = csv('Function;INSZ;Naam;Voornaam;Remarks', `Mason;${AN};Peeters;An;night shift`);
    expect(entries(parseRosterCsv(text))).toEqual([
      { worker: { niss: AN }, lastName: 'Peeters', firstName: 'An' },
    ]);
  });

  it('keeps a badge canonical, so that a hex card and its decimal reading are one', () => {
    const text = csv('niss,nom,prenom,badge', `${AN},Peeters,An,0x04a22b1c`, `${JAN},Janssens,Jan,0001234`);
    expect(entries(parseRosterCsv(text)).map((entry) => entry.badge)).toEqual(['77736732', '1234']);
  });

  it('refuses one card on two lines, written in hex on one and in decimal on the other, naming both lines', () => {
    const text = csv(
      'niss;nom;prenom;badge',
      `${AN};Peeters;An;04A22B1C`,
      `${JAN};Janssens;Jan;`,
      `${PIET};Claes;Piet;77736732`,
    );
    const [error] = errors(parseRosterCsv(text));
    expect(error).toMatch(/^line 4, column badge: FIELD_VALUE .*77736732.* lines 2 and 4/);
  });

  it('refuses one worker on two lines, however the number is written, naming both lines', () => {
    const text = csv('niss;nom;prenom', `${AN};Peeters;An`, `85.07.30-033.28;Peeters;Anna`);
    expect(errors(parseRosterCsv(text))).toEqual([
      'line 3, column niss: ROSTER_DUPLICATE_WORKER The worker 85.07.30-033.28 is on lines 2 and 3: one line per worker.',
    ]);
  });

  it('refuses a national number whose check digits are wrong, at its line and column', () => {
    const text = csv('INSZ;Naam;Voornaam', `${AN};Peeters;An`, '85073003329;Janssens;Jan');
    expect(errors(parseRosterCsv(text))).toEqual([
      'line 3, column INSZ: NISS_CHECK_DIGITS The check digits (last two) do not match: the number is mistyped.',
    ]);
  });

  it('says that a spreadsheet dropped the leading 0 of a number of 10 digits', () => {
    const text = csv('niss;nom;prenom', '1020312345;Peeters;An');
    const [error] = errors(parseRosterCsv(text));
    expect(error).toMatch(/^line 2, column niss: NISS_LENGTH .*formatted as text/);
  });

  it('refuses a blank name at its column', () => {
    const text = csv('niss;lastName;firstName', `${AN};Peeters;`, `${JAN};;Jan`);
    expect(errors(parseRosterCsv(text))).toEqual([
      'line 2, column firstName: TEXT_BLANK The first name must not be blank.',
      'line 3, column lastName: TEXT_BLANK The last name must not be blank.',
    ]);
  });

  it('wants exactly one number on a line: neither and both are refused', () => {
    const text = csv('niss;limosa;nom;prenom', ';;Peeters;An', `${AN};12345678;Janssens;Jan`);
    const found = errors(parseRosterCsv(text));
    expect(found[0]).toMatch(/^line 2: WORKER_IDENTIFIER_MISSING /);
    expect(found[1]).toMatch(/^line 3: WORKER_IDENTIFIER_AMBIGUOUS /);
  });

  it('refuses a bad badge or employer at its column', () => {
    const text = csv('niss;nom;prenom;badge;employer', `${AN};Peeters;An;12-GZ;0403.170.702`);
    expect(errors(parseRosterCsv(text))).toEqual([
      expect.stringMatching(/^line 2, column badge: FIELD_FORMAT /),
      expect.stringMatching(/^line 2, column employer: ENTERPRISE_NUMBER_CHECK_DIGITS /),
    ]);
  });

  it('reports every wrong line, not only the first, and imports none of them', () => {
    const text = csv(
      'niss;nom;prenom',
      '85073003329;Peeters;An',
      `${JAN};Janssens;Jan`,
      'abc;Claes;Piet',
      `${PIET};;Piet`,
    );
    expect(errors(parseRosterCsv(text)).map((error) => error.slice(0, 7))).toEqual([
      'line 2,',
      'line 4,',
      'line 5,',
    ]);
  });

  it('refuses a file without a column for the numbers with a message that names the headings it takes', () => {
    const text = csv('Naam;Voornaam;Badge', 'Peeters;An;1234');
    const [error, ...more] = errors(parseRosterCsv(text));
    expect(more).toEqual([]);
    expect(error).toMatch(
      /^line 1: FIELD_REQUIRED The file has no column for the workers' numbers: .*niss.*limosa/,
    );
  });

  it('refuses a file without columns for the names', () => {
    const text = csv('niss', AN);
    expect(errors(parseRosterCsv(text))).toEqual([
      expect.stringMatching(/^line 1: FIELD_REQUIRED .*last names/),
      expect.stringMatching(/^line 1: FIELD_REQUIRED .*first names/),
    ]);
  });

  it('refuses two columns for one field', () => {
    const text = csv('niss;INSZ;nom;prenom', `${AN};${AN};Peeters;An`);
    expect(errors(parseRosterCsv(text))).toEqual([
      'line 1, column INSZ: FIELD_VALUE The columns "niss" and "INSZ" are the same column (niss): keep one.',
    ]);
  });

  it('refuses an empty file and a file with a header only: a roster is never replaced by an empty one', () => {
    expect(errors(parseRosterCsv(''))).toEqual([expect.stringMatching(/^line 1: FIELD_REQUIRED .*empty/)]);
    expect(errors(parseRosterCsv('\uFEFF'))).toEqual([expect.stringMatching(/^line 1: FIELD_REQUIRED/)]);
    expect(errors(parseRosterCsv(csv('niss;nom;prenom')))).toEqual([
      expect.stringMatching(/^line 1: FIELD_REQUIRED .*no worker/),
    ]);
  });

  it('skips blank lines and the ;;; lines below a table, and counts lines as the file has them', () => {
    const text = csv('', 'niss;nom;prenom', `${AN};Peeters;An`, '', ';;', '85073003329;Janssens;Jan', ';;;');
    expect(errors(parseRosterCsv(text))).toEqual([expect.stringMatching(/^line 6, column niss: NISS_CHECK/)]);
  });

  it('reads quoted cells holding a separator, a quote or a line break, and counts lines after them', () => {
    const text = csv(
      'niss;nom;prenom',
      `${AN};"Peeters; de ""oude""";"An`,
      `Marie"`,
      `85073003329;Janssens;Jan`,
    );
    const result = parseRosterCsv(text);
    expect(errors(result)).toEqual([expect.stringMatching(/^line 4, column niss: NISS_CHECK_DIGITS/)]);
    const fixed = text.replace('85073003329', JAN);
    expect(entries(parseRosterCsv(fixed))[0]).toEqual({
      worker: { niss: AN },
      lastName: 'Peeters; de "oude"',
      firstName: 'An\nMarie',
    });
  });

  it('refuses a line with more cells than the header has columns (an unquoted separator in a name)', () => {
    const text = csv('niss,nom,prenom', `${AN},Peeters, Jr,An`);
    expect(errors(parseRosterCsv(text))).toEqual([
      expect.stringMatching(/^line 2: FIELD_FORMAT This line has 4 cells but the header names 3 columns/),
    ]);
  });

  it('refuses a quote that is never closed, at the line it opens on', () => {
    const text = csv('niss;nom;prenom', `${AN};Peeters;An`, `${JAN};"Janssens;Jan`, `${PIET};Claes;Piet`);
    expect(errors(parseRosterCsv(text))).toEqual([
      expect.stringMatching(/^line 3: FIELD_FORMAT A quote opened on this line is never closed/),
    ]);
  });
});
