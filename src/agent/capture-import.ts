import { createHash } from 'node:crypto';
import { brusselsDate, type CalendarDate } from '../domain/calendar-date.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseBoundedText } from '../domain/text.js';
import { workerKey } from '../domain/worker.js';
import type { AgentSettings } from './agent-settings.js';
import { canonicalBadge, readCapture } from './badge.js';
import { captureAtGate, type CaptureDeps } from './capture.js';
import { parseCapturedAt } from './captured-at.js';
import {
  cellOf,
  locateColumns,
  readCsvTable,
  type Column,
  type CsvRow,
  type ImportError,
} from '../shared/csv-table.js';
import { parseWorkerLimosa, parseWorkerNiss, ROSTER_COLUMNS } from './roster-import.js';

/** One line of an import, ready to be captured. */
export interface CaptureLine {
  /** The line of the file it was read on. */
  readonly line: number;
  /** Who was present, as {@link captureAtGate} reads it: a NISS, `L1 …` for a Limosa-1 number, or a badge. */
  readonly raw: string;
  /** The worker's employer, when the line gives it. */
  readonly employer?: EnterpriseNumber;
  readonly capturedAt: Date;
  /** The source system's own id of the line, when it gives one: unique in a file. */
  readonly reference?: string;
  /** `import:` and 40 hex digits: the same line imported again is the same capture. */
  readonly clientReference: string;
}

/** An import file read: the lines to capture and the errors of the lines left out. */
export interface CaptureCsv {
  readonly lines: CaptureLine[];
  readonly errors: ImportError[];
  /**
   * True when the file itself cannot be read (empty, or no column that says who was present): then no line is
   * read at all, and `errors` says why.
   */
  readonly unreadable: boolean;
}

/**
 * The headings an import's columns may have, in English, French and Dutch. `worker` takes whatever identifies
 * (a NISS, `L1 …`, a badge); `niss`, `limosa` and `badge` take only their kind of number.
 */
export const CAPTURE_COLUMNS = {
  worker: [
    'worker',
    'travailleur',
    'werknemer',
    'person',
    'personne',
    'persoon',
    'identifier',
    'identifiant',
  ],
  niss: ROSTER_COLUMNS.niss,
  limosa: ROSTER_COLUMNS.limosa,
  badge: ROSTER_COLUMNS.badge,
  employer: ROSTER_COLUMNS.employer,
  capturedAt: [
    'capturedAt',
    'captured at',
    'timestamp',
    'date time',
    'datetime',
    'moment',
    'datum tijd',
    'tijdstip',
  ],
  day: ['date', 'day', 'jour', 'datum', 'dag'],
  time: ['time', 'hour', 'heure', 'tijd', 'uur'],
  reference: ['reference', 'ref', 'id', 'line id', 'référence', 'referentie', 'kenmerk'],
} as const;

type CaptureField = keyof typeof CAPTURE_COLUMNS;
type CaptureColumns = Partial<Record<CaptureField, Column>>;

/** The columns that say who was present: on each line, exactly one of them is filled. */
const IDENTITY_FIELDS = ['worker', 'niss', 'limosa', 'badge'] as const satisfies readonly CaptureField[];

/** The longest reference of the source system kept. */
export const MAX_REFERENCE_LENGTH = 200;

/**
 * Parses an import of who was present (a planning or ERP export, a track-and-trace listing): a CSV with a header
 * row, read as {@link readCsvTable} says. Columns, named in English, French or Dutch (see
 * {@link CAPTURE_COLUMNS}); others are ignored:
 *
 * - who: `worker` (a NISS, a Limosa-1 number written `L1 …`, or a badge), or `niss`, `limosa` (with or
 *   without `L1`) or `badge` columns; exactly one filled on each line;
 * - `employer`, optional: the worker's enterprise number, when not the agent's own;
 * - `capturedAt`, optional: when the worker was seen (see {@link parseCapturedAt}), or a `date` and a `time`
 *   column (the time optional); blank is `now`;
 * - `reference`, optional: the source system's own id of the line.
 *
 * Each line gets a `clientReference` of its own, `import:` and the first 40 hex digits of a SHA-256 of the
 * line's reference when it has one, else of what the line says (who, the employer, and when — or, with no time,
 * the day of `now`): importing a file twice, or a line twice, journals each presence once.
 *
 * A line that is wrong is an error at its line and left out; the others are kept: they are facts. So is a line
 * whose reference an earlier line has (the source system names each line once).
 */
export function parseCaptureCsv(text: string, now: Date): CaptureCsv {
  const read = readCsvTable(text);
  if (read.table === undefined) return { lines: [], errors: read.errors, unreadable: true };
  const table = read.table;
  const located = locateColumns(table, CAPTURE_COLUMNS);
  const columns = located.columns;
  if (IDENTITY_FIELDS.every((field) => columns[field] === undefined)) {
    const missing: ImportError = {
      line: table.headerLine,
      error: domainError(
        'FIELD_REQUIRED',
        'The file has no column that says who was present: name one worker (a national number, L1 … or a ' +
          'badge), niss, limosa or badge.',
      ),
    };
    return { lines: [], errors: [...located.errors, missing], unreadable: true };
  }
  if (located.errors.length > 0) return { lines: [], errors: located.errors, unreadable: true };

  const errors = [...read.errors];
  const lines: CaptureLine[] = [];
  const referenceLines = new Map<string, number>();
  for (const row of table.rows) {
    const line = parseCaptureRow(row, columns, now);
    if (!line.ok) {
      errors.push(...line.error);
      continue;
    }
    const { reference } = line.value;
    const first = reference === undefined ? undefined : referenceLines.get(reference);
    if (reference !== undefined && first !== undefined) {
      errors.push({
        line: row.line,
        ...(columns.reference === undefined ? {} : { column: columns.reference.heading }),
        error: domainError(
          'FIELD_VALUE',
          `The reference ${reference} is on lines ${first} and ${row.line}: a reference names one line.`,
        ),
      });
      continue;
    }
    if (reference !== undefined) referenceLines.set(reference, row.line);
    lines.push(line.value);
  }
  return { lines, errors: errors.sort((a, b) => a.line - b.line), unreadable: false };
}

function parseCaptureRow(
  row: CsvRow,
  columns: CaptureColumns,
  now: Date,
): Result<CaptureLine, ImportError[]> {
  const errors: ImportError[] = [];
  const take = <T>(result: Result<T, DomainError>, column: Column | undefined): T | undefined => {
    if (result.ok) return result.value;
    errors.push({
      line: row.line,
      ...(column === undefined ? {} : { column: column.heading }),
      error: result.error,
    });
    return undefined;
  };
  const who = identityOf(row, columns);
  const identity = take(who.identity, who.column);
  const employerText = cellOf(row, columns.employer);
  const employer =
    employerText === '' ? undefined : take(parseEnterpriseNumber(employerText), columns.employer);
  const when = whenOf(row, columns);
  const capturedAt = when.text === '' ? now : take(parseCapturedAt(when.text, now), when.column);
  const referenceText = cellOf(row, columns.reference);
  const reference =
    referenceText === ''
      ? undefined
      : take(parseBoundedText(referenceText, 'The reference', MAX_REFERENCE_LENGTH), columns.reference);
  if (when.text === '' && cellOf(row, columns.time) !== '') {
    errors.push({
      line: row.line,
      ...(columns.time === undefined ? {} : { column: columns.time.heading }),
      error: domainError('FIELD_REQUIRED', 'A time needs its day: the day of this line is blank.'),
    });
  }
  if (errors.length > 0 || identity === undefined || capturedAt === undefined) return err(errors);

  const seen = when.text === '' ? `day:${brusselsDate(now)}` : capturedAt.toISOString();
  const basis =
    reference === undefined
      ? `line\n${identity.key}\n${employer ?? ''}\n${seen}`
      : // A source system's line ids may start again each day: the day is part of the line's identity.
        `reference\n${reference}\n${brusselsDate(capturedAt)}`;
  return ok({
    line: row.line,
    raw: identity.raw,
    capturedAt,
    clientReference: `import:${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`,
    ...(employer === undefined ? {} : { employer }),
    ...(reference === undefined ? {} : { reference }),
  });
}

/**
 * When a line says the worker was seen, as written: its `capturedAt` cell, else its day and time cells joined
 * (a spreadsheet often keeps them apart); blank when it says nothing.
 */
function whenOf(row: CsvRow, columns: CaptureColumns): { readonly text: string; readonly column?: Column } {
  const capturedAt = cellOf(row, columns.capturedAt);
  if (capturedAt !== '')
    return { text: capturedAt, ...(columns.capturedAt && { column: columns.capturedAt }) };
  const day = cellOf(row, columns.day);
  if (day === '') return { text: '' };
  const time = cellOf(row, columns.time);
  return { text: time === '' ? day : `${day} ${time}`, ...(columns.day && { column: columns.day }) };
}

/** Who a line says was present: what to capture, and a key that is the same however the number was written. */
interface Identity {
  readonly raw: string;
  readonly key: string;
}

function identityOf(
  row: CsvRow,
  columns: CaptureColumns,
): { readonly identity: Result<Identity, DomainError>; readonly column?: Column } {
  const filled = IDENTITY_FIELDS.flatMap((field) => {
    const column = columns[field];
    const text = cellOf(row, column);
    return column === undefined || text === '' ? [] : [{ field, column, text }];
  });
  const [first, second] = filled;
  if (first === undefined) {
    return {
      identity: err(
        domainError(
          'WORKER_IDENTIFIER_MISSING',
          'The line does not say who was present: its number is blank.',
        ),
      ),
    };
  }
  if (second !== undefined) {
    return {
      identity: err(
        domainError(
          'WORKER_IDENTIFIER_AMBIGUOUS',
          `The line gives both ${first.column.heading} and ${second.column.heading}: give one.`,
        ),
      ),
    };
  }
  return { identity: identityIn(first.field, first.text), column: first.column };
}

function identityIn(field: (typeof IDENTITY_FIELDS)[number], text: string): Result<Identity, DomainError> {
  switch (field) {
    case 'niss': {
      const niss = parseWorkerNiss(text);
      return niss.ok ? ok({ raw: niss.value, key: `NISS:${niss.value}` }) : niss;
    }
    case 'limosa': {
      const limosa = parseWorkerLimosa(text);
      return limosa.ok ? ok({ raw: `L1 ${limosa.value}`, key: `LIMOSA:${limosa.value}` }) : limosa;
    }
    case 'badge': {
      const badge = canonicalBadge(text, 'auto');
      return badge.ok ? readIdentity(text) : badge;
    }
    case 'worker':
      return readIdentity(text);
  }
}

/** What the gate would read: a worker by number, or a badge by every card it may stand for. */
function readIdentity(text: string): Result<Identity, DomainError> {
  const read = readCapture(text);
  switch (read.kind) {
    case 'worker': {
      const key = workerKey(read.worker);
      return ok({ raw: read.raw, key: `${key.kind}:${key.id}` });
    }
    case 'badge':
      return ok({ raw: read.raw, key: `BADGE:${read.candidates.join('/')}` });
    case 'invalid':
      return err(read.error);
  }
}

/** What became of an import: how many lines were journaled, found journaled before, or refused. */
export interface ImportSummary {
  /** Journaled now, with a worker. */
  readonly imported: number;
  /** Journaled now, with a badge the roster does not know: kept unresolved, with its raw value. */
  readonly unknownBadges: number;
  /** Journaled before (the same clientReference): nothing was written. */
  readonly alreadyJournaled: number;
  /** Lines the journal would not take, with why (the lines the parser refused are not counted here). */
  readonly refused: readonly ImportError[];
}

/** How many captures of a day are read to know which lines were journaled before; far more than a site has. */
const MAX_CAPTURES_OF_A_DAY = 1_000_000;

/**
 * Captures the lines of an import, one by one, with source `IMPORT`, each at its own `capturedAt` and with its
 * own `clientReference`, so that a line journaled before is not journaled again (and counted as such).
 * `employer` is the employer of the lines that do not give one (else the roster's, else the agent's).
 */
export async function importCaptures(
  deps: CaptureDeps,
  settings: Pick<AgentSettings, 'workplaceId' | 'employer'>,
  lines: readonly CaptureLine[],
  options: { readonly employer?: EnterpriseNumber } = {},
): Promise<ImportSummary> {
  const known = await journaledReferences(deps, lines);
  let imported = 0;
  let unknownBadges = 0;
  let alreadyJournaled = 0;
  const refused: ImportError[] = [];
  for (const line of lines) {
    const employer = line.employer ?? options.employer;
    const captured = await captureAtGate(deps, settings, {
      raw: line.raw,
      source: 'IMPORT',
      capturedAt: line.capturedAt,
      clientReference: line.clientReference,
      ...(employer === undefined ? {} : { employer }),
    });
    if (!captured.ok) {
      refused.push({ line: line.line, error: captured.error });
      continue;
    }
    const capture = captured.value;
    // A reference journaled on another day than this line's is a capture of before, too.
    if (known.has(line.clientReference) || capture.day !== brusselsDate(line.capturedAt)) alreadyJournaled++;
    else if (capture.worker === undefined) unknownBadges++;
    else imported++;
    known.add(line.clientReference);
  }
  return { imported, unknownBadges, alreadyJournaled, refused };
}

/** The clientReferences journaled on the days the lines are on, before the import. */
async function journaledReferences(deps: CaptureDeps, lines: readonly CaptureLine[]): Promise<Set<string>> {
  const days = new Set<CalendarDate>(lines.map((line) => brusselsDate(line.capturedAt)));
  const known = new Set<string>();
  for (const day of days)
    for (const capture of await deps.journal.captures({ day }, MAX_CAPTURES_OF_A_DAY))
      known.add(capture.clientReference);
  return known;
}
