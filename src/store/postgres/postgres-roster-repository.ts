import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { RosterEntry } from '../../domain/roster.js';
import { workerKey, type Worker } from '../../domain/worker.js';
import type { RosterAddition, RosterRepository } from '../roster-repository.js';
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

  /**
   * One statement: the insert does nothing when the worker is there already — or is being added by a transaction
   * not yet committed, which it waits for — or when the roster is full. The size is counted as the statement
   * starts: workers added at that very moment by others are not counted, so that a roster on the edge of its
   * limit may pass it by the few added at once.
   */
  async add(
    enterprise: EnterpriseNumber,
    entry: RosterEntry,
    at: string,
    limit: number,
  ): Promise<RosterAddition> {
    const row = rosterEntryToRow(enterprise, entry, at);
    const { rows } = await this.pool.query<{ added: boolean; present: boolean; size: number }>(
      `WITH roster AS (SELECT count(*)::int AS size FROM rosters WHERE enterprise = $1),
       added AS (
         INSERT INTO rosters (enterprise, worker_kind, worker_id, last_name, first_name, updated_at)
         SELECT $1, $2, $3, $4::text, $5::text, $6::timestamptz FROM roster WHERE size < $7::int
         ON CONFLICT (enterprise, worker_kind, worker_id) DO NOTHING
         RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM added) AS added,
              EXISTS (SELECT 1 FROM rosters WHERE enterprise = $1 AND worker_kind = $2 AND worker_id = $3) AS present,
              size
         FROM roster`,
      [enterprise, row.worker_kind, row.worker_id, row.last_name, row.first_name, at, limit],
    );
    const [result] = rows;
    if (result === undefined) throw new Error('The roster insert returned no row.');
    if (result.added) return 'added';
    // Not added with room left: the worker was there, or came in meanwhile (which `present` may not see yet).
    return result.present || result.size < limit ? 'on-roster' : 'full';
  }

  async remove(enterprise: EnterpriseNumber, worker: Worker): Promise<boolean> {
    const key = workerKey(worker);
    const { rowCount } = await this.pool.query(
      'DELETE FROM rosters WHERE enterprise = $1 AND worker_kind = $2 AND worker_id = $3',
      [enterprise, key.kind, key.id],
    );
    return (rowCount ?? 0) > 0;
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
