import { parse } from 'csv-parse/sync';
import { domainError, type DomainError } from '../domain/errors.js';

/**
 * What is wrong in an imported file, and where: the line (counted from 1 as an editor counts them, the header
 * included) and, when the error is about one cell, the column's heading as the file writes it.
 */
export interface ImportError {
  readonly line: number;
  readonly column?: string;
  readonly error: DomainError;
}

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

/** Orders import errors by their line. */
export function byLine(a: ImportError, b: ImportError): number {
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
