import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Decision } from '../domain/procedure/decision.js';
import type { Situation } from '../domain/procedure/situation.js';
import type { ReferenceNumber } from '../domain/reference-number.js';

/**
 * The emergency procedure as the agent follows it for one day, offline if need be: opened when the day's
 * captures could not be sent in time, with the decision taken then, the reference number once the company has
 * one, and what was filed with the registry once the line came back.
 */
export interface ProcedureRecord {
  readonly day: CalendarDate;
  readonly openedAt: string;
  readonly situation: Situation;
  readonly decision: Decision;
  readonly referenceNumber?: ReferenceNumber;
  /** The incident filed with the registry, once it could be reached, and when its evidence was added. */
  readonly incidentId?: string;
  readonly evidenceFiledAt?: string;
  /**
   * The attempts from this instant on are the evidence still to add (a procedure opened again the same day, for
   * a second outage); from the first failure claimed when not set.
   */
  readonly evidenceSince?: string;
  /**
   * The paper listings made on the registry under the reference number, one per employer of the workers seen
   * that day (a subcontractor's workers are on their employer's listing), and when their lines were captured.
   */
  readonly listings?: readonly ProcedureListing[];
  readonly closedAt?: string;
}

/** One employer's paper listing of a procedure, as filed with the registry. */
export interface ProcedureListing {
  readonly employer: EnterpriseNumber;
  readonly listingId: string;
  /** When its lines were captured on the registry. */
  readonly filedAt?: string;
}

/** The emergency procedures the agent followed, one a day at most. */
export interface ProcedureStore {
  /** The procedure of a day, if one was opened. */
  procedure(day: CalendarDate): Promise<ProcedureRecord | undefined>;
  /** The procedures not closed yet, oldest day first. */
  openProcedures(): Promise<ProcedureRecord[]>;
  /** Stores a day's procedure as it now stands. */
  saveProcedure(record: ProcedureRecord): Promise<void>;
}
