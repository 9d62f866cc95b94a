import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { PurgeReport } from '../purge-report.js';
import { inTransaction, sqlState } from './postgres-pool.js';

/** How many months ahead of the current one the partitions exist. */
export const MONTHS_AHEAD = 3;
/** A key for `pg_advisory_xact_lock`: one maintenance or purge at a time across instances. */
const MAINTENANCE_LOCK = 74_201_901;

/** The first day of a month, `months` after the month of `date`. */
function monthStart(date: CalendarDate, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The name of a month's partition: `presences_2026_03`. */
export function partitionName(firstDay: string): string {
  return `presences_${firstDay.slice(0, 4)}_${firstDay.slice(5, 7)}`;
}

/**
 * Creates the monthly partitions from last month to `MONTHS_AHEAD` months ahead, if they are missing. A past month
 * whose days already sit in the default partition keeps them there.
 */
export async function ensurePartitions(pool: pg.Pool, today: CalendarDate): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const existing = new Set(await partitionNames(client));
    const created: string[] = [];
    for (let months = -1; months <= MONTHS_AHEAD; months += 1) {
      const from = monthStart(today, months);
      const name = partitionName(from);
      if (existing.has(name)) continue;
      await client.query('SAVEPOINT partition');
      try {
        await client.query(
          `CREATE TABLE ${name} PARTITION OF presences FOR VALUES FROM ('${from}') TO ('${monthStart(from as CalendarDate, 1)}')`,
        );
        await client.query('RELEASE SAVEPOINT partition');
        created.push(name);
      } catch (error) {
        // 23514: the default partition already holds days of that month; they stay there.
        await client.query('ROLLBACK TO SAVEPOINT partition');
        if (sqlState(error) !== '23514') throw error;
      }
    }
    return created;
  });
}

async function partitionNames(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'presences'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Removes what was registered before `before`: whole monthly partitions that end on or before it are dropped
 * (instant, whatever their size); in the default partition, rows are deleted. On a dry run, only counts.
 */
export async function purgePartitions(
  pool: pg.Pool,
  before: CalendarDate,
  apply: boolean,
): Promise<PurgeReport> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const partitions = (await partitionNames(client)).filter(
      (name) =>
        /^presences_\d{4}_\d{2}$/.test(name) &&
        monthStart(`${name.slice(10, 14)}-${name.slice(15, 17)}-01` as CalendarDate, 1) <= before,
    );
    let presences = 0;
    for (const name of partitions) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
      presences += rows[0]?.n ?? 0;
    }
    const { rows: old } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM presences_default WHERE registration_date < $1',
      [before],
    );
    presences += old[0]?.n ?? 0;
    if (apply) {
      for (const name of partitions) await client.query(`DROP TABLE ${name}`);
      await client.query('DELETE FROM presences_default WHERE registration_date < $1', [before]);
      // What stays unique across days goes with the days: only for the partitions dropped and the rows deleted.
      const kept = await client.query<{ first: string | null }>(
        `SELECT min(registration_date)::text AS first FROM presences`,
      );
      const floor = kept.rows[0]?.first ?? before;
      const limit = floor < before ? floor : before;
      await client.query('DELETE FROM presence_keys WHERE registration_date < $1', [limit]);
      await client.query('DELETE FROM client_references WHERE registration_date < $1', [limit]);
    }
    return { before, presences, partitions, applied: apply };
  });
}
