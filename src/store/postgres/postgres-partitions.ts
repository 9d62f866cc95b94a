import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { MaintenanceReport } from '../maintenance-report.js';
import type { PurgeReport } from '../purge-report.js';
import type { ProcedurePurge } from './postgres-procedure-purge.js';
import { inTransaction, sqlState } from './postgres-pool.js';

/** How many months ahead of the current one the partitions exist. */
export const MONTHS_AHEAD = 3;
/** A key for `pg_advisory_xact_lock`: one maintenance or purge at a time across instances. */
const MAINTENANCE_LOCK = 74_201_901;
/**
 * How long a change of the partitions waits for its lock on `presences`. Such a lock blocks the registrations
 * queued behind it: better to give up and try again at the next maintenance than to stall the registry.
 */
const LOCK_TIMEOUT = '2s';
/** Rows deleted per transaction by a purge, so that no long transaction holds anything. */
const PURGE_CHUNK = 10_000;
const PARTITION_NAME = /^presences_(\d{4})_(\d{2})$/;

/** The first day of a month, `months` after the month of `date`. */
function monthStart(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The name of a month's partition: `presences_2026_03`. */
export function partitionName(firstDay: string): string {
  return `presences_${firstDay.slice(0, 4)}_${firstDay.slice(5, 7)}`;
}

/** The first day after the month a partition name stands for. */
function partitionEnd(name: string): string | undefined {
  const match = PARTITION_NAME.exec(name);
  return match === null ? undefined : monthStart(`${match[1] ?? ''}-${match[2] ?? ''}-01`, 1);
}

/**
 * Creates the monthly partitions from last month to `MONTHS_AHEAD` months ahead, if they are missing, each in a
 * short transaction that gives up if it cannot lock `presences` within `LOCK_TIMEOUT`. A month whose days
 * already sit in the default partition keeps them there, and is reported.
 */
export async function ensurePartitions(pool: pg.Pool, today: CalendarDate): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { created: [], postponed: [] };
  const existing = new Set(await partitionNames(pool));
  for (let months = -1; months <= MONTHS_AHEAD; months += 1) {
    const from = monthStart(today, months);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    try {
      await inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
        await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        if ((await partitionNames(client)).includes(name)) return;
        await client.query(
          `CREATE TABLE ${name} PARTITION OF presences FOR VALUES FROM ('${from}') TO ('${monthStart(from, 1)}')`,
        );
        report.created.push(name);
      });
    } catch (error) {
      const state = sqlState(error);
      if (state === '55P03')
        report.postponed.push({ partition: name, why: 'presences was busy; next maintenance' });
      else if (state === '23514') {
        report.postponed.push({ partition: name, why: 'the default partition holds days of that month' });
      } else throw error;
    }
  }
  return report;
}

async function partitionNames(client: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'presences'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Monthly tables left detached by a purge that stopped half-way. */
async function detachedPartitions(client: pg.Pool): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname ~ '^presences_[0-9]{4}_[0-9]{2}$'
       AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Removes what was registered before `before`. Monthly partitions that end on or before it are detached (a short
 * lock on `presences`, given up after `LOCK_TIMEOUT`) and dropped whole; rows of the default partition, and the
 * ids, receipt numbers and clientReferences of what goes, are deleted a chunk per transaction, so that
 * registrations never wait behind the purge. On a dry run, only counts. A purge stopped half-way is finished by
 * the next one.
 */
export async function purgePartitions(
  pool: pg.Pool,
  before: CalendarDate,
  apply: boolean,
): Promise<Omit<PurgeReport, keyof ProcedurePurge>> {
  const attached = (await partitionNames(pool)).filter((name) => (partitionEnd(name) ?? '9999') <= before);
  const leftovers = apply
    ? (await detachedPartitions(pool)).filter((name) => (partitionEnd(name) ?? '9999') <= before)
    : [];
  let presences = 0;
  for (const name of [...attached, ...leftovers]) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name}`);
    presences += rows[0]?.n ?? 0;
  }
  const { rows: old } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM presences_default WHERE registration_date < $1',
    [before],
  );
  presences += old[0]?.n ?? 0;
  const partitions = [...attached, ...leftovers];
  if (!apply) return { before, presences, partitions, applied: false };

  for (const name of attached) {
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
      await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(`ALTER TABLE presences DETACH PARTITION ${name}`);
    });
  }
  await deleteInChunks(pool, 'presences_default', 'registration_date < $1', [before]);
  // What stays unique across days goes with the days, but only below the oldest presence kept.
  const { rows: kept } = await pool.query<{ first: string | null }>(
    'SELECT min(registration_date)::text AS first FROM presences',
  );
  const floor = kept[0]?.first ?? before;
  const limit = floor < before ? floor : before;
  await deleteInChunks(pool, 'presence_keys', 'registration_date < $1', [limit]);
  await deleteInChunks(pool, 'client_references', 'registration_date < $1', [limit]);
  for (const name of partitions) await pool.query(`DROP TABLE ${name}`);
  return { before, presences, partitions, applied: true };
}

async function deleteInChunks(
  pool: pg.Pool,
  table: string,
  condition: string,
  params: unknown[],
): Promise<void> {
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM ${table} WHERE ctid = ANY (ARRAY (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${PURGE_CHUNK}))`,
      params,
    );
    if ((rowCount ?? 0) === 0) return;
  }
}
