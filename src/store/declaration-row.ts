import type { CalendarDate } from '../domain/calendar-date.js';
import type { EmploymentDeclaration, LimosaDeclaration } from '../domain/declarations.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { LimosaId } from '../domain/limosa-id.js';
import type { Niss } from '../domain/niss.js';

/** A row of a register's table, as both adapters name its columns (days as `YYYY-MM-DD` text). */
export interface DeclarationRow {
  employer?: string;
  limosa_id?: string;
  worker: string;
  from_date: string;
  to_date: string | null;
}

/** Where each register is kept: its table, and the columns of a declaration's key (`declarationKey`). */
export const DECLARATION_TABLES = {
  employment: { table: 'employment_declarations', key: ['employer', 'worker', 'from_date'] },
  limosa: { table: 'limosa_declarations', key: ['limosa_id'] },
} as const;

function period(row: DeclarationRow): { from: CalendarDate; to?: CalendarDate } {
  return {
    from: row.from_date as CalendarDate,
    ...(row.to_date === null ? {} : { to: row.to_date as CalendarDate }),
  };
}

/** The employment declaration a row holds. */
export function employmentOf(row: DeclarationRow): EmploymentDeclaration {
  return { employer: row.employer as EnterpriseNumber, worker: row.worker as Niss, ...period(row) };
}

/** The Limosa declaration a row holds. */
export function limosaOf(row: DeclarationRow): LimosaDeclaration {
  return { limosaId: row.limosa_id as LimosaId, worker: row.worker as Niss, ...period(row) };
}
