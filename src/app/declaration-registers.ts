import {
  declarationKey,
  parseDeclaration,
  REGISTERS,
  type Declaration,
  type RegisterKind,
} from '../domain/declarations.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import type { LoadCounts, LoadMode, RegisterState } from '../store/declaration-repository.js';
import type { AppDeps } from './app-deps.js';
import {
  DECLARATION_FORMATS,
  readDeclarationFile,
  type DeclarationFormat,
  type DeclarationLine,
  type RefusedLine,
} from './declaration-file.js';
import { failAll, type Failure } from './failure.js';

/** How a load treats the register's other lines: `merge` keeps them (the default), `replace` removes them. */
export const LOAD_MODES = ['merge', 'replace'] as const satisfies readonly LoadMode[];

/** The most refused lines a report lists (it counts them all). */
export const MOST_REFUSED_LISTED = 1_000;

/** The most lines one load takes: a larger file is loaded in parts (each a `merge`). */
export const MOST_LINES = 500_000;

/** A register's file to load, as an administrator gives it (the command line, the API). */
export interface LoadInput {
  /** `employment` or `limosa`. */
  readonly register: string;
  readonly format: string;
  /** CSV: the file's text. JSON: the file's text, or the value already parsed. */
  readonly content: unknown;
  /** `merge` (the default) or `replace`. */
  readonly mode?: string | undefined;
}

/** What a load did with a register's file, line by line. */
export interface LoadReport extends LoadCounts {
  readonly register: RegisterKind;
  readonly mode: LoadMode;
  readonly format: DeclarationFormat;
  /** The declarations the file holds (CSV: its lines below the header that hold anything). */
  readonly linesRead: number;
  /** The declarations loaded: 0 when the load was refused. */
  readonly loaded: number;
  /** The lines refused (`linesRead - loaded` once loaded). */
  readonly refusedLines: number;
  /** Why each line was refused, a line refused for two reasons twice (the first {@link MOST_REFUSED_LISTED}). */
  readonly refused: readonly RefusedLine[];
  /** CSV columns that name no field of the register, which were not read. */
  readonly ignoredColumns: readonly string[];
}

/**
 * Why a load was refused: the rules broken, the main first; and, when the file was read but lines of it are
 * refused (`REGISTER_LINES_REFUSED`), its report — nothing was loaded.
 */
export interface LoadRefusal {
  readonly errors: Failure;
  readonly report?: LoadReport;
}

/**
 * Loads a file of employment or Limosa declarations into its register. Each line is parsed on its own
 * (`parseDeclaration`); a line whose key (`declarationKey`) an earlier line has is refused
 * (`DECLARATION_DUPLICATE`, naming that line).
 *
 * - `merge` (the default): the lines loaded are added, or replace the register's line with the same key; the
 *   register's other lines are kept. Refused lines are reported and the others loaded.
 * - `replace`: the register becomes exactly the file — and only a file without a refused line, so that a typo
 *   never removes a worker's valid declaration: otherwise nothing is loaded (`REGISTER_LINES_REFUSED`, with the
 *   report).
 *
 * A file of which no line can be loaded loads nothing (`REGISTER_LINES_REFUSED`). Refused whole, naming the
 * field: an unknown register, mode or format; a file that is empty or not one of its format, or whose header
 * lacks a column of the register.
 */
export async function loadDeclarations(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  input: LoadInput,
): Promise<Result<LoadReport, LoadRefusal>> {
  const register = oneOf(REGISTERS, input.register, 'register', 'The register');
  const mode = oneOf(LOAD_MODES, input.mode ?? 'merge', 'mode', 'The mode');
  const format = oneOf(DECLARATION_FORMATS, input.format, 'format', 'The format');
  if (!register.ok || !mode.ok || !format.ok)
    return err({ errors: failAll([register, mode, format].flatMap((r) => (r.ok ? [] : [r.error]))).error });

  const file = readDeclarationFile(register.value, format.value, input.content);
  if (!file.ok) return err({ errors: file.error });
  const linesInFile = file.value.lines.length + file.value.refused.length;
  if (linesInFile > MOST_LINES) {
    return err({
      errors: [
        domainError(
          'TOO_MANY_ITEMS',
          `A load takes at most ${MOST_LINES} lines, not ${linesInFile}: split the file, and load the parts with merge.`,
        ),
      ],
    });
  }
  const { declarations, refused, refusedLines: badLines } = parseLines(register.value, file.value.lines);
  const fileRefusedLines = new Set(file.value.refused.map((r) => r.line));
  const allRefused = [...file.value.refused.slice(0, MOST_REFUSED_LISTED), ...refused]
    .sort((a, b) => a.line - b.line)
    .slice(0, MOST_REFUSED_LISTED);
  const refusedLines = fileRefusedLines.size + badLines;
  const report = (loaded: number, counts: LoadCounts): LoadReport => ({
    register: register.value,
    mode: mode.value,
    format: format.value,
    linesRead: declarations.length + refusedLines,
    loaded,
    refusedLines,
    ...counts,
    refused: allRefused.slice(0, MOST_REFUSED_LISTED),
    ignoredColumns: file.value.ignoredColumns,
  });

  if (refusedLines > 0 && (mode.value === 'replace' || declarations.length === 0)) {
    const message =
      declarations.length === 0
        ? `No line of the file can be loaded (${refusedLines} refused): nothing was loaded.`
        : `${refusedLines} line(s) of the file are refused: a replace loads the whole file or nothing, and ` +
          'nothing was loaded. Correct them, or load the good lines with merge.';
    return err({
      errors: [domainError('REGISTER_LINES_REFUSED', message)],
      report: report(0, NOTHING_WRITTEN),
    });
  }
  const counts = await deps.store.declarations.load(
    register.value,
    declarations,
    mode.value,
    deps.clock.now().toISOString(),
  );
  return ok(report(declarations.length, counts));
}

/** Each register's size and last load: a register never loaded is one the checks know nothing of. */
export async function registerStates(deps: Pick<AppDeps, 'store'>): Promise<RegisterState[]> {
  return deps.store.declarations.state();
}

const NOTHING_WRITTEN: LoadCounts = { added: 0, changed: 0, unchanged: 0, removed: 0, presencesToCheck: 0 };

/** The declarations of the lines, each key once, and the lines refused. */
function parseLines(
  register: RegisterKind,
  lines: readonly DeclarationLine[],
): { readonly declarations: Declaration[]; readonly refused: RefusedLine[]; readonly refusedLines: number } {
  const declarations: Declaration[] = [];
  // The first ones only: a file of refused lines costs no more memory than a report shows.
  const refused: RefusedLine[] = [];
  let refusedLines = 0;
  const keep = (line: RefusedLine): void => {
    if (refused.length < MOST_REFUSED_LISTED) refused.push(line);
  };
  const lineOfKey = new Map<string, number>();
  for (const { line, input, columns } of lines) {
    const parsed = parseDeclaration(register, input);
    if (!parsed.ok) {
      refusedLines += 1;
      for (const error of parsed.error) keep(refusedAt(line, error, columns));
      continue;
    }
    const key = declarationKey(parsed.value);
    const first = lineOfKey.get(key);
    if (first === undefined) {
      lineOfKey.set(key, line);
      declarations.push(parsed.value);
      continue;
    }
    const same =
      register === 'employment' ? 'employer, worker and first day' : 'Limosa-1 number (the same declaration)';
    refusedLines += 1;
    keep({
      line,
      code: 'DECLARATION_DUPLICATE',
      message: `Line ${first} has the same ${same}: one line per declaration; this one is not loaded.`,
    });
  }
  return { declarations, refused, refusedLines };
}

/** A field's error on a line, at the column the field came from. */
function refusedAt(
  line: number,
  error: DomainError,
  columns: Readonly<Partial<Record<string, string>>>,
): RefusedLine {
  const column = error.field === undefined ? undefined : (columns[error.field] ?? error.field);
  return {
    line,
    ...(column === undefined ? {} : { column }),
    code: error.code,
    message: error.message,
  };
}

function oneOf<T extends string>(
  values: readonly T[],
  value: string,
  field: string,
  name: string,
): Result<T, DomainError> {
  return (values as readonly string[]).includes(value)
    ? ok(value as T)
    : err(domainError('FIELD_VALUE', `${name} is ${values.join(' or ')}.`, field));
}
