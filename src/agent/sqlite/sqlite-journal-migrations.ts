import type Database from 'better-sqlite3';

/** The journal's schema, as ordered migrations (`user_version` counts those applied). Never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
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

/** Brings the journal's schema up to date, in one transaction; another process may be doing the same. */
export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version >= MIGRATIONS.length) return;
  db.transaction(() => {
    // Read again inside the write lock: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
