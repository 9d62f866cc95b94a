import { parseCalendarDate } from './calendar-date.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import { domainError, type DomainError } from './errors.js';
import { FieldErrors } from './field-errors.js';
import { parseLimosaId, type LimosaId } from './limosa-id.js';
import { parseNiss, type Niss } from './niss.js';
import { err, ok, type Result } from './result.js';
import type { DeclaredPeriod } from './validation.js';

/**
 * The two reference registers a registration is checked against, as an administrator loads them:
 *
 * - **employment declarations** — an employer employs a worker from a day, to a day or open-ended (the role the
 *   social security's Dimona plays);
 * - **Limosa declarations** — a worker posted from abroad is declared under a Limosa-1 number from a day to a
 *   day (the social security's Limosa).
 */
export const REGISTERS = ['employment', 'limosa'] as const;
export type RegisterKind = (typeof REGISTERS)[number];

/** An employer employs a worker over a period. */
export interface EmploymentDeclaration extends DeclaredPeriod {
  readonly employer: EnterpriseNumber;
  readonly worker: Niss;
}

/** A worker posted to Belgium is declared under a Limosa-1 number over a period. */
export interface LimosaDeclaration extends DeclaredPeriod {
  readonly limosaId: LimosaId;
  readonly worker: Niss;
}

/** A declaration of either register. */
export type Declaration =
  | ({ readonly register: 'employment' } & EmploymentDeclaration)
  | ({ readonly register: 'limosa' } & LimosaDeclaration);

/** One line of a register as it arrives (a CSV row's cells, a JSON object's fields): texts, perhaps blank. */
export interface DeclarationInput {
  readonly employer?: string | undefined;
  readonly limosaId?: string | undefined;
  readonly worker?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** The fields of a line of each register, in the order a CSV file writes them. */
export const REGISTER_FIELDS: Readonly<Record<RegisterKind, readonly (keyof DeclarationInput)[]>> = {
  employment: ['employer', 'worker', 'from', 'to'],
  limosa: ['limosaId', 'worker', 'from', 'to'],
};

/**
 * Parses one line of a register, naming every field that breaks a rule: the employer's enterprise number (or the
 * Limosa-1 number), the worker's national or BIS number, the first day, and the last day (blank: open-ended; not
 * before the first).
 */
export function parseDeclaration(
  register: RegisterKind,
  input: DeclarationInput,
): Result<Declaration, DomainError[]> {
  const fields = new FieldErrors();
  const worker = fields.take(required(input.worker, 'worker', parseWorkerNumber), 'worker');
  const from = fields.take(required(input.from, 'from', parseCalendarDate), 'from');
  const to = blank(input.to) ? undefined : fields.take(parseCalendarDate(input.to ?? ''), 'to');
  if (from !== undefined && to !== undefined && to < from) {
    fields.add(domainError('DATE_RANGE_INVALID', '"to" is before "from".', 'to'));
  }
  const period = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  if (register === 'employment') {
    const employer = fields.take(required(input.employer, 'employer', parseEnterpriseNumber), 'employer');
    if (fields.any() || employer === undefined || worker === undefined || from === undefined)
      return err(fields.list);
    return ok({ register, employer, worker, from, ...period });
  }
  const limosaId = fields.take(required(input.limosaId, 'limosaId', parseLimosaId), 'limosaId');
  if (fields.any() || limosaId === undefined || worker === undefined || from === undefined)
    return err(fields.list);
  return ok({ register, limosaId, worker, from, ...period });
}

function blank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

function required<T>(
  value: string | undefined,
  name: string,
  parse: (raw: string) => Result<T, DomainError>,
): Result<T, DomainError> {
  return blank(value) ? err(domainError('FIELD_REQUIRED', `Give the ${name}.`)) : parse((value ?? '').trim());
}

function parseWorkerNumber(raw: string): Result<Niss, DomainError> {
  const niss = parseNiss(raw);
  return niss.ok ? ok(niss.value.value) : niss;
}

/**
 * What identifies a declaration in its register: a line loaded again with the same key replaces the one before
 * (a declaration whose end was set or moved). An employment declaration is its employer, worker and first day; a
 * Limosa declaration is its Limosa-1 number.
 */
export function declarationKey(declaration: Declaration): string {
  return declaration.register === 'employment'
    ? `${declaration.employer}|${declaration.worker}|${declaration.from}`
    : declaration.limosaId;
}
