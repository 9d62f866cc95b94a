import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { importCaptures, parseCaptureCsv, type CaptureLine } from './capture-import.js';
import type { CaptureDeps } from './capture.js';
import { parseRosterCsv } from './roster-import.js';
import { openSqliteJournal, type SqliteJournal } from './sqlite/sqlite-journal.js';

const AN = '85073003328';
const JAN = '85073003427';
/** A Friday afternoon in winter: Brussels is UTC+1. */
const NOW = new Date('2026-11-27T15:00:00Z');
const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('parseCaptureCsv', () => {
  it('reads who was present from a worker column: a NISS, L1 … or a badge', () => {
    const read = parseCaptureCsv(
      csv('worker;capturedAt', `85.07.30-033.28;2026-11-27 07:30`, 'L1 12345678;2026-11-27', '04:A2:2B:1C;'),
      NOW,
    );
    expect(read.errors).toEqual([]);
    expect(
      read.lines.map(({ line, raw, capturedAt }) => ({ line, raw, at: capturedAt.toISOString() })),
    ).toEqual([
      { line: 2, raw: '85.07.30-033.28', at: '2026-11-27T06:30:00.000Z' },
      { line: 3, raw: 'L1 12345678', at: '2026-11-27T06:00:00.000Z' },
      { line: 4, raw: '04:A2:2B:1C', at: NOW.toISOString() },
    ]);
  });

  it('reads niss, limosa and badge columns, a Limosa-1 number without its prefix too', () => {
    const read = parseCaptureCsv(csv('INSZ,Limosa,Badge', `${AN},,`, ',12345678,', ',,77736732'), NOW);
    expect(read.errors).toEqual([]);
    expect(read.lines.map((line) => line.raw)).toEqual([AN, 'L1 12345678', '77736732']);
  });

  it('reads a day and a time kept in two columns, as a spreadsheet often has them', () => {
    const read = parseCaptureCsv(
      csv('Travailleur;Date;Heure', `${AN};27/11/2026;07:30:00`, `${JAN};2026-11-26;`, `${JAN};;08:00`),
      NOW,
    );
    expect(read.lines.map((line) => line.capturedAt.toISOString())).toEqual([
      '2026-11-27T06:30:00.000Z',
      '2026-11-26T06:00:00.000Z',
    ]);
    expect(read.errors.map((e) => [e.line, e.column, e.error.code])).toEqual([
      [4, 'Heure', 'FIELD_REQUIRED'],
    ]);
  });

  it('reads the employer and the reference of a line', () => {
    const read = parseCaptureCsv(csv('worker;employer;reference', `${AN};0403.170.701;ERP-4711`), NOW);
    expect(read.lines[0]).toMatchObject({ employer: '0403170701', reference: 'ERP-4711' });
  });

  it('gives each line a clientReference of import: and 40 hex digits, at most 64 characters', () => {
    const [line] = parseCaptureCsv(csv('worker', AN), NOW).lines;
    expect(line?.clientReference).toMatch(/^import:[0-9a-f]{40}$/);
  });

  it('gives a line the same clientReference however its number is written', () => {
    const refs = (worker: string, when: string): string | undefined =>
      parseCaptureCsv(csv('worker;capturedAt', `${worker};${when}`), NOW).lines[0]?.clientReference;
    expect(refs('85.07.30-033.28', '2026-11-27 07:30')).toBe(refs(AN, '2026-11-27T06:30:00Z'));
    expect(refs(AN, '2026-11-27 07:30')).not.toBe(refs(AN, '2026-11-27 07:31'));
    expect(refs(AN, '2026-11-27 07:30')).not.toBe(refs(JAN, '2026-11-27 07:30'));
  });

  it('gives a line without a time the same clientReference all day long, and another the next day', () => {
    const ref = (now: string): string | undefined =>
      parseCaptureCsv(csv('worker', AN), new Date(now)).lines[0]?.clientReference;
    expect(ref('2026-11-27T06:00:00Z')).toBe(ref('2026-11-27T15:00:00Z'));
    expect(ref('2026-11-28T06:00:00Z')).not.toBe(ref('2026-11-27T15:00:00Z'));
  });

  it("keys a line with a reference by the reference alone: the source system's id of the line", () => {
    const ref = (worker: string, when: string): string | undefined =>
      parseCaptureCsv(csv('worker;capturedAt;ref', `${worker};${when};L-1`), NOW).lines[0]?.clientReference;
    expect(ref(AN, '2026-11-27 07:30')).toBe(ref(AN, '2026-11-27 08:00'));
  });

  it('refuses a wrong line at its line and column and keeps the others', () => {
    const read = parseCaptureCsv(
      csv(
        'worker;employer;capturedAt',
        `${AN};;2026-11-27 07:30`,
        '85.07.30-033.27;;',
        `${JAN};0403.170.702;`,
        `${JAN};;tomorrow`,
        ';;2026-11-27',
        `${JAN};;`,
      ),
      NOW,
    );
    expect(read.unreadable).toBe(false);
    expect(read.lines.map((line) => line.line)).toEqual([2, 7]);
    expect(read.errors.map((e) => [e.line, e.column, e.error.code])).toEqual([
      [3, 'worker', 'NISS_CHECK_DIGITS'],
      [4, 'employer', 'ENTERPRISE_NUMBER_CHECK_DIGITS'],
      [5, 'capturedAt', 'INSTANT_INVALID'],
      [6, undefined, 'WORKER_IDENTIFIER_MISSING'],
    ]);
  });

  it('refuses a reference an earlier line has, naming both lines', () => {
    const read = parseCaptureCsv(csv('worker;ref', `${AN};R-1`, `${JAN};R-2`, `${JAN};R-1`), NOW);
    expect(read.lines.map((line) => line.line)).toEqual([2, 3]);
    expect(read.errors).toEqual([
      {
        line: 4,
        column: 'ref',
        error: {
          code: 'FIELD_VALUE',
          message: 'The reference R-1 is on lines 2 and 4: a reference names one line.',
        },
      },
    ]);
  });

  it('refuses a wrong number in a niss or limosa column with its own error', () => {
    const read = parseCaptureCsv(csv('niss;limosa', '85073003329;', ';123'), NOW);
    expect(read.errors.map((e) => [e.line, e.column, e.error.code])).toEqual([
      [2, 'niss', 'NISS_CHECK_DIGITS'],
      [3, 'limosa', 'LIMOSA_LENGTH'],
    ]);
  });

  it('refuses a line that fills two columns that say who', () => {
    const read = parseCaptureCsv(csv('niss;badge', `${AN};1234`), NOW);
    expect(read.errors.map((e) => e.error.code)).toEqual(['WORKER_IDENTIFIER_AMBIGUOUS']);
  });

  it('refuses the whole file when no column says who was present', () => {
    const read = parseCaptureCsv(csv('name;capturedAt', 'Peeters;2026-11-27'), NOW);
    expect(read.unreadable).toBe(true);
    expect(read.lines).toEqual([]);
    expect(read.errors.map((e) => [e.line, e.error.code])).toEqual([[1, 'FIELD_REQUIRED']]);
    expect(parseCaptureCsv('', NOW).unreadable).toBe(true);
  });
});

describe('importCaptures', () => {
  let journal: SqliteJournal;
  let deps: CaptureDeps;
  const settings = { workplaceId: 'DEMO0001' as WorkplaceId, employer: '0403019261' as EnterpriseNumber };

  beforeEach(async () => {
    journal = openSqliteJournal(':memory:');
    deps = { journal, roster: journal, clock: { now: () => NOW }, random: createCryptoRandom() };
    const roster = parseRosterCsv(
      csv(
        'niss;nom;prenom;badge;employer',
        `${AN};Peeters;An;04A22B1C;`,
        `${JAN};Janssens;Jan;1234;0403.170.701`,
      ),
    );
    if (!roster.ok) throw new Error('roster');
    await journal.replaceRoster(roster.value);
  });
  afterEach(async () => {
    await journal.close();
  });

  const lines = (text: string): CaptureLine[] => {
    const read = parseCaptureCsv(text, NOW);
    expect(read.errors).toEqual([]);
    return read.lines;
  };

  it('journals each line with source IMPORT at its own moment, a badge resolved through the roster', async () => {
    const file = csv('worker;capturedAt', '77736732;2026-11-26 07:30', 'DEADBEEF;2026-11-27 07:00');
    const summary = await importCaptures(deps, settings, lines(file));
    expect(summary).toEqual({ imported: 1, unknownBadges: 1, alreadyJournaled: 0, refused: [] });
    const captures = await journal.captures({}, 10);
    expect(captures).toMatchObject([
      {
        source: 'IMPORT',
        capturedAt: '2026-11-26T06:30:00.000Z',
        day: '2026-11-26',
        worker: { niss: AN },
        state: 'PENDING',
      },
      { source: 'IMPORT', raw: 'DEADBEEF', day: '2026-11-27', state: 'UNRESOLVED' },
    ]);
    expect(captures[0]?.clientReference).toBe(lines(file)[0]?.clientReference);
  });

  it('journals nothing twice when the same file is imported again', async () => {
    const file = csv(
      'worker;capturedAt;reference',
      `${AN};2026-11-27 07:30;`,
      `${JAN};2026-11-27;R-2`,
      'ABC;;',
    );
    await importCaptures(deps, settings, lines(file));
    const again = await importCaptures(deps, settings, lines(file));
    expect(again).toEqual({ imported: 0, unknownBadges: 0, alreadyJournaled: 3, refused: [] });
    expect((await journal.summary()).counts).toMatchObject({ PENDING: 2, UNRESOLVED: 1 });
  });

  it('counts a line twice in one file as journaled once', async () => {
    const file = csv('worker;capturedAt', `${AN};2026-11-27 07:30`, `85.07.30-033.28;2026-11-27 07:30`);
    const summary = await importCaptures(deps, settings, lines(file));
    expect(summary).toMatchObject({ imported: 1, alreadyJournaled: 1 });
  });

  it('takes a reference used again on another day as another line: line ids of an export may start again daily', async () => {
    await importCaptures(deps, settings, lines(csv('worker;capturedAt;reference', `${AN};2026-11-26;R-1`)));
    const nextDay = await importCaptures(
      deps,
      settings,
      lines(csv('worker;capturedAt;reference', `${AN};2026-11-27;R-1`)),
    );
    expect(nextDay).toMatchObject({ imported: 1, alreadyJournaled: 0 });
  });

  it("takes the line's employer, else the one given, else the roster's for a badge, else the agent's", async () => {
    const file = csv(
      'niss;employer;capturedAt',
      `${AN};0403.170.701;2026-11-27 07:00`,
      `${AN};;2026-11-27 08:00`,
    );
    await importCaptures(deps, settings, lines(file), { employer: '0202239951' as EnterpriseNumber });
    await importCaptures(
      deps,
      settings,
      lines(csv('worker;capturedAt', `1234;2026-11-27`, `${JAN};2026-11-26`)),
    );
    const employers = (await journal.captures({}, 10)).map((capture) => capture.employer);
    expect(employers).toEqual(['0403170701', '0202239951', '0403170701', '0403019261']);
  });
});
