import { addDays, brusselsDate, type CalendarDate } from './calendar-date.js';
import { isInChain, type ContractorChain } from './contractor-chain.js';
import type { EnterpriseNumber } from './enterprise-number.js';
import type { Niss } from './niss.js';
import type { Worker } from './worker.js';
import { isWithinPeriod, type Workplace } from './workplace.js';

/**
 * The remarks a check of a registration can make, in the order of the social security's list (the order is
 * stored: each remark is a bit, its index here, so that a search by remark is one test; never reorder, only
 * append). The official texts are the web-service protocol's business; the pages say them in the user's language.
 *
 * Those this registry has the data to decide are {@link DECIDED_REMARKS}; the others need registers it does not
 * hold (the national register, the enterprises' register, the founders of companies) and never appear.
 */
export const REMARKS = [
  'RELATED_DIMONA_NOT_OK',
  'INSS_NOT_COMPANY_FOUNDER',
  'EMPLOYER_NOT_COMPANY_FOUNDER',
  'COMPANY_DOES_NOT_EXIST',
  'INDEPENDENT_NOT_COMPANY_FOUNDER',
  'LIMOSA_ID_NOT_KNOWN',
  'LIMOSA_ID_NOT_ACTIVE',
  'NISS_BIS_NOT_KNOWN_IN_LIMOSA',
  'NISS_BIS_NOT_ACTIVE_IN_LIMOSA',
  'WORKPLACE_NOT_EXISTING',
  'WORKPLACE_NOT_ACTIVE',
  'EMPLOYER_NOT_IN_WORKPLACE',
  'WORKPLACE_NOT_SUBJECT',
  'SAME_DECLARATION_REGISTERED',
  'NISS_NOT_IN_NATIONAL_REGISTER',
  'EMPLOYER_NOT_ACTIVE',
  'EMPLOYMENT_NOT_ACTIVE',
] as const;

/** A remark of a check. */
export type Remark = (typeof REMARKS)[number];

/** The remarks this registry decides, from what it holds. */
export const DECIDED_REMARKS = [
  'RELATED_DIMONA_NOT_OK',
  'LIMOSA_ID_NOT_KNOWN',
  'LIMOSA_ID_NOT_ACTIVE',
  'NISS_BIS_NOT_KNOWN_IN_LIMOSA',
  'NISS_BIS_NOT_ACTIVE_IN_LIMOSA',
  'WORKPLACE_NOT_EXISTING',
  'WORKPLACE_NOT_ACTIVE',
  'EMPLOYER_NOT_IN_WORKPLACE',
  'SAME_DECLARATION_REGISTERED',
] as const satisfies readonly Remark[];

/** Whether a text is a remark code. */
export function isRemark(value: string): value is Remark {
  return (REMARKS as readonly string[]).includes(value);
}

/** The remarks as a set of bits (bit `i` for `REMARKS[i]`), as stored and searched. */
export function remarkBits(remarks: readonly Remark[]): number {
  return remarks.reduce((bits, remark) => bits | (1 << REMARKS.indexOf(remark)), 0);
}

/** The remarks a set of bits holds, in the list's order. */
export function remarksOfBits(bits: number): Remark[] {
  return REMARKS.filter((_, index) => (bits & (1 << index)) !== 0);
}

/**
 * How far back a change of a reference register checks presences again: the presences of the last 90 days and
 * those ahead. An older presence keeps the checks it had — a register loaded today does not rewrite the evidence
 * of days long past (an inspection of those days reads them as they were).
 */
export const RECHECK_DAYS = 90;

/** The first day whose presences a change of a reference register made at `at` checks again. */
export function firstRecheckedDay(at: string): CalendarDate {
  return addDays(brusselsDate(new Date(at)), -RECHECK_DAYS);
}

/** The outcome of one check: `VALIDATED` without remark, `FAILED` with at least one. */
export interface ValidationAttempt {
  readonly status: 'VALIDATED' | 'FAILED';
  /** When the check ran (an instant). */
  readonly at: string;
  readonly remarks: readonly Remark[];
}

/**
 * Where a registration stands in its checks: `PENDING` until the first one ran (accepted, not yet checked), then
 * the latest outcome; `history` holds every check, oldest first.
 */
export type Validation =
  | { readonly status: 'PENDING'; readonly history: readonly ValidationAttempt[] }
  | (ValidationAttempt & { readonly history: readonly ValidationAttempt[] });

/** The state of a presence that nothing checked yet. */
export const NOT_YET_VALIDATED: Validation = { status: 'PENDING', history: [] };

/** The validation statuses, as a search filter names them. */
export const VALIDATION_STATUSES = ['PENDING', 'VALIDATED', 'FAILED'] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

/** A period of a reference register's declaration, both days included; `to` absent: open-ended. */
export interface DeclaredPeriod {
  readonly from: CalendarDate;
  readonly to?: CalendarDate;
}

/** Whether a declared period covers a day. */
export function covers(period: DeclaredPeriod, day: CalendarDate): boolean {
  return period.from <= day && (period.to === undefined || day <= period.to);
}

/**
 * What a check of one presence looks at, as the registry holds it when the check runs. A register that no
 * administrator ever loaded is `undefined`: the registry cannot tell, so it remarks nothing about it.
 */
export interface ValidationFacts {
  /** The declaration of works and its contractor chain; absent: no such declaration. */
  readonly workplace?: { readonly workplace: Workplace; readonly chain: ContractorChain };
  /** The employment declarations (the role Dimona plays) of this employer for this worker, when it has a NISS. */
  readonly employment?: readonly DeclaredPeriod[];
  /**
   * The Limosa declarations that concern the worker: those with its Limosa id when it is given by one, those
   * naming its NISS or BIS number otherwise.
   */
  readonly limosa?: readonly DeclaredPeriod[];
  /** Whether the same person was registered for the same employer, workplace and day before this presence. */
  readonly registeredBefore: boolean;
}

/** What the check of one presence is about. */
export interface ValidatedPresence {
  readonly registrationDate: CalendarDate;
  readonly worker: Worker;
  readonly employer: EnterpriseNumber;
}

/**
 * The remarks a check makes on a presence, in the list's order; none: the presence is `VALIDATED`.
 *
 * - The declaration of works: unknown (`WORKPLACE_NOT_EXISTING`), or the day outside its period
 *   (`WORKPLACE_NOT_ACTIVE`); the employer neither its declarant nor a contractor of its chain
 *   (`EMPLOYER_NOT_IN_WORKPLACE`).
 * - A worker with a national number: an employment declaration of this employer must cover the day
 *   (`RELATED_DIMONA_NOT_OK`).
 * - A worker with a BIS number (someone not resident in Belgium): an employment declaration of this employer, or
 *   a Limosa declaration naming them, must cover the day. When the employment register is loaded and none of its
 *   declarations does, the remark is Limosa's when that register is loaded too (`NISS_BIS_NOT_KNOWN_IN_LIMOSA`,
 *   `NISS_BIS_NOT_ACTIVE_IN_LIMOSA`), Dimona's otherwise; without the employment register, none.
 * - A worker given by Limosa id: a Limosa declaration with that id must exist (`LIMOSA_ID_NOT_KNOWN`) and cover
 *   the day (`LIMOSA_ID_NOT_ACTIVE`).
 * - The same person for the same employer, workplace and day registered before, once by Limosa id and once by
 *   NISS (the registry returns the first of two identical registrations, so only the Limosa declaration tells
 *   that two are the same): `SAME_DECLARATION_REGISTERED` on the later.
 */
export function remarksOf(presence: ValidatedPresence, facts: ValidationFacts): Remark[] {
  const found: Remark[] = [];
  const day = presence.registrationDate;
  const { workplace } = facts;
  if (workplace === undefined) found.push('WORKPLACE_NOT_EXISTING');
  else {
    if (!isWithinPeriod(workplace.workplace, day)) found.push('WORKPLACE_NOT_ACTIVE');
    if (!isInChain(workplace.chain, presence.employer)) found.push('EMPLOYER_NOT_IN_WORKPLACE');
  }
  found.push(...workerRemarks(presence.worker, day, facts));
  if (facts.registeredBefore) found.push('SAME_DECLARATION_REGISTERED');
  return REMARKS.filter((remark) => found.includes(remark));
}

function workerRemarks(worker: Worker, day: CalendarDate, facts: ValidationFacts): Remark[] {
  const employed = facts.employment?.some((period) => covers(period, day));
  if ('limosaId' in worker) {
    if (facts.limosa === undefined) return [];
    if (facts.limosa.length === 0) return ['LIMOSA_ID_NOT_KNOWN'];
    return facts.limosa.some((period) => covers(period, day)) ? [] : ['LIMOSA_ID_NOT_ACTIVE'];
  }
  if (!isBisNumber(worker.niss)) return employed === false ? ['RELATED_DIMONA_NOT_OK'] : [];
  // A BIS number is in order with either declaration: unless both registers are loaded, the registry cannot tell.
  if (employed !== false) return [];
  if (facts.limosa === undefined) return ['RELATED_DIMONA_NOT_OK'];
  if (facts.limosa.some((period) => covers(period, day))) return [];
  return facts.limosa.length === 0 ? ['NISS_BIS_NOT_KNOWN_IN_LIMOSA'] : ['NISS_BIS_NOT_ACTIVE_IN_LIMOSA'];
}

/** A BIS number adds 20 or 40 to the month of birth (`parseNiss` checked the rest). */
export function isBisNumber(niss: Niss): boolean {
  return Number(niss.slice(2, 4)) >= 20;
}

/** The outcome of a check that found these remarks, at this instant. */
export function attempt(remarks: readonly Remark[], at: string): ValidationAttempt {
  return { status: remarks.length === 0 ? 'VALIDATED' : 'FAILED', at, remarks };
}
