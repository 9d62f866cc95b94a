import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import { workerFromKey, workerKey } from '../domain/worker.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { WriteBatcher } from '../shared/sqlite/write-batcher.js';
import type { Decision } from '../domain/procedure/decision.js';
import type { Situation } from '../domain/procedure/situation.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import type { BadgeId } from './badge.js';
import {
  CAPTURE_STATES,
  type Attempt,
  type Capture,
  type CaptureSource,
  type CaptureState,
  type Journal,
  type JournalSummary,
  type NewCapture,
  type ProcedureListing,
  type ProcedureRecord,
  type Resolution,
  type RosterEntry,
  type SendResult,
} from './journal.js';

/** The journal's schema, as ordered migrations (`user_version` counts those applied). Never edit a shipped one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE captures (
    sequence INTEGER PRIMARY KEY,
    client_reference TEXT NOT NULL UNIQUE,
    captured_at TEXT NOT NULL,
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    raw TEXT NOT NULL,
    workplace_id TEXT NOT NULL,
    worker_kind TEXT CHECK (worker_kind IN ('NISS', 'LIMOSA')),
    worker_id TEXT,
    employer TEXT,
    state TEXT NOT NULL CHECK (state IN ('PENDING', 'SENT', 'REJECTED', 'HELD', 'UNRESOLVED')),
    receipt_number TEXT,
    presence_id TEXT,
    duplicate INTEGER,
    rejection TEXT,
    settled_at TEXT
  );
  -- The forwarder's question: the pending captures of a day, oldest first.
  CREATE INDEX captures_state_day ON captures (state, day, sequence);
  CREATE INDEX captures_day ON captures (day, sequence);

  CREATE TABLE attempts (
    sequence INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('OK', 'FAILED')),
    captures INTEGER NOT NULL,
    failure_class TEXT,
    detail TEXT,
    probe TEXT,
    location TEXT,
    duration_ms INTEGER
  );
  CREATE INDEX attempts_at ON attempts (at);

  CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  `
  CREATE TABLE roster (
    worker_kind TEXT NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
    worker_id TEXT NOT NULL,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    badge TEXT UNIQUE,
    employer TEXT,
    PRIMARY KEY (worker_kind, worker_id)
  );

  -- One emergency procedure per day at most; situation and decision as the pure domain gives them (JSON).
  CREATE TABLE procedures (
    day TEXT PRIMARY KEY,
    opened_at TEXT NOT NULL,
    situation TEXT NOT NULL,
    decision TEXT NOT NULL,
    reference_number TEXT,
    incident_id TEXT,
    listing_id TEXT,
    listing_filed_at TEXT,
    closed_at TEXT
  );
  `,
  `ALTER TABLE procedures ADD COLUMN evidence_filed_at TEXT;`,
  // The forwarder reads the pending captures of every day up to today in order: by state, then sequence.
  `CREATE INDEX captures_state_sequence ON captures (state, sequence);`,
  // When a capture was written (an import journals captures seen earlier); null: when it was seen.
  `ALTER TABLE captures ADD COLUMN journaled_at TEXT;`,
  // One paper listing per employer of the day's workers; the procedure's own listing columns are no longer used.
  `
  CREATE TABLE procedure_listings (
    day TEXT NOT NULL REFERENCES procedures (day),
    employer TEXT NOT NULL,
    listing_id TEXT NOT NULL,
    filed_at TEXT,
    PRIMARY KEY (day, employer)
  );
  INSERT INTO procedure_listings (day, employer, listing_id, filed_at)
    SELECT procedures.day, settings.value, procedures.listing_id, procedures.listing_filed_at
    FROM procedures JOIN settings ON settings.name = 'employer'
    WHERE procedures.listing_id IS NOT NULL;
  UPDATE procedures SET listing_id = NULL, listing_filed_at = NULL;
  -- A procedure opened again the same day (a second outage): the attempts since then are the evidence to add.
  ALTER TABLE procedures ADD COLUMN evidence_since TEXT;
  `,
];

interface CaptureRow {
  sequence: number;
  client_reference: string;
  captured_at: string;
  day: string;
  source: string;
  raw: string;
  workplace_id: string;
  worker_kind: 'NISS' | 'LIMOSA' | null;
  worker_id: string | null;
  employer: string | null;
  state: CaptureState;
  receipt_number: string | null;
  presence_id: string | null;
  duplicate: number | null;
  rejection: string | null;
  settled_at: string | null;
  journaled_at: string | null;
}

interface AttemptRow {
  at: string;
  outcome: 'OK' | 'FAILED';
  captures: number;
  failure_class: string | null;
  detail: string | null;
  probe: Attempt['probe'] | null;
  location: Attempt['location'] | null;
  duration_ms: number | null;
}

/**
 * Opens (creating it) the agent's journal, a SQLite file: write-ahead log with `synchronous=FULL`, so that a
 * capture acknowledged is on disk; writes grouped per turn of the event loop, so that one fsync serves a burst of
 * badges; a busy timeout, so that a badge reader's process and the forwarder's share the file.
 */
export function openSqliteJournal(path: string): Journal {
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

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= MIGRATIONS.length) return;
  db.transaction(() => {
    // Read again inside the write lock: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

class SqliteJournal implements Journal {
  private readonly writes: WriteBatcher;
  private readonly insert: Database.Statement;
  private readonly byReference: Database.Statement<[string], CaptureRow>;
  private readonly pendingOfDay: Database.Statement<[string, number, number], CaptureRow>;
  private readonly hold: Database.Statement<[string, string]>;
  private readonly sent: Database.Statement;
  private readonly refused: Database.Statement;
  private readonly insertAttempt: Database.Statement;

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
      return fromRow(row);
    });
  }

  pending(day: CalendarDate, limit: number, after = 0): Promise<Capture[]> {
    return Promise.resolve(this.pendingOfDay.all(day, after, limit).map(fromRow));
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
        .map(fromRow),
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
    const find = this.db.prepare<[string], RosterRow>('SELECT * FROM roster WHERE badge = ?');
    for (const badge of candidates) {
      const row = find.get(badge);
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
      .map((listing): ProcedureListing => ({
        employer: listing.employer as EnterpriseNumber,
        listingId: listing.listing_id,
        ...(listing.filed_at === null ? {} : { filedAt: listing.filed_at }),
      }));
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

  async close(): Promise<void> {
    await this.writes.drain();
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: CaptureRow): Capture {
  return {
    sequence: row.sequence,
    clientReference: row.client_reference,
    capturedAt: row.captured_at,
    day: row.day as CalendarDate,
    source: row.source as CaptureSource,
    raw: row.raw,
    workplaceId: row.workplace_id as WorkplaceId,
    ...(row.worker_kind === null || row.worker_id === null
      ? {}
      : { worker: workerFromKey(row.worker_kind, row.worker_id) }),
    ...(row.employer === null ? {} : { employer: row.employer as EnterpriseNumber }),
    state: row.state,
    ...(row.receipt_number === null ? {} : { receiptNumber: row.receipt_number as ReceiptNumber }),
    ...(row.presence_id === null ? {} : { presenceId: row.presence_id }),
    ...(row.duplicate === null ? {} : { duplicate: row.duplicate === 1 }),
    ...(row.rejection === null ? {} : { rejection: JSON.parse(row.rejection) as DomainError[] }),
    ...(row.settled_at === null ? {} : { settledAt: row.settled_at }),
    ...(row.journaled_at === null ? {} : { journaledAt: row.journaled_at }),
  };
}

interface RosterRow {
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  last_name: string;
  first_name: string;
  badge: string | null;
  employer: string | null;
}

function rosterFromRow(row: RosterRow): RosterEntry {
  return {
    worker: workerFromKey(row.worker_kind, row.worker_id),
    lastName: row.last_name,
    firstName: row.first_name,
    ...(row.badge === null ? {} : { badge: row.badge as BadgeId }),
    ...(row.employer === null ? {} : { employer: row.employer as EnterpriseNumber }),
  };
}

interface ListingRow {
  day: string;
  employer: string;
  listing_id: string;
  filed_at: string | null;
}

interface ProcedureRow {
  day: string;
  opened_at: string;
  situation: string;
  decision: string;
  reference_number: string | null;
  incident_id: string | null;
  closed_at: string | null;
  evidence_filed_at: string | null;
  evidence_since: string | null;
}

function procedureFromRow(row: ProcedureRow): ProcedureRecord {
  return {
    day: row.day as CalendarDate,
    openedAt: row.opened_at,
    situation: JSON.parse(row.situation) as Situation,
    decision: JSON.parse(row.decision) as Decision,
    ...(row.reference_number === null ? {} : { referenceNumber: row.reference_number as ReferenceNumber }),
    ...(row.incident_id === null ? {} : { incidentId: row.incident_id }),
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    ...(row.evidence_filed_at === null ? {} : { evidenceFiledAt: row.evidence_filed_at }),
    ...(row.evidence_since === null ? {} : { evidenceSince: row.evidence_since }),
  };
}

function attemptFromRow(row: AttemptRow): Attempt {
  return {
    at: row.at,
    outcome: row.outcome,
    captures: row.captures,
    ...(row.failure_class === null ? {} : { failureClass: row.failure_class }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.probe === null ? {} : { probe: row.probe }),
    ...(row.location === null ? {} : { location: row.location }),
    ...(row.duration_ms === null ? {} : { durationMs: row.duration_ms }),
  };
}
