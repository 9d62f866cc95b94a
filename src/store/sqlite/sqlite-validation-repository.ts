import type { Database, Statement } from 'better-sqlite3';
import { remarkBits } from '../../domain/validation.js';
import { MOST_ATTEMPTS_KEPT, presenceFromRow, storedAttempt, type PresenceRow } from '../presence-row.js';
import type { Presence } from '../../domain/presence.js';
import type { CheckMade, DuePresence, ValidationRepository } from '../validation-repository.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';
import { PRESENCE_COLUMNS } from './sqlite-presence-repository.js';

/** The checks of presences in SQLite: taken and recorded through the group commit. */
export class SqliteValidationRepository implements ValidationRepository {
  private readonly due: Statement<[string, number], PresenceRow & { validation_due: number }>;
  private readonly hold: Statement<[string, number]>;
  private readonly write: Statement<[string, number, string, string, number, string]>;
  private readonly count: Statement<[], number>;
  private readonly bump: Statement<[string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.due = db.prepare(
      `SELECT ${PRESENCE_COLUMNS.join(', ')}, validation_due FROM presences INDEXED BY presences_validation_due
        WHERE validation_due > 0 AND status = 'REGISTERED' AND (validation_lease IS NULL OR validation_lease <= ?)
        ORDER BY sequence DESC LIMIT ?`,
    );
    this.hold = db.prepare('UPDATE presences SET validation_lease = ? WHERE sequence = ?');
    // The history keeps its latest entries: the new one appended, the oldest dropped past the limit.
    this.write = db.prepare(
      `UPDATE presences SET validation_status = ?, validation_remarks = ?, validated_at = ?,
         validation_history = (SELECT json_group_array(json(value) ORDER BY key) FROM
           (SELECT key, value FROM json_each(json_insert(validation_history, '$[#]', json(?)))
             ORDER BY key DESC LIMIT ${MOST_ATTEMPTS_KEPT})),
         validation_due = CASE WHEN validation_due = ? THEN 0 ELSE validation_due END,
         validation_lease = NULL
       WHERE id = ? AND status = 'REGISTERED'`,
    );
    this.bump = db.prepare(
      "UPDATE presences SET validation_due = validation_due + 1 WHERE id = ? AND status = 'REGISTERED'",
    );
    this.count = db
      .prepare<[], number>(
        "SELECT count(*) FROM presences INDEXED BY presences_validation_due WHERE validation_due > 0 AND status = 'REGISTERED'",
      )
      .pluck();
  }

  takeDue(limit: number, now: string, until: string): Promise<DuePresence[]> {
    return this.writes.run(() =>
      this.due.all(now, limit).map((row) => {
        this.hold.run(until, row.sequence);
        return { presence: presenceFromRow(row), due: row.validation_due };
      }),
    );
  }

  record(checks: readonly CheckMade[]): Promise<void> {
    return this.writes.run(() => {
      for (const { presence, due, attempt } of checks) {
        this.write.run(
          attempt.status,
          remarkBits(attempt.remarks),
          attempt.at,
          JSON.stringify(storedAttempt(attempt)),
          due,
          presence.id,
        );
      }
    });
  }

  markDue(presences: readonly Pick<Presence, 'id' | 'registrationDate'>[]): Promise<void> {
    return this.writes.run(() => {
      for (const { id } of presences) this.bump.run(id);
    });
  }

  countDue(): Promise<number> {
    return Promise.resolve(this.count.get() ?? 0);
  }
}
