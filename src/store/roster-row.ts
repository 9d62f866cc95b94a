import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { RosterEntry } from '../domain/roster.js';
import { workerFromKey, workerKey } from '../domain/worker.js';

/**
 * A row of `rosters`, as both adapters name its columns; its instant an ISO string (SQLite) or a `Date`
 * (PostgreSQL).
 */
export interface RosterRow<Instant extends string | Date = string | Date> {
  enterprise: string;
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  last_name: string;
  first_name: string;
  updated_at: Instant;
}

/** The columns a roster entry is read back from: whose roster, and since when, it does not say. */
export type RosterEntryColumns = Pick<RosterRow, 'worker_kind' | 'worker_id' | 'last_name' | 'first_name'>;

/** The row that stores a worker on a company's roster, as of `at`. */
export function rosterEntryToRow(
  enterprise: EnterpriseNumber,
  entry: RosterEntry,
  at: string,
): RosterRow<string> {
  const worker = workerKey(entry.worker);
  return {
    enterprise,
    worker_kind: worker.kind,
    worker_id: worker.id,
    last_name: entry.lastName,
    first_name: entry.firstName,
    updated_at: at,
  };
}

/** The roster entry a row holds. */
export function rosterEntryFromRow(row: RosterEntryColumns): RosterEntry {
  return {
    worker: workerFromKey(row.worker_kind, row.worker_id),
    lastName: row.last_name,
    firstName: row.first_name,
  };
}
