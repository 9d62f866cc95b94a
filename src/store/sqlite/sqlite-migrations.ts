/** A schema change, applied once, in order. */
export interface SqliteMigration {
  readonly id: string;
  readonly sql: string;
}

/** The SQLite schema, as an ordered list of migrations. Never edit one that has shipped: add the next. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    id: '0001_registry',
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('company', 'provider', 'agent', 'inspector', 'admin')),
        enterprise TEXT,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      CREATE TABLE workplaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        street TEXT NOT NULL,
        postal_code TEXT NOT NULL,
        city TEXT NOT NULL,
        declarant TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        permanently_without_infrastructure INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE contractor_links (
        workplace_id TEXT NOT NULL REFERENCES workplaces (id),
        enterprise TEXT NOT NULL,
        parent TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workplace_id, enterprise, parent)
      ) WITHOUT ROWID;

      -- Derived from the chain: viewer is employer or above it. Drives authorisation-aware searches.
      CREATE TABLE workplace_access (
        workplace_id TEXT NOT NULL REFERENCES workplaces (id),
        viewer TEXT NOT NULL,
        employer TEXT NOT NULL,
        PRIMARY KEY (workplace_id, viewer, employer)
      ) WITHOUT ROWID;
      CREATE INDEX workplace_access_viewer ON workplace_access (viewer, workplace_id);

      CREATE TABLE mandates (
        id TEXT PRIMARY KEY,
        company TEXT NOT NULL,
        provider TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE UNIQUE INDEX mandates_in_force ON mandates (company, provider) WHERE revoked_at IS NULL;
      CREATE INDEX mandates_provider ON mandates (provider) WHERE revoked_at IS NULL;

      -- A rowid table: the secondary indexes carry the 8-byte sequence rather than the 36-character id.
      CREATE TABLE presences (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        receipt_number TEXT NOT NULL,
        workplace_id TEXT NOT NULL,
        registration_date TEXT NOT NULL,
        worker_kind TEXT NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
        worker_id TEXT NOT NULL,
        employer TEXT NOT NULL,
        client_reference TEXT,
        channel TEXT NOT NULL,
        sender_role TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('REGISTERED', 'CANCELLED')),
        created_at TEXT NOT NULL,
        cancelled_at TEXT,
        cancellation_reason TEXT,
        cancelled_by_role TEXT,
        cancelled_by_id TEXT
      );
      CREATE UNIQUE INDEX presences_receipt ON presences (receipt_number);
      -- Never twice: one registered presence per worker, employer, workplace and day.
      CREATE UNIQUE INDEX presences_registered
        ON presences (workplace_id, registration_date, worker_kind, worker_id, employer)
        WHERE status = 'REGISTERED';
      CREATE INDEX presences_workplace_day ON presences (workplace_id, registration_date);
      CREATE INDEX presences_worker ON presences (worker_kind, worker_id, registration_date);
      CREATE INDEX presences_employer ON presences (employer, registration_date);

      -- A sender's clientReference stays bound to its first presence, even once that is cancelled.
      CREATE TABLE client_references (
        sender_role TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        client_reference TEXT NOT NULL,
        presence_sequence INTEGER NOT NULL,
        PRIMARY KEY (sender_role, sender_id, client_reference)
      ) WITHOUT ROWID;

      CREATE TABLE availability_runs (
        instance_id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        stopped_at TEXT,
        heartbeat_ms INTEGER NOT NULL
      );
      CREATE INDEX availability_runs_started ON availability_runs (started_at);
    `,
  },
];
