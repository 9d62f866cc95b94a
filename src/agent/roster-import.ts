import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { parseLimosaId, type LimosaId } from '../domain/limosa-id.js';
import { parseNiss, type Niss } from '../domain/niss.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseName } from '../domain/roster.js';
import { isDigits, stripSeparators } from '../domain/typed-input.js';
import { formatWorker, workerKey, type Worker } from '../domain/worker.js';
import { canonicalBadge, type BadgeId } from './badge.js';
import {
  byLine,
  cellOf,
  locateColumns,
  readCsvTable,
  type Column,
  type ColumnAliases,
  type CsvRow,
  type ImportError,
} from '../shared/csv-table.js';
import type { RosterEntry } from './roster-store.js';

/** An error of a roster file. */
export type RosterImportError = ImportError;

/** The headings a roster's columns may have, in English, French and Dutch. */
export const ROSTER_COLUMNS = {
  niss: [
    'niss',
    'insz',
    'inss',
    'rrn',
    'nrn',
    'national number',
    'national register number',
    'numéro national',
    'n° national',
    'numéro de registre national',
    'rijksregisternummer',
  ],
  limosa: ['limosa', 'limosaId', 'limosa id', 'limosa-1', 'L1'],
  lastName: [
    'lastName',
    'last name',
    'surname',
    'family name',
    'nom',
    'nom de famille',
    'naam',
    'achternaam',
    'familienaam',
  ],
  firstName: ['firstName', 'first name', 'given name', 'prénom', 'voornaam'],
  badge: [
    'badge',
    'badge id',
    'badge number',
    'card',
    'card number',
    'carte',
    'numéro de badge',
    'badgenummer',
    'kaart',
    'kaartnummer',
  ],
  employer: [
    'employer',
    'employeur',
    'werkgever',
    'enterprise number',
    "numéro d'entreprise",
    'ondernemingsnummer',
    'kbo',
    'bce',
  ],
} as const satisfies ColumnAliases<string>;

type RosterField = keyof typeof ROSTER_COLUMNS;

/**
 * Parses a roster file, a CSV with a header row (see {@link readCsvTable}), into the entries the agent resolves
 * badges with. Columns, in any order, named in English, French or Dutch (see {@link ROSTER_COLUMNS}); others
 * are ignored:
 *
 * - `niss` (insz, rrn, national number, …) and/or `limosa` (limosaId, L1): exactly one of them on each line;
 * - `lastName` (nom, naam, …) and `firstName` (prénom, voornaam, …);
 * - `badge`, optional: a card number as any reader writes it, hex or decimal, kept canonical
 *   ({@link canonicalBadge} in `auto`);
 * - `employer`, optional: the enterprise number of a subcontractor's worker.
 *
 * Every line is checked and every error is returned, or none is and all entries are: a roster is replaced as a
 * whole or not at all. A worker or a card on two lines is an error naming both.
 *
 * @example parseRosterCsv('INSZ;Naam;Voornaam;Badge\n85.07.30-033.28;Peeters;An;04:A2:2B:1C\n')
 *   // ok: [{ worker: { niss: '85073003328' }, lastName: 'Peeters', firstName: 'An', badge: '77736732' }]
 */
export function parseRosterCsv(text: string): Result<RosterEntry[], RosterImportError[]> {
  const read = readCsvTable(text);
  if (read.table === undefined) return err(read.errors);
  const table = read.table;
  const located = locateColumns(table, ROSTER_COLUMNS);
  const columns = located.columns;
  const headerErrors = [...located.errors, ...missingColumns(columns, table.headerLine)];
  if (headerErrors.length > 0) return err([...headerErrors, ...read.errors].sort(byLine));
  if (table.rows.length === 0 && read.errors.length === 0) {
    return err([
      {
        line: table.headerLine,
        error: domainError(
          'FIELD_REQUIRED',
          'The file has no worker below its header: a roster is replaced as a whole, and never by an empty one.',
        ),
      },
    ]);
  }

  const errors = [...read.errors];
  const entries: RosterEntry[] = [];
  const workerLines = new Map<string, number>();
  const badgeLines = new Map<BadgeId, number>();
  for (const row of table.rows) {
    const entry = parseRosterRow(row, columns, errors);
    if (entry === undefined) continue;
    const key = workerKey(entry.worker);
    const workerLine = workerLines.get(`${key.kind}:${key.id}`);
    if (workerLine === undefined) workerLines.set(`${key.kind}:${key.id}`, row.line);
    else {
      errors.push({
        line: row.line,
        ...headingOf(key.kind === 'NISS' ? columns.niss : columns.limosa),
        error: domainError(
          'ROSTER_DUPLICATE_WORKER',
          `The worker ${formatWorker(entry.worker)} is on lines ${workerLine} and ${row.line}: one line per worker.`,
        ),
      });
    }
    if (entry.badge === undefined) {
      entries.push(entry);
      continue;
    }
    const badgeLine = badgeLines.get(entry.badge);
    if (badgeLine === undefined) badgeLines.set(entry.badge, row.line);
    else {
      errors.push({
        line: row.line,
        ...headingOf(columns.badge),
        error: domainError(
          'FIELD_VALUE',
          `The badge ${cellOf(row, columns.badge)} is card ${entry.badge}, which is on lines ${badgeLine} and ` +
            `${row.line} (hexadecimal and decimal are two ways to write one card): one card, one worker.`,
        ),
      });
    }
    entries.push(entry);
  }
  return errors.length > 0 ? err(errors.sort(byLine)) : ok(entries);
}

/** The columns a roster cannot do without: a number, a last name and a first name. */
function missingColumns(columns: Partial<Record<RosterField, Column>>, line: number): ImportError[] {
  const missing = (message: string): ImportError => ({ line, error: domainError('FIELD_REQUIRED', message) });
  const errors: ImportError[] = [];
  if (columns.niss === undefined && columns.limosa === undefined)
    errors.push(
      missing(
        "The file has no column for the workers' numbers: name one niss (or INSZ, RRN, national number) or " +
          'limosa (or L1), or both.',
      ),
    );
  if (columns.lastName === undefined)
    errors.push(missing('The file has no column for the last names: name one lastName (or nom, naam).'));
  if (columns.firstName === undefined)
    errors.push(
      missing('The file has no column for the first names: name one firstName (or prénom, voornaam).'),
    );
  return errors;
}

/** One line of a roster, or undefined after recording each of its errors. */
function parseRosterRow(
  row: CsvRow,
  columns: Partial<Record<RosterField, Column>>,
  errors: ImportError[],
): RosterEntry | undefined {
  const before = errors.length;
  const take = <T>(result: Result<T, DomainError>, column: Column | undefined): T | undefined => {
    if (result.ok) return result.value;
    errors.push({ line: row.line, ...headingOf(column), error: result.error });
    return undefined;
  };
  const read = rosterWorker(row, columns);
  const worker = take(read.worker, read.column);
  const lastName = take(parseName(cellOf(row, columns.lastName), 'The last name'), columns.lastName);
  const firstName = take(parseName(cellOf(row, columns.firstName), 'The first name'), columns.firstName);
  const badgeText = cellOf(row, columns.badge);
  const badge = badgeText === '' ? undefined : take(canonicalBadge(badgeText, 'auto'), columns.badge);
  const employerText = cellOf(row, columns.employer);
  const employer: EnterpriseNumber | undefined =
    employerText === '' ? undefined : take(parseEnterpriseNumber(employerText), columns.employer);
  if (errors.length > before || worker === undefined || lastName === undefined || firstName === undefined)
    return undefined;
  return {
    worker,
    lastName,
    firstName,
    ...(badge === undefined ? {} : { badge }),
    ...(employer === undefined ? {} : { employer }),
  };
}

/**
 * The worker of a roster line: its national number or its Limosa-1 number, exactly one, with the column an
 * error of the number is in (none when the line gives neither number, or both).
 */
function rosterWorker(
  row: CsvRow,
  columns: Partial<Record<RosterField, Column>>,
): { readonly worker: Result<Worker, DomainError>; readonly column?: Column } {
  const niss = cellOf(row, columns.niss);
  const limosa = cellOf(row, columns.limosa);
  if (niss !== '' && limosa !== '') {
    const message =
      `Give either a national number (${columns.niss?.heading ?? 'niss'}) or a Limosa-1 number ` +
      `(${columns.limosa?.heading ?? 'limosa'}) on a line, not both.`;
    return { worker: err(domainError('WORKER_IDENTIFIER_AMBIGUOUS', message)) };
  }
  if (niss !== '') {
    const parsed = parseWorkerNiss(niss);
    return {
      worker: parsed.ok ? ok({ niss: parsed.value }) : parsed,
      ...(columns.niss && { column: columns.niss }),
    };
  }
  if (limosa !== '') {
    const parsed = parseWorkerLimosa(limosa);
    return {
      worker: parsed.ok ? ok({ limosaId: parsed.value }) : parsed,
      ...(columns.limosa && { column: columns.limosa }),
    };
  }
  const message = 'The line gives neither a national number nor a Limosa-1 number.';
  return { worker: err(domainError('WORKER_IDENTIFIER_MISSING', message)) };
}

/** `L1 `, `L1-`, `limosa:` before a Limosa-1 number, as people write it. */
const LIMOSA_PREFIX = /^(?:l1|limosa)\s*[-:]?\s*/iu;

/** A Limosa-1 number from a cell, with or without its `L1` prefix. */
export function parseWorkerLimosa(text: string): Result<LimosaId, DomainError> {
  return parseLimosaId(text.replace(LIMOSA_PREFIX, ''));
}

/**
 * A national or BIS number from a spreadsheet cell. A spreadsheet that took the column for numbers drops the
 * leading 0 of the people born in 2000–2009: the error says so rather than guess the missing digit.
 */
export function parseWorkerNiss(text: string): Result<Niss, DomainError> {
  const parsed = parseNiss(text);
  if (parsed.ok) return ok(parsed.value.value);
  const digits = stripSeparators(text);
  if (parsed.error.code !== 'NISS_LENGTH' || !isDigits(digits) || digits.length !== 10) return parsed;
  return err(
    domainError(
      'NISS_LENGTH',
      `${parsed.error.message} A spreadsheet drops the leading 0 of a number unless its column is formatted as text.`,
    ),
  );
}

function headingOf(column: Column | undefined): { column?: string } {
  return column === undefined ? {} : { column: column.heading };
}
