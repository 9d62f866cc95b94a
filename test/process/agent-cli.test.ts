import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { newReferenceNumber } from '../../src/domain/reference-number.js';
import { niss } from '../support/identifiers.js';
import { PDFTOTEXT, pdfText } from '../support/pdf-text.js';
import { runCli } from '../support/processes.js';

describe('the agent’s roster and import commands', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-cli-'));
  const journal = join(dir, 'agent.db');
  const agent = (...args: string[]) => runCli(['agent', ...args, '--journal', journal]);
  /** Writes a file in the test's folder and gives its path. */
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const [an, jan, piet] = [niss(1), niss(2), niss(3)];
  const today = brusselsDate(new Date());
  const yesterday = addDays(today, -1);

  beforeAll(() => {
    const init = runCli([
      'agent',
      'init',
      '--registry',
      'http://127.0.0.1:9',
      '--key',
      'sp_testkey123',
      '--workplace',
      'DEMO0001',
      '--employer',
      '0403019261',
      '--journal',
      journal,
    ]);
    expect(init.status, init.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a roster saved by Excel (semicolons, BOM, Dutch headings) and lists it', () => {
    const roster = file(
      'roster.csv',
      '\uFEFFINSZ;Naam;Voornaam;Badge;Werkgever;Functie\r\n' +
        `${an};Peeters;An;04:A2:2B:1C;;metselaar\r\n` +
        `${jan};Janssens;Jan;;0403.170.701;\r\n` +
        `${piet};Claes;Piet;1234;;\r\n`,
    );
    const imported = agent('roster', 'import', roster);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('The roster now has 3 workers, 2 with a badge.');

    const listed = agent('roster', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      { worker: { niss: piet }, lastName: 'Claes', firstName: 'Piet', badge: '1234' },
      { worker: { niss: jan }, lastName: 'Janssens', firstName: 'Jan', employer: '0403170701' },
      { worker: { niss: an }, lastName: 'Peeters', firstName: 'An', badge: '77736732' },
    ]);
    expect(agent('roster', 'list').stdout).toContain('Peeters An  badge 77736732');
  });

  it('resolves a badge to its worker whether the reader writes it in hex or in decimal', () => {
    for (const read of ['04A22B1C', '77736732']) {
      const checkin = agent('checkin', read, '--json');
      expect(checkin.status, checkin.stderr).toBe(0);
      expect(JSON.parse(checkin.stdout)).toMatchObject({
        raw: read,
        worker: { niss: an },
        state: 'PENDING',
        source: 'CHECKIN',
      });
    }
  });

  it('refuses a roster with wrong lines, prints every error, and keeps the roster as it was', () => {
    const bad = file(
      'bad-roster.csv',
      'niss,lastName,firstName,badge\n' +
        `${an},Peeters,An,04A22B1C\n` +
        `${jan.slice(0, 9)}00,Janssens,Jan,\n` +
        `${piet},Claes,Piet,77736732\n`,
    );
    const refused = agent('roster', 'import', bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('line 3, column niss: NISS_CHECK_DIGITS');
    expect(refused.stderr).toMatch(/line 4, column badge: FIELD_VALUE .*lines 2 and 4/);
    expect(refused.stderr).toContain('the roster is unchanged');
    expect(JSON.parse(agent('roster', 'list', '--json').stdout)).toHaveLength(3);

    const noNumber = agent('roster', 'import', file('names.csv', 'nom;prénom\nPeeters;An\n'));
    expect(noNumber.status).toBe(2);
    expect(noNumber.stderr).toMatch(/line 1: FIELD_REQUIRED The file has no column for the workers' numbers/);
  });

  it('imports captures, and journals nothing twice when the same file is imported again', () => {
    const captures = file(
      'captures.csv',
      'worker,employer,capturedAt,reference\n' +
        `${an},,${yesterday} 07:30,\n` +
        `${jan},0403.170.701,${today},ERP-2\n` +
        `04:A2:2B:1C,,${today} 06:45,\n` +
        `DEADBEEF,,,\n` +
        `L1 123,,,\n`,
    );
    const first = agent('import', captures);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('Imported: 3');
    expect(first.stdout).toContain('Unknown badges (journaled, unresolved): 1');
    expect(first.stdout).toContain('Already journaled: 0');
    expect(first.stdout).toContain('Refused: 1');
    expect(first.stderr).toContain('line 6, column worker: LIMOSA_LENGTH');

    const again = agent('import', captures, '--json');
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({
      imported: 0,
      unknownBadges: 0,
      alreadyJournaled: 4,
      refused: [{ line: 6, column: 'worker', error: { code: 'LIMOSA_LENGTH' } }],
    });

    const status = agent('status', '--json');
    expect(JSON.parse(status.stdout).counts).toMatchObject({ PENDING: 5, UNRESOLVED: 1 });
    expect(agent('status').stdout).toContain('5 pending');
  });

  it('refuses an import without a column that says who, and a file that is not UTF-8, with exit code 2', () => {
    const noWho = agent('import', file('nobody.csv', 'name;capturedAt\nPeeters;2026-01-05\n'));
    expect(noWho.status).toBe(2);
    expect(noWho.stderr).toContain('line 1: FIELD_REQUIRED');

    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('niss;nom;pr\xe9nom\n', 'latin1'));
    const notUtf8 = agent('roster', 'import', latin1);
    expect(notUtf8.status).toBe(2);
    expect(notUtf8.stderr).toContain('TEXT_ENCODING');
  });
});

describe('the agent’s emergency procedure commands', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-procedure-'));
  const journal = join(dir, 'agent.db');
  const agent = (...args: string[]) => runCli(['agent', ...args, '--journal', journal]);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the reference number (refusing a mistyped one), prints the listing offline and shows the procedure', () => {
    expect(
      runCli([
        'agent',
        'init',
        '--registry',
        'http://127.0.0.1:9',
        '--key',
        'sp_testkey123',
        '--workplace',
        'DEMO0001',
        '--employer',
        '0403019261',
        '--journal',
        journal,
      ]).status,
    ).toBe(0);
    expect(agent('checkin', niss(11), niss(12)).status).toBe(0);
    const reference = newReferenceNumber(Uint8Array.from([9, 8, 7, 6, 5]));
    const mistyped = `${reference.slice(0, -1)}${reference.endsWith('0') ? '1' : '0'}`;
    const refused = agent('reference', mistyped);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('REFERENCE_NUMBER_CHECK_CHARACTER');
    const entered = runCli(['agent', 'reference', reference, '--journal', journal], {
      SITEPRESENCE_LANG: 'fr',
    });
    expect(entered.status, entered.stderr).toBe(0);
    expect(entered.stdout).toContain('FILL_PAPER_LISTING');
    expect(entered.stdout).toContain(`Inscrivez le numéro de référence ${reference}`);

    const out = join(dir, 'listing.pdf');
    const listing = agent('listing', '--out', out);
    expect(listing.status, listing.stderr).toBe(0);
    if (PDFTOTEXT) {
      const text = pdfText(readFileSync(out));
      expect(text).toContain(reference);
      expect(text).toContain('DEMO0001');
      expect(text).toContain(`${niss(11).slice(0, 2)}.${niss(11).slice(2, 4)}.`);
    }
    const status = agent('status');
    expect(status.stdout).toContain('Emergency procedure');
    expect(status.stdout).toContain(reference);
  });
});
