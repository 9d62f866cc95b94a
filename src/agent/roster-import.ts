import { parse } from 'csv-parse/sync';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { parseLimosaId, type LimosaId } from '../domain/limosa-id.js';
import { parseNiss, type Niss } from '../domain/niss.js';
import { err, ok, type Result } from '../domain/result.js';
import { parseName } from '../domain/roster.js';
import { isDigits, stripSeparators } from '../domain/typed-input.js';
import { formatWorker, workerKey, type Worker } from '../domain/worker.js';
import { canonicalBadge, type BadgeId } from './badge.js';
import type { RosterEntry } from './roster-store.js';

/**
 * What is wrong in an imported file, and where: the line (counted from 1 as an editor counts them, the header
 * included) and, when the error is about one cell, the column's heading as the file writes it.
 */
export interface ImportError {
  readonly line: number;
  readonly column?: string;
  readonly error: DomainError;
}

/** An error of a roster file. */
export type RosterImportError = ImportError;

/** An import error as the command line prints it: `line 4, column INSZ: NISS_CHECK_DIGITS The check digits …`. */
export function formatImportError(error: ImportError): string {
  const column = error.column === undefined ? '' : `, column ${error.column}`;
  return `line ${error.line}${column}: ${error.error.code} ${error.error.message}`;
}

/** A line of a CSV file below its header: its cells, and the line of the file it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** A CSV file read into cells: the header's headings and the lines below it that hold anything. */
export interface CsvTable {
  readonly headerLine: number;
  readonly headings: readonly string[];
  readonly rows: readonly CsvRow[];
}

/**
 * Reads CSV text into a header and rows, the way spreadsheets write it:
 *
 * - separated by commas or by semicolons (what Excel writes in Belgium), told apart by the header line, or as
 *   an Excel `sep=;` first line says;
 * - a byte-order mark at the start is ignored; quoted cells may hold separators, quotes (doubled) and line
 *   breaks (each read as LF); a quote inside an unquoted cell is kept as it is;
 * - lines with nothing but blank cells (the `;;;` Excel leaves below a table) are skipped;
 * - a line that cannot be read (a quote never closed) or that has more non-blank cells than the header has
 *   headings is an error at its line, and is left out; fewer cells than headings are blank cells.
 *
 * No table at all, when the file holds no header.
 */
export function readCsvTable(text: string): { readonly table?: CsvTable; readonly errors: ImportError[] } {
  const errors: ImportError[] = [];
  // One kind of line break: the parser counts a CRLF inside quotes as two lines.
  let body = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r\n?/gu, '\n');
  const firstLineEnd = body.search(/\n|$/u);
  const sep = /^"?sep=(.)"?\s*$/iu.exec(body.slice(0, firstLineEnd))?.[1];
  // The `sep=` line is blanked rather than cut, so that the line numbers stay those of the file.
  if (sep !== undefined) body = body.slice(firstLineEnd);
  const delimiter = sep ?? delimiterOf(body);

  const records: CsvRow[] = [];
  let lastLine = 0;
  parse(body, {
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_record: (record: string[], context) => {
      records.push({ line: lastLine + 1, cells: record });
      lastLine = context.lines;
      return null;
    },
    on_skip: (error) => {
      const end = typeof error?.lines === 'number' ? error.lines : lastLine + 1;
      // The parser may report one broken line twice.
      if (error === undefined || end <= lastLine) return undefined;
      const message =
        error.code === 'CSV_QUOTE_NOT_CLOSED'
          ? `A quote opened on this line is never closed: the file is not read from here on (to line ${end}).`
          : `This line is not CSV that can be read: ${error.message}.`;
      errors.push({ line: lastLine + 1, error: domainError('FIELD_FORMAT', message) });
      lastLine = end;
      return undefined;
    },
  });

  const filled = records.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const [header, ...rest] = filled;
  if (header === undefined) {
    errors.push({
      line: 1,
      error: domainError(
        'FIELD_REQUIRED',
        'The file is empty: it needs a header row that names its columns.',
      ),
    });
    return { errors };
  }
  const headings = header.cells.map((cell) => cell.trim());
  const rows: CsvRow[] = [];
  for (const row of rest) {
    const extra = row.cells.slice(headings.length).filter((cell) => cell.trim() !== '').length;
    if (extra === 0) {
      rows.push(row);
      continue;
    }
    errors.push({
      line: row.line,
      error: domainError(
        'FIELD_FORMAT',
        `This line has ${row.cells.length} cells but the header names ${headings.length} columns: a separator ` +
          `("${delimiter}") inside a value must be quoted.`,
      ),
    });
  }
  return { table: { headerLine: header.line, headings, rows }, errors: errors.sort(byLine) };
}

/** The separator of a file: the one its header line (the first that is not blank) holds most of. */
function delimiterOf(body: string): ',' | ';' {
  const header = body.split('\n').find((line) => line.trim() !== '') ?? '';
  const count = (char: string): number => header.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function byLine(a: ImportError, b: ImportError): number {
  return a.line - b.line;
}

/** Where a field is in a file: the index of its column and the heading the file gives it. */
export interface Column {
  readonly index: number;
  readonly heading: string;
}

/**
 * For each field an import understands, the headings that name it. Headings are compared without case,
 * accents, spaces or punctuation: `Prénom`, `prenom` and `PRE-NOM` are one heading.
 */
export type ColumnAliases<F extends string> = Readonly<Record<F, readonly string[]>>;

/** A heading reduced to what tells it apart: `Prénom ` and `pre_nom` are both `prenom`. */
export function headingKey(heading: string): string {
  return heading
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/gu, '');
}

/**
 * Finds the columns of the fields an import understands; other columns are ignored. Two columns for one field
 * (`niss` and `INSZ`) are an error at the header's line.
 */
export function locateColumns<F extends string>(
  table: CsvTable,
  aliases: ColumnAliases<F>,
): { readonly columns: Partial<Record<F, Column>>; readonly errors: ImportError[] } {
  const fieldOf = new Map<string, F>();
  for (const field of Object.keys(aliases) as F[])
    for (const alias of aliases[field]) fieldOf.set(headingKey(alias), field);
  const columns: Partial<Record<F, Column>> = {};
  const errors: ImportError[] = [];
  table.headings.forEach((heading, index) => {
    const field = fieldOf.get(headingKey(heading));
    if (field === undefined) return;
    const first = columns[field];
    if (first === undefined) {
      columns[field] = { index, heading };
      return;
    }
    errors.push({
      line: table.headerLine,
      column: heading,
      error: domainError(
        'FIELD_VALUE',
        `The columns "${first.heading}" and "${heading}" are the same column (${field}): keep one.`,
      ),
    });
  });
  return { columns, errors };
}

/** The text of a row's cell in a column, trimmed; blank when the file has no such column or the line no such cell. */
export function cellOf(row: CsvRow, column: Column | undefined): string {
  return column === undefined ? '' : (row.cells[column.index] ?? '').trim();
}

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
