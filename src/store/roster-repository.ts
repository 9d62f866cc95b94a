import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { RosterEntry } from '../domain/roster.js';

/** Where each company's roster of workers (numbers and names) is kept. */
export interface RosterRepository {
  /** Replaces a company's whole roster, in one write. */
  replace(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void>;
  /** Adds or renames workers without removing the others (names learned from captured paper listings). */
  upsert(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void>;
  /** A company's roster, by last name then first name. */
  list(enterprise: EnterpriseNumber): Promise<RosterEntry[]>;
}
