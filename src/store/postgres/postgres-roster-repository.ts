import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { RosterEntry } from '../../domain/roster.js';
import type { RosterRepository } from '../roster-repository.js';
import {
  rosterEntryFromRow,
  rosterEntryToRow,
  type RosterEntryColumns,
  type RosterRow,
} from '../roster-row.js';
import { inTransaction } from './postgres-pool.js';

/** Each company's roster of workers in PostgreSQL. */
export class PostgresRosterRepository implements RosterRepository {
  constructor(private readonly pool: pg.Pool) {}

  async replace(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM rosters WHERE enterprise = $1', [enterprise]);
      await save(client, enterprise, entries, at);
    });
  }

  async upsert(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void> {
    await save(this.pool, enterprise, entries, at);
  }

  async list(enterprise: EnterpriseNumber): Promise<RosterEntry[]> {
    const { rows } = await this.pool.query<RosterEntryColumns>(
      `SELECT worker_kind, worker_id, last_name, first_name FROM rosters WHERE enterprise = $1
       ORDER BY last_name, first_name, worker_kind, worker_id`,
      [enterprise],
    );
    return rows.map(rosterEntryFromRow);
  }
}

/**
 * Adds or renames workers in one statement. A worker named twice keeps the last names given (one statement may
 * not update a row twice); rows go in key order, so that concurrent writes lock them in the same order.
 */
async function save(
  client: pg.Pool | pg.PoolClient,
  enterprise: EnterpriseNumber,
  entries: readonly RosterEntry[],
  at: string,
): Promise<void> {
  const rows = new Map<string, RosterRow<string>>();
  for (const entry of entries) {
    const row = rosterEntryToRow(enterprise, entry, at);
    rows.set(`${row.worker_kind}:${row.worker_id}`, row);
  }
  if (rows.size === 0) return;
  const sorted = [...rows.values()].sort((a, b) => {
    const [x, y] =
      a.worker_kind === b.worker_kind ? [a.worker_id, b.worker_id] : [a.worker_kind, b.worker_kind];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  await client.query(
    `INSERT INTO rosters (enterprise, worker_kind, worker_id, last_name, first_name, updated_at)
     SELECT $1, worker_kind, worker_id, last_name, first_name, $6::timestamptz
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS r (worker_kind, worker_id, last_name, first_name)
     ON CONFLICT (enterprise, worker_kind, worker_id)
       DO UPDATE SET last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name, updated_at = EXCLUDED.updated_at`,
    [
      enterprise,
      sorted.map((r) => r.worker_kind),
      sorted.map((r) => r.worker_id),
      sorted.map((r) => r.last_name),
      sorted.map((r) => r.first_name),
      at,
    ],
  );
}
