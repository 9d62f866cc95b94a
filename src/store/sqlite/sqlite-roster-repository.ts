import type { Database, Statement } from 'better-sqlite3';
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
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** Each company's roster of workers in SQLite. */
export class SqliteRosterRepository implements RosterRepository {
  private readonly clear: Statement<[string]>;
  private readonly save: Statement<RosterRow<string>>;
  private readonly insert: Statement<RosterRow<string>>;
  private readonly has: Statement<[string, string, string], { found: 1 }>;
  private readonly size: Statement<[string], { size: number }>;
  private readonly delete: Statement<[string, string, string]>;
  private readonly byEnterprise: Statement<[string], RosterEntryColumns>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.clear = db.prepare('DELETE FROM rosters WHERE enterprise = ?');
    // A worker named twice in one call keeps the last names given.
    this.save = db.prepare(
      `INSERT INTO rosters (enterprise, worker_kind, worker_id, last_name, first_name, updated_at)
       VALUES (@enterprise, @worker_kind, @worker_id, @last_name, @first_name, @updated_at)
       ON CONFLICT (enterprise, worker_kind, worker_id)
         DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name, updated_at = excluded.updated_at`,
    );
    this.insert = db.prepare(
      `INSERT INTO rosters (enterprise, worker_kind, worker_id, last_name, first_name, updated_at)
       VALUES (@enterprise, @worker_kind, @worker_id, @last_name, @first_name, @updated_at)`,
    );
    this.has = db.prepare(
      'SELECT 1 AS found FROM rosters WHERE enterprise = ? AND worker_kind = ? AND worker_id = ?',
    );
    this.size = db.prepare('SELECT count(*) AS size FROM rosters WHERE enterprise = ?');
    this.delete = db.prepare(
      'DELETE FROM rosters WHERE enterprise = ? AND worker_kind = ? AND worker_id = ?',
    );
    this.byEnterprise = db.prepare(
      `SELECT worker_kind, worker_id, last_name, first_name FROM rosters WHERE enterprise = ?
       ORDER BY last_name, first_name, worker_kind, worker_id`,
    );
  }

  replace(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void> {
    return this.writes.run(() => {
      this.clear.run(enterprise);
      this.saveAll(enterprise, entries, at);
    });
  }

  upsert(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): Promise<void> {
    return this.writes.run(() => {
      this.saveAll(enterprise, entries, at);
    });
  }

  add(enterprise: EnterpriseNumber, entry: RosterEntry, at: string, limit: number): Promise<RosterAddition> {
    const row = rosterEntryToRow(enterprise, entry, at);
    // One write at a time: nothing changes the roster between the reads and the insert.
    return this.writes.run(() => {
      if (this.has.get(enterprise, row.worker_kind, row.worker_id) !== undefined) return 'on-roster';
      if ((this.size.get(enterprise)?.size ?? 0) >= limit) return 'full';
      this.insert.run(row);
      return 'added';
    });
  }

  remove(enterprise: EnterpriseNumber, worker: Worker): Promise<boolean> {
    const key = workerKey(worker);
    return this.writes.run(() => this.delete.run(enterprise, key.kind, key.id).changes > 0);
  }

  list(enterprise: EnterpriseNumber): Promise<RosterEntry[]> {
    return Promise.resolve(this.byEnterprise.all(enterprise).map(rosterEntryFromRow));
  }

  private saveAll(enterprise: EnterpriseNumber, entries: readonly RosterEntry[], at: string): void {
    for (const entry of entries) this.save.run(rosterEntryToRow(enterprise, entry, at));
  }
}
