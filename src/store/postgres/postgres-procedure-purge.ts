import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { PurgeReport } from '../purge-report.js';
import { inTransaction } from './postgres-pool.js';

/** What the procedure's records add to a purge report. */
export type ProcedurePurge = Pick<
  PurgeReport,
  'incidents' | 'references' | 'paperListings' | 'availabilityRuns'
>;

const COUNTS = `SELECT
  (SELECT count(*)::int FROM incidents WHERE date < $1) AS incidents,
  (SELECT count(*)::int FROM contact_references WHERE date < $1) AS "references",
  (SELECT count(*)::int FROM paper_listings WHERE date < $1) AS "paperListings",
  (SELECT count(*)::int FROM availability_runs WHERE last_seen_at < $1::date) AS "availabilityRuns"`;

/**
 * Removes the emergency procedure's records of the days before `before` — incidents with their events,
 * reference numbers, paper listings with their lines — and the availability journal's runs last seen before it,
 * in one transaction; on a dry run, only counts.
 */
export async function purgeProcedureRecords(
  pool: pg.Pool,
  before: CalendarDate,
  apply: boolean,
): Promise<ProcedurePurge> {
  if (!apply) return (await pool.query<ProcedurePurge>(COUNTS, [before])).rows[0] ?? none;
  return inTransaction(pool, async (client) => {
    const counts = (await client.query<ProcedurePurge>(COUNTS, [before])).rows[0] ?? none;
    for (const statement of [
      'DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM incidents WHERE date < $1)',
      'DELETE FROM incidents WHERE date < $1',
      'DELETE FROM contact_references WHERE date < $1',
      'DELETE FROM paper_listing_entries WHERE listing_id IN (SELECT id FROM paper_listings WHERE date < $1)',
      'DELETE FROM paper_listings WHERE date < $1',
      'DELETE FROM availability_runs WHERE last_seen_at < $1::date',
    ])
      await client.query(statement, [before]);
    return counts;
  });
}

const none: ProcedurePurge = { incidents: 0, references: 0, paperListings: 0, availabilityRuns: 0 };
