import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { RosterEntry } from '../domain/roster.js';
import type { Worker } from '../domain/worker.js';

/**
 * What adding one worker to a roster did: `added`; nothing, the worker being there already (`on-roster`); or
 * nothing, the roster holding as many workers as it may (`full`).
 */
export type RosterAddition = 'added' | 'on-roster' | 'full';

/** Where each company's roster of workers (numbers and names) is kept. */
export interface RosterRepository {
  /** Replaces a company's whole roster, in one write. */
  replace(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void>;
  /** Adds or renames workers without removing the others (names learned from captured paper listings). */
  upsert(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void>;
  /**
   * Adds one worker, in one write that neither renames a worker already on the roster nor grows it past `limit`
   * workers: two people adding workers at once both keep theirs.
   */
  add(enterprise: EnterpriseNumber, entry: RosterEntry, at: string, limit: number): Promise<RosterAddition>;
  /** Removes one worker, in one write; false when the worker was not on the roster. */
  remove(enterprise: EnterpriseNumber, worker: Worker): Promise<boolean>;
  /** A company's roster, by last name then first name. */
  list(enterprise: EnterpriseNumber): Promise<RosterEntry[]>;
}
