import { REGISTER_FIELDS, type DeclarationInput, type RegisterKind } from '../domain/declarations.js';
import { domainError, type DomainError, type ErrorCode } from '../domain/errors.js';
import { ok, type Result } from '../domain/result.js';
import {
  cellOf,
  headingKey,
  locateColumns,
  readCsvTable,
  type Column,
  type ColumnAliases,
  type ImportError,
} from '../shared/csv-table.js';
import { failAll, type Failure } from './failure.js';

/** The formats a register's file comes in. */
export const DECLARATION_FORMATS = ['csv', 'json'] as const;
export type DeclarationFormat = (typeof DECLARATION_FORMATS)[number];

/** A field of a register's line. */
type DeclarationField = keyof DeclarationInput;

/**
 * The headings a register's columns may have, in English, French and Dutch, compared without case, accents,
 * spaces or punctuation (`Numéro BCE` is `numerobce`). A file's other columns are ignored (and reported).
 */
export const DECLARATION_COLUMNS = {
  employer: [
    'employer',
    'employeur',
    'werkgever',
    'KBO',
    'BCE',
    'companyId',
    'enterprise number',
    "numéro d'entreprise",
    'numéro BCE',
    'ondernemingsnummer',
    'KBO-nummer',
  ],
  limosaId: ['limosaId', 'limosa', 'L1', 'limosa-1', 'limosa id'],
  worker: [
    'worker',
    'niss',
    'insz',
    'inss',
    'travailleur',
    'werknemer',
    'national number',
    'numéro national',
    'rijksregisternummer',
  ],
  from: ['from', 'du', 'van', 'start', 'start date', 'date de début', 'begindatum', 'startdatum'],
  to: ['to', 'au', 'tot', 'end', 'end date', 'date de fin', 'einddatum'],
} as const satisfies ColumnAliases<DeclarationField>;

/** A line of a register's file that is refused: where (its line, its column), which rule, and why. */
export interface RefusedLine {
  /**
   * CSV: the line of the file as an editor numbers it (the header is a line); JSON: the declaration's position in
   * its array, from 1.
   */
  readonly line: number;
  /** CSV: the column's heading as the file writes it; JSON: the field's name. */
  readonly column?: string;
  readonly code: ErrorCode;
  readonly message: string;
}

/** A line of a register's file as read: where it is, its fields as text, and where each field came from. */
export interface DeclarationLine {
  readonly line: number;
  readonly input: DeclarationInput;
  /** The column (CSV) or key (JSON) of each field, to name it when the field is refused. */
  readonly columns: Readonly<Partial<Record<DeclarationField, string>>>;
}

/** What a register's file holds: the lines read, and those that could not be read as a declaration at all. */
export interface DeclarationFile {
  readonly lines: readonly DeclarationLine[];
  readonly refused: readonly RefusedLine[];
  /** CSV columns that name no field of the register, as the file writes them. */
  readonly ignoredColumns: readonly string[];
}

/**
 * Reads a register's file into its lines, without judging their values (that is `parseDeclaration`'s work).
 *
 * - CSV: a header row naming the columns ({@link DECLARATION_COLUMNS}, in any order), separated by `;` or `,`
 *   (see {@link readCsvTable}); a line that cannot be read is refused at its line.
 * - JSON: an array of declarations, or `{ "declarations": [...] }`; each is an object of texts (`to` may be
 *   null or left out); an item that is not one, a field that is not text, or a field the register does not have
 *   refuses the item, numbered by its position from 1.
 *
 * The file as a whole is refused — an empty one, text that is not JSON, a header without the register's columns.
 */
export function readDeclarationFile(
  register: RegisterKind,
  format: DeclarationFormat,
  content: unknown,
): Result<DeclarationFile, Failure> {
  return format === 'csv' ? readCsv(register, content) : readJson(register, content);
}

function readCsv(register: RegisterKind, content: unknown): Result<DeclarationFile, Failure> {
  if (typeof content !== 'string') return failAll([domainError('FIELD_TYPE', 'A CSV file is text.')]);
  const read = readCsvTable(content);
  if (read.table === undefined) return failAll(read.errors.map((e) => e.error));
  const table = read.table;
  const fields = REGISTER_FIELDS[register];
  const located = locateColumns(table, columnsOf(register));
  const columns: Partial<Record<DeclarationField, Column>> = located.columns;
  const headerErrors = [
    ...located.errors.map((e) => e.error),
    ...fields
      .filter((field) => field !== 'to' && columns[field] === undefined)
      .map((field) => {
        const [name, ...others] = DECLARATION_COLUMNS[field].slice(0, 5);
        return domainError(
          'FIELD_REQUIRED',
          `The file has no column for ${FIELD_NAMES[field]}: name one ${name ?? field} (or ${others.join(', ')}) ` +
            `in its header (line ${table.headerLine}).`,
          field,
        );
      }),
  ];
  if (headerErrors.length > 0) return failAll(headerErrors);
  if (table.rows.length === 0 && read.errors.length === 0) return failAll([noDeclaration()]);

  const headings: Partial<Record<DeclarationField, string>> = {};
  for (const field of fields) {
    const column = columns[field];
    if (column !== undefined) headings[field] = column.heading;
  }
  const lines = table.rows.map((row): DeclarationLine => ({
    line: row.line,
    input: Object.fromEntries(fields.map((field) => [field, cellOf(row, columns[field])])),
    columns: headings,
  }));
  const used = new Set(Object.values(columns).map((column) => column.index));
  const ignoredColumns = table.headings.filter(
    (heading, index) => !used.has(index) && headingKey(heading) !== '',
  );
  return ok({ lines, refused: read.errors.map(refusedOf), ignoredColumns });
}

function readJson(register: RegisterKind, content: unknown): Result<DeclarationFile, Failure> {
  let value = content;
  if (typeof content === 'string') {
    if (content.trim() === '') return failAll([emptyFile()]);
    try {
      // A byte-order mark, as some Windows editors write one, is not JSON.
      value = JSON.parse(content.replace(/^\uFEFF/u, ''));
    } catch (error) {
      return failAll([domainError('BODY_MALFORMED', `The file is not JSON: ${(error as Error).message}.`)]);
    }
  }
  const items = itemsOf(value);
  if (items === undefined)
    return failAll([
      domainError(
        'FIELD_TYPE',
        'The JSON holds an array of declarations, or an object { "declarations": [ … ] } and nothing else.',
      ),
    ]);
  if (items.length === 0) return failAll([noDeclaration()]);
  const fields: readonly string[] = REGISTER_FIELDS[register];
  const lines: DeclarationLine[] = [];
  const refused: RefusedLine[] = [];
  items.forEach((item, index) => {
    const line = index + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      const fieldList = fields.join(', ');
      refused.push({
        line,
        code: 'FIELD_TYPE',
        message: `Declaration ${line} is not an object with the fields ${fieldList}.`,
      });
      return;
    }
    const input: Record<string, string> = {};
    const columns: Record<string, string> = {};
    const before = refused.length;
    for (const [key, field] of Object.entries(item)) {
      if (!fields.includes(key)) {
        const message = `${key} is not a field of the ${register} register: its fields are ${fields.join(', ')}.`;
        refused.push({ line, column: key, code: 'FIELD_UNKNOWN', message });
      } else if (typeof field === 'string') {
        input[key] = field;
        columns[key] = key;
      } else if (field !== null) {
        const message = `Give ${key} as text, in quotes (a number would lose a leading 0).`;
        refused.push({ line, column: key, code: 'FIELD_TYPE', message });
      }
    }
    if (refused.length === before) lines.push({ line, input, columns });
  });
  return ok({ lines, refused, ignoredColumns: [] });
}

/** The headings of the fields of a register: none for a field it does not have (a Limosa file's employer). */
function columnsOf(register: RegisterKind): ColumnAliases<DeclarationField> {
  const fields = REGISTER_FIELDS[register];
  const only = (field: DeclarationField): readonly string[] =>
    fields.includes(field) ? DECLARATION_COLUMNS[field] : [];
  return {
    employer: only('employer'),
    limosaId: only('limosaId'),
    worker: only('worker'),
    from: only('from'),
    to: only('to'),
  };
}

/** The declarations of a JSON file: its array, or the array of its one field `declarations`. */
function itemsOf(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value !== 'object' || value === null) return undefined;
  const keys = Object.keys(value);
  const declarations = (value as { declarations?: unknown }).declarations;
  return keys.length === 1 && keys[0] === 'declarations' && Array.isArray(declarations)
    ? (declarations as unknown[])
    : undefined;
}

/** How a message names each field of a line. */
const FIELD_NAMES: Readonly<Record<DeclarationField, string>> = {
  employer: "the employer's enterprise number",
  limosaId: 'the Limosa-1 number',
  worker: "the worker's national or BIS number",
  from: 'the first day',
  to: 'the last day',
};

function emptyFile(): DomainError {
  return domainError('FIELD_REQUIRED', 'The file is empty: it needs declarations.');
}

function noDeclaration(): DomainError {
  return domainError(
    'FIELD_REQUIRED',
    'The file holds no declaration: a register is never loaded from an empty file.',
  );
}

function refusedOf(error: ImportError): RefusedLine {
  return {
    line: error.line,
    ...(error.column === undefined ? {} : { column: error.column }),
    code: error.error.code,
    message: error.error.message,
  };
}
