import type pg from 'pg';
import { remarkBits } from '../../domain/validation.js';
import { MOST_ATTEMPTS_KEPT, presenceFromRow, storedAttempt, type PresenceRow } from '../presence-row.js';
import type { Presence } from '../../domain/presence.js';
import type { CheckMade, DuePresence, ValidationRepository } from '../validation-repository.js';
import { SELECTED } from './postgres-presence-repository.js';

/**
 * The checks of presences in PostgreSQL. Several instances take due presences at once without taking the same
 * (`FOR UPDATE SKIP LOCKED`, then a lease); a check recorded is one statement for the whole batch.
 */
export class PostgresValidationRepository implements ValidationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async takeDue(limit: number, now: string, until: string): Promise<DuePresence[]> {
    const { rows } = await this.pool.query<PresenceRow & { validation_due: number }>({
      name: 'validation-take-due',
      text: `WITH due AS (
               SELECT registration_date, id FROM presences
                WHERE validation_due > 0 AND status = 'REGISTERED'
                  AND (validation_lease IS NULL OR validation_lease <= $1)
                ORDER BY registration_date DESC, sequence DESC LIMIT $2
                FOR UPDATE SKIP LOCKED
             )
             UPDATE presences p SET validation_lease = $3 FROM due
              WHERE p.registration_date = due.registration_date AND p.id = due.id
             RETURNING ${SELECTED}, p.validation_due`,
      values: [now, limit, until],
    });
    return rows.map((row) => ({ presence: presenceFromRow(row), due: row.validation_due }));
  }

  async record(checks: readonly CheckMade[]): Promise<void> {
    if (checks.length === 0) return;
    const items = checks.map(({ presence, due, attempt }) => ({
      id: presence.id,
      day: presence.registrationDate,
      due,
      status: attempt.status,
      remarks: remarkBits(attempt.remarks),
      at: attempt.at,
      entry: storedAttempt(attempt),
    }));
    // The history keeps its latest entries: the new one appended, the oldest dropped past the limit.
    await this.pool.query({
      name: 'validation-record',
      text: `UPDATE presences p SET validation_status = c.status, validation_remarks = c.remarks,
               validated_at = c.at,
               validation_history = (
                 SELECT coalesce(jsonb_agg(e ORDER BY n), '[]'::jsonb) FROM (
                   SELECT e, n FROM jsonb_array_elements(p.validation_history || jsonb_build_array(c.entry))
                     WITH ORDINALITY AS h (e, n)
                    ORDER BY n DESC LIMIT ${MOST_ATTEMPTS_KEPT}) kept),
               validation_due = CASE WHEN p.validation_due = c.due THEN 0 ELSE p.validation_due END,
               validation_lease = NULL
             FROM jsonb_to_recordset($1::jsonb)
               AS c (id uuid, day date, due integer, status text, remarks integer, at timestamptz, entry jsonb)
            WHERE p.registration_date = c.day AND p.id = c.id AND p.status = 'REGISTERED'`,
      values: [JSON.stringify(items)],
    });
  }

  async markDue(presences: readonly Pick<Presence, 'id' | 'registrationDate'>[]): Promise<void> {
    if (presences.length === 0) return;
    await this.pool.query(
      `UPDATE presences p SET validation_due = p.validation_due + 1
         FROM jsonb_to_recordset($1::jsonb) AS d (id uuid, day date)
        WHERE p.registration_date = d.day AND p.id = d.id AND p.status = 'REGISTERED'`,
      [JSON.stringify(presences.map((p) => ({ id: p.id, day: p.registrationDate })))],
    );
  }

  async countDue(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM presences WHERE validation_due > 0 AND status = 'REGISTERED'",
    );
    return rows[0]?.n ?? 0;
  }
}
