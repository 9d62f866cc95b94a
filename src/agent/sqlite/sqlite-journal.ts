import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import { workerKey } from '../../domain/worker.js';
import { WriteBatcher } from '../../shared/sqlite/write-batcher.js';
import type { AgentSettingsStore } from '../agent-settings-store.js';
import type { Attempt, AttemptLog } from '../attempt-log.js';
import type { BadgeId } from '../badge.js';
import {
  CAPTURE_STATES,
  type Capture,
  type CaptureJournal,
  type CaptureState,
  type JournalSummary,
  type NewCapture,
  type Resolution,
  type SendResult,
} from '../capture-journal.js';
import type { ProcedureRecord, ProcedureStore } from '../procedure-store.js';
import type { RosterEntry, RosterStore } from '../roster-store.js';
import { migrate } from './sqlite-journal-migrations.js';
import {
  attemptFromRow,
  captureFromRow,
  listingFromRow,
  procedureFromRow,
  rosterFromRow,
  type AttemptRow,
  type CaptureRow,
  type ListingRow,
  type ProcedureRow,
  type RosterRow,
} from './sqlite-journal-rows.js';

/**
 * Opens (creating it) the agent's journal, a SQLite file: write-ahead log with `synchronous=FULL`, so that a
 * capture acknowledged is on disk; writes grouped per turn of the event loop, so that one fsync serves a burst of
 * badges; a busy timeout, so that a badge reader's process and the forwarder's share the file.
 */
export function openSqliteJournal(path: string): SqliteJournal {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  // The journal holds the agent's API key and workers' numbers: for its owner's eyes only.
  if (path !== ':memory:') for (const file of [path, `${path}-wal`, `${path}-shm`]) restrictToOwner(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteJournal(db);
}

function restrictToOwner(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch {
    // Not there yet (the log files come with the first write), or a file system without modes.
  }
}

/**
 * The site agent's journal in one SQLite file: the captures, the attempts, the roster, the procedures and the
 * settings, each behind its own port. One adapter serves them all, so that a capture's answer and its attempt are
 * one write, and every command finds the settings beside the captures.
 */
export class SqliteJournal
  implements CaptureJournal, AttemptLog, RosterStore, ProcedureStore, AgentSettingsStore
{
  private readonly writes: WriteBatcher;
  private readonly insert: Database.Statement;
  private readonly byReference: Database.Statement<[string], CaptureRow>;
  private readonly pendingOfDay: Database.Statement<[string, number, number], CaptureRow>;
  private readonly hold: Database.Statement<[string, string]>;
  private readonly sent: Database.Statement;
  private readonly refused: Database.Statement;
  private readonly insertAttempt: Database.Statement;
  private readonly byBadge: Database.Statement<[string], RosterRow>;

  constructor(private readonly db: Database.Database) {
    this.writes = new WriteBatcher(db);
    this.insert = db.prepare(
      `INSERT INTO captures (client_reference, captured_at, day, source, raw, workplace_id, worker_kind, worker_id,
         employer, state, journaled_at)
       VALUES (@clientReference, @capturedAt, @day, @source, @raw, @workplaceId, @workerKind, @workerId, @employer,
         @state, @journaledAt)
       ON CONFLICT (client_reference) DO NOTHING`,
    );
    this.byReference = db.prepare('SELECT * FROM captures WHERE client_reference = ?');
    this.pendingOfDay = db.prepare(
      `SELECT * FROM captures INDEXED BY captures_state_sequence
       WHERE state = 'PENDING' AND day <= ? AND sequence > ? ORDER BY sequence LIMIT ?`,
    );
    this.hold = db.prepare(
      "UPDATE captures SET state = 'HELD', settled_at = ? WHERE state = 'PENDING' AND day < ?",
    );
    this.sent = db.prepare(
      `UPDATE captures SET state = 'SENT', receipt_number = @receiptNumber, presence_id = @presenceId,
         duplicate = @duplicate, settled_at = @at
       WHERE sequence = @sequence AND state IN ('PENDING', 'HELD')`,
    );
    this.refused = db.prepare(
      `UPDATE captures SET state = @state, rejection = @rejection, settled_at = @at
       WHERE sequence = @sequence AND state = 'PENDING'`,
    );
    this.insertAttempt = db.prepare(
      `INSERT INTO attempts (at, outcome, captures, failure_class, detail, probe, location, duration_ms)
       VALUES (@at, @outcome, @captures, @failureClass, @detail, @probe, @location, @durationMs)`,
    );
    // Looked up for every capture of a number: prepared once (preparing it took 14 µs a capture).
    this.byBadge = db.prepare('SELECT * FROM roster WHERE badge = ?');
  }

  capture(capture: NewCapture): Promise<Capture> {
    return this.writes.run((): Capture => {
      const key = capture.worker === undefined ? undefined : workerKey(capture.worker);
      const state = key === undefined || capture.employer === undefined ? 'UNRESOLVED' : 'PENDING';
      const inserted = this.insert.run({
        clientReference: capture.clientReference,
        capturedAt: capture.capturedAt,
        day: capture.day,
        source: capture.source,
        raw: capture.raw,
        workplaceId: capture.workplaceId,
        workerKind: key?.kind ?? null,
        workerId: key?.id ?? null,
        employer: capture.employer ?? null,
        state,
        journaledAt: capture.journaledAt ?? null,
      });
      // New: the capture is what was given (no read back, a burst of badges waits on every microsecond).
      if (inserted.changes === 1) return { ...capture, sequence: Number(inserted.lastInsertRowid), state };
      // Its clientReference was journaled before: the first capture stands.
      const row = this.byReference.get(capture.clientReference);
      if (row === undefined) throw new Error('capture not journaled');
      return captureFromRow(row);
    });
  }

  pending(day: CalendarDate, limit: number, after = 0): Promise<Capture[]> {
    return Promise.resolve(this.pendingOfDay.all(day, after, limit).map(captureFromRow));
  }

  holdBefore(day: CalendarDate, at: string): Promise<number> {
    return this.writes.run(() => this.hold.run(at, day).changes);
  }

  settle(results: readonly SendResult[], at: string, attempt?: Attempt): Promise<void> {
    return this.writes.run(() => {
      if (attempt !== undefined) this.insertAttemptRow(attempt);
      for (const result of results) {
        switch (result.outcome) {
          case 'SENT':
            this.sent.run({
              sequence: result.sequence,
              receiptNumber: result.receiptNumber,
              presenceId: result.presenceId,
              duplicate: result.duplicate ? 1 : 0,
              at,
            });
            break;
          case 'REJECTED':
          case 'HELD':
            this.refused.run({
              sequence: result.sequence,
              state: result.outcome,
              rejection: JSON.stringify(result.errors),
              at,
            });
            break;
        }
      }
    });
  }

  recordAttempt(attempt: Attempt): Promise<void> {
    return this.writes.run(() => {
      this.insertAttemptRow(attempt);
    });
  }

  private insertAttemptRow(attempt: Attempt): void {
    this.insertAttempt.run({
      at: attempt.at,
      outcome: attempt.outcome,
      captures: attempt.captures,
      failureClass: attempt.failureClass ?? null,
      detail: attempt.detail ?? null,
      probe: attempt.probe ?? null,
      location: attempt.location ?? null,
      durationMs: attempt.durationMs ?? null,
    });
  }

  attempts(from: string, to: string, limit: number): Promise<Attempt[]> {
    const rows = this.db
      .prepare<[string, string, number], AttemptRow>(
        'SELECT * FROM attempts WHERE at >= ? AND at <= ? ORDER BY at, sequence LIMIT ?',
      )
      .all(from, to, limit);
    return Promise.resolve(rows.map(attemptFromRow));
  }

  captures(
    filter: { readonly day?: CalendarDate; readonly state?: CaptureState },
    limit: number,
  ): Promise<Capture[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.day !== undefined) {
      where.push('day = ?');
      params.push(filter.day);
    }
    if (filter.state !== undefined) {
      where.push('state = ?');
      params.push(filter.state);
    }
    const sql = `SELECT * FROM captures ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
                 ORDER BY sequence LIMIT ?`;
    return Promise.resolve(
      this.db
        .prepare<unknown[], CaptureRow>(sql)
        .all(...params, limit)
        .map(captureFromRow),
    );
  }

  summary(): Promise<JournalSummary> {
    const counts = Object.fromEntries(CAPTURE_STATES.map((s) => [s, 0])) as Record<CaptureState, number>;
    for (const row of this.db
      .prepare<[], { state: CaptureState; n: number }>(
        'SELECT state, count(*) AS n FROM captures GROUP BY state',
      )
      .all())
      counts[row.state] = row.n;
    const last = (where: string): Attempt | undefined => {
      const row = this.db
        .prepare<[], AttemptRow>(`SELECT * FROM attempts ${where} ORDER BY sequence DESC LIMIT 1`)
        .get();
      return row === undefined ? undefined : attemptFromRow(row);
    };
    const oldest = this.db
      .prepare<[], { captured_at: string }>(
        "SELECT captured_at FROM captures WHERE state = 'PENDING' ORDER BY sequence LIMIT 1",
      )
      .get();
    const lastAttempt = last('');
    const lastFailure = last("WHERE outcome = 'FAILED'");
    const lastSuccess = last("WHERE outcome = 'OK'");
    return Promise.resolve({
      counts,
      ...(lastAttempt === undefined ? {} : { lastAttempt }),
      ...(lastFailure === undefined ? {} : { lastFailure }),
      ...(lastSuccess === undefined ? {} : { lastSuccess }),
      ...(oldest === undefined ? {} : { oldestPending: oldest.captured_at }),
    });
  }

  resolve(resolutions: readonly Resolution[]): Promise<number> {
    return this.writes.run(() => {
      const update = this.db.prepare(
        `UPDATE captures SET worker_kind = @kind, worker_id = @id, employer = @employer, state = 'PENDING'
         WHERE sequence = @sequence AND state = 'UNRESOLVED'`,
      );
      let changed = 0;
      for (const resolution of resolutions) {
        const key = workerKey(resolution.worker);
        changed += update.run({
          sequence: resolution.sequence,
          kind: key.kind,
          id: key.id,
          employer: resolution.employer,
        }).changes;
      }
      return changed;
    });
  }

  heldDays(before: CalendarDate): Promise<CalendarDate[]> {
    return Promise.resolve(
      this.db
        .prepare<[string], { day: CalendarDate }>(
          "SELECT DISTINCT day FROM captures WHERE state = 'HELD' AND day < ? ORDER BY day",
        )
        .all(before)
        .map((row) => row.day),
    );
  }

  replaceRoster(entries: readonly RosterEntry[]): Promise<void> {
    return this.writes.run(() => {
      this.db.prepare('DELETE FROM roster').run();
      const insert = this.db.prepare(
        `INSERT INTO roster (worker_kind, worker_id, last_name, first_name, badge, employer)
         VALUES (@kind, @id, @lastName, @firstName, @badge, @employer)`,
      );
      for (const entry of entries) {
        const key = workerKey(entry.worker);
        insert.run({
          kind: key.kind,
          id: key.id,
          lastName: entry.lastName,
          firstName: entry.firstName,
          badge: entry.badge ?? null,
          employer: entry.employer ?? null,
        });
      }
    });
  }

  findBadge(candidates: readonly BadgeId[]): Promise<RosterEntry | undefined> {
    for (const badge of candidates) {
      const row = this.byBadge.get(badge);
      if (row !== undefined) return Promise.resolve(rosterFromRow(row));
    }
    return Promise.resolve(undefined);
  }

  roster(): Promise<RosterEntry[]> {
    return Promise.resolve(
      this.db
        .prepare<[], RosterRow>('SELECT * FROM roster ORDER BY last_name, first_name, worker_id')
        .all()
        .map(rosterFromRow),
    );
  }

  procedure(day: CalendarDate): Promise<ProcedureRecord | undefined> {
    const row = this.db.prepare<[string], ProcedureRow>('SELECT * FROM procedures WHERE day = ?').get(day);
    return Promise.resolve(row === undefined ? undefined : this.procedureOf(row));
  }

  openProcedures(): Promise<ProcedureRecord[]> {
    return Promise.resolve(
      this.db
        .prepare<[], ProcedureRow>('SELECT * FROM procedures WHERE closed_at IS NULL ORDER BY day')
        .all()
        .map((row) => this.procedureOf(row)),
    );
  }

  private procedureOf(row: ProcedureRow): ProcedureRecord {
    const listings = this.db
      .prepare<[string], ListingRow>('SELECT * FROM procedure_listings WHERE day = ? ORDER BY rowid')
      .all(row.day)
      .map(listingFromRow);
    return { ...procedureFromRow(row), ...(listings.length === 0 ? {} : { listings }) };
  }

  saveProcedure(record: ProcedureRecord): Promise<void> {
    return this.writes.run(() => {
      this.db
        .prepare(
          `INSERT INTO procedures (day, opened_at, situation, decision, reference_number, incident_id, closed_at,
             evidence_filed_at, evidence_since)
           VALUES (@day, @openedAt, @situation, @decision, @referenceNumber, @incidentId, @closedAt, @evidenceFiledAt,
             @evidenceSince)
           ON CONFLICT (day) DO UPDATE SET situation = excluded.situation, decision = excluded.decision,
             evidence_filed_at = excluded.evidence_filed_at, evidence_since = excluded.evidence_since,
             reference_number = excluded.reference_number, incident_id = excluded.incident_id,
             closed_at = excluded.closed_at`,
        )
        .run({
          day: record.day,
          openedAt: record.openedAt,
          situation: JSON.stringify(record.situation),
          decision: JSON.stringify(record.decision),
          referenceNumber: record.referenceNumber ?? null,
          incidentId: record.incidentId ?? null,
          closedAt: record.closedAt ?? null,
          evidenceFiledAt: record.evidenceFiledAt ?? null,
          evidenceSince: record.evidenceSince ?? null,
        });
      this.db.prepare('DELETE FROM procedure_listings WHERE day = ?').run(record.day);
      const insert = this.db.prepare(
        'INSERT INTO procedure_listings (day, employer, listing_id, filed_at) VALUES (?, ?, ?, ?)',
      );
      for (const listing of record.listings ?? [])
        insert.run(record.day, listing.employer, listing.listingId, listing.filedAt ?? null);
    });
  }

  setting(name: string): Promise<string | undefined> {
    const row = this.db
      .prepare<[string], { value: string }>('SELECT value FROM settings WHERE name = ?')
      .get(name);
    return Promise.resolve(row?.value);
  }

  setSettings(settings: Readonly<Record<string, string>>): Promise<void> {
    return this.writes.run(() => {
      const upsert = this.db.prepare(
        'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      );
      for (const [name, value] of Object.entries(settings)) upsert.run(name, value);
    });
  }

  /** Waits for the writes asked for, and closes the file. */
  async close(): Promise<void> {
    await this.writes.drain();
    if (this.db.open) this.db.close();
  }
}
