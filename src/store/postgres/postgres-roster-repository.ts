import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { RosterEntry } from '../../domain/roster.js';
import { workerFromKey, workerKey } from '../../domain/worker.js';
import type { RosterRepository } from '../roster-repository.js';
import { inTransaction } from './postgres-pool.js';

interface RosterRow {
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  last_name: string;
  first_name: string;
}

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
    const { rows } = await this.pool.query<RosterRow>(
      `SELECT worker_kind, worker_id, last_name, first_name FROM rosters WHERE enterprise = $1
       ORDER BY last_name, first_name, worker_kind, worker_id`,
      [enterprise],
    );
    return rows.map((row) => ({
      worker: workerFromKey(row.worker_kind, row.worker_id),
      lastName: row.last_name,
      firstName: row.first_name,
    }));
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
  const rows = new Map<string, { kind: string; id: string; lastName: string; firstName: string }>();
  for (const entry of entries) {
    const { kind, id } = workerKey(entry.worker);
    rows.set(`${kind}:${id}`, { kind, id, lastName: entry.lastName, firstName: entry.firstName });
  }
  if (rows.size === 0) return;
  const sorted = [...rows.values()].sort((a, b) =>
    a.kind === b.kind ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.kind < b.kind ? -1 : 1,
  );
  await client.query(
    `INSERT INTO rosters (enterprise, worker_kind, worker_id, last_name, first_name, updated_at)
     SELECT $1, worker_kind, worker_id, last_name, first_name, $6::timestamptz
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS r (worker_kind, worker_id, last_name, first_name)
     ON CONFLICT (enterprise, worker_kind, worker_id)
       DO UPDATE SET last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name, updated_at = EXCLUDED.updated_at`,
    [
      enterprise,
      sorted.map((r) => r.kind),
      sorted.map((r) => r.id),
      sorted.map((r) => r.lastName),
      sorted.map((r) => r.firstName),
      at,
    ],
  );
}
