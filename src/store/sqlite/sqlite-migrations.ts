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
  {
    id: '0002_emergency_procedure',
    sql: `
      -- A company's report that it cannot register. The situation and the decision are JSON, kept as the domain
      -- made them: the decision is recomputed and stored with every event, never derived in SQL.
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        workplace_id TEXT NOT NULL,
        date TEXT NOT NULL,
        employer TEXT NOT NULL,
        reported_by_role TEXT NOT NULL,
        reported_by_id TEXT NOT NULL,
        reported_at TEXT NOT NULL,
        description TEXT,
        situation TEXT NOT NULL,
        decision TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX incidents_workplace_day ON incidents (workplace_id, date);

      -- What happened next, one row per event. The key makes appends optimistic: of two appends that read the
      -- same number of events, only one can take the next sequence.
      CREATE TABLE incident_events (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        sequence INTEGER NOT NULL,
        type TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (incident_id, sequence)
      ) WITHOUT ROWID;

      -- The contact center's reference numbers; the number is the key, so a number drawn twice is refused.
      CREATE TABLE contact_references (
        number TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('PHONE', 'CONTACT_FORM')),
        enterprise TEXT NOT NULL,
        workplace_id TEXT NOT NULL,
        date TEXT NOT NULL,
        note TEXT NOT NULL,
        contact_name TEXT,
        contact_phone TEXT,
        contact_email TEXT,
        incident_id TEXT,
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX contact_references_workplace_day ON contact_references (workplace_id, date);
      -- The contact center's inbox: the references issued in a period.
      CREATE INDEX contact_references_issued ON contact_references (issued_at);

      -- Each company's workers, which the paper listing is pre-filled with.
      CREATE TABLE rosters (
        enterprise TEXT NOT NULL,
        worker_kind TEXT NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
        worker_id TEXT NOT NULL,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (enterprise, worker_kind, worker_id)
      ) WITHOUT ROWID;

      CREATE TABLE paper_listings (
        id TEXT PRIMARY KEY,
        reference_number TEXT NOT NULL,
        workplace_id TEXT NOT NULL,
        date TEXT NOT NULL,
        employer TEXT NOT NULL,
        created_by_role TEXT NOT NULL,
        created_by_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;
      -- One listing per reference number, workplace, day and employer: asking twice prints the same listing.
      CREATE UNIQUE INDEX paper_listings_key ON paper_listings (reference_number, workplace_id, date, employer);
      CREATE INDEX paper_listings_workplace_day ON paper_listings (workplace_id, date);

      -- A rowid table: the ordinal (an alias of the rowid, which VACUUM keeps) is the order lines were first
      -- captured in; capturing a line again updates it in place and keeps its ordinal.
      CREATE TABLE paper_listing_entries (
        ordinal INTEGER PRIMARY KEY,
        listing_id TEXT NOT NULL REFERENCES paper_listings (id),
        worker_kind TEXT NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
        worker_id TEXT NOT NULL,
        last_name TEXT NOT NULL,
        first_name TEXT NOT NULL,
        presence_id TEXT NOT NULL,
        receipt_number TEXT NOT NULL,
        captured_at TEXT NOT NULL,
        captured_by_role TEXT NOT NULL,
        captured_by_id TEXT NOT NULL,
        UNIQUE (listing_id, worker_kind, worker_id)
      );

      -- A line captured back from a paper listing (channel PAPER) carries the listing's reference number, which
      -- makes the listing the proof of the registration. Null for every other presence, and for those before.
      ALTER TABLE presences ADD COLUMN reference_number TEXT;
    `,
  },
  {
    id: '0003_users',
    sql: `
      -- People who sign in to the web, each acting for one principal; only a slow hash of the password is kept.
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('company', 'provider', 'agent', 'inspector', 'admin')),
        enterprise TEXT,
        language TEXT CHECK (language IN ('fr', 'nl', 'en')),
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );

      -- Signed-in sessions, by the SHA-256 of the token the browser holds in its cookie.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires ON sessions (expires_at);
    `,
  },
  {
    id: '0004_incident_inbox',
    sql: `
      -- The contact center's inbox: the incidents reported over the last days, newest first, on every workplace.
      CREATE INDEX incidents_reported_at ON incidents (reported_at);
    `,
  },
  {
    id: '0005_audit',
    sql: `
      -- The audit trail: who wrote or read personal data, when, what, from where. Each record is chained to the
      -- one before by a hash (see src/app/audit.ts); no record is ever changed or removed.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT,
        actor_enterprise TEXT,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        personal_data INTEGER NOT NULL,
        outcome INTEGER NOT NULL,
        source TEXT NOT NULL,
        details TEXT,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    `,
  },
  {
    id: '0006_key_rotation',
    sql: `
      -- A key rotated keeps working until expires_at (the end of its grace period); its successor names it in
      -- replaces, once: a key is replaced by one key at most.
      ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
      ALTER TABLE api_keys ADD COLUMN replaces TEXT REFERENCES api_keys (id);
      CREATE UNIQUE INDEX api_keys_replaces ON api_keys (replaces);
    `,
  },
  {
    id: '0007_audit_chains',
    sql: `
      -- The same columns as PostgreSQL's 0007, where each instance appends to a chain of its own. SQLite keeps
      -- its one chain, the first (chain '', numbered by seq, no position): its appends hold the database's write
      -- lock, so they never need another.
      ALTER TABLE audit_log ADD COLUMN chain TEXT NOT NULL DEFAULT '';
      ALTER TABLE audit_log ADD COLUMN position INTEGER CHECK ((chain = '') = (position IS NULL));
    `,
  },
  {
    id: '0008_registration_ids',
    sql: `
      -- Each presence's number in the web-service protocol of the social security's registry
      -- (src/domain/presence-registration-id.ts): 13 random digits, the first not 0, then two check digits
      -- 97 - (body mod 97). New presences bring theirs; those stored before are drawn here. A body drawn twice is
      -- drawn again (the first presence keeps it) until none is: four rounds leave a duplicate with a chance far
      -- below one in a billion even among a hundred million presences, and the unique index refuses it then.
      ALTER TABLE presences ADD COLUMN registration_id INTEGER;
      UPDATE presences SET registration_id = 1000000000000 + abs(random() % 9000000000000);
      CREATE INDEX presences_registration_body ON presences (registration_id);
      UPDATE presences SET registration_id = 1000000000000 + abs(random() % 9000000000000)
       WHERE EXISTS (SELECT 1 FROM presences q
                      WHERE q.registration_id = presences.registration_id AND q.sequence < presences.sequence);
      UPDATE presences SET registration_id = 1000000000000 + abs(random() % 9000000000000)
       WHERE EXISTS (SELECT 1 FROM presences q
                      WHERE q.registration_id = presences.registration_id AND q.sequence < presences.sequence);
      UPDATE presences SET registration_id = 1000000000000 + abs(random() % 9000000000000)
       WHERE EXISTS (SELECT 1 FROM presences q
                      WHERE q.registration_id = presences.registration_id AND q.sequence < presences.sequence);
      UPDATE presences SET registration_id = 1000000000000 + abs(random() % 9000000000000)
       WHERE EXISTS (SELECT 1 FROM presences q
                      WHERE q.registration_id = presences.registration_id AND q.sequence < presences.sequence);
      DROP INDEX presences_registration_body;
      UPDATE presences SET registration_id = registration_id * 100 + (97 - registration_id % 97);
      CREATE UNIQUE INDEX presences_registration_id ON presences (registration_id);
    `,
  },
  {
    id: '0009_sender_certificates',
    sql: `
      -- The X.509 certificates of the senders who call the web service (SOAP, signed with WS-Security), each for
      -- a company or a provider, found by its SHA-256 fingerprint (upper-case hex, colons). Only what identifies
      -- the certificate is kept. One certificate not revoked per fingerprint; a revoked one may come back.
      CREATE TABLE sender_certificates (
        id TEXT PRIMARY KEY,
        fingerprint256 TEXT NOT NULL,
        subject TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('company', 'provider')),
        enterprise TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE UNIQUE INDEX sender_certificates_unrevoked ON sender_certificates (fingerprint256)
        WHERE revoked_at IS NULL;
    `,
  },
  {
    id: '0010_validation',
    sql: `
      -- Each presence's checks against what the registry holds (src/domain/validation.ts): PENDING until the first
      -- one ran, then its outcome; its remarks as bits (bit i: REMARKS[i]); every check, oldest first.
      ALTER TABLE presences ADD COLUMN validation_status TEXT NOT NULL DEFAULT 'PENDING'
        CHECK (validation_status IN ('PENDING', 'VALIDATED', 'FAILED'));
      ALTER TABLE presences ADD COLUMN validation_remarks INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN validated_at TEXT;
      ALTER TABLE presences ADD COLUMN validation_history TEXT NOT NULL DEFAULT '[]';
      -- Above 0 while a check is due. A new presence is due; each change of what its check read raises the
      -- count, and a check sets it back to 0 only when nothing raised it since the check took it. A check takes
      -- a presence until validation_lease (so that two validators do not check it at once).
      ALTER TABLE presences ADD COLUMN validation_due INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE presences ADD COLUMN validation_lease TEXT;
      UPDATE presences SET validation_due = 0 WHERE status = 'CANCELLED';
      CREATE INDEX presences_validation_due ON presences (sequence) WHERE validation_due > 0;

      -- The reference registers a check reads, as an administrator loads them (src/domain/declarations.ts).
      CREATE TABLE employment_declarations (
        employer TEXT NOT NULL,
        worker TEXT NOT NULL,
        from_date TEXT NOT NULL,
        to_date TEXT,
        loaded_at TEXT NOT NULL,
        PRIMARY KEY (employer, worker, from_date)
      ) WITHOUT ROWID;
      CREATE INDEX employment_declarations_worker ON employment_declarations (worker);
      CREATE TABLE limosa_declarations (
        limosa_id TEXT PRIMARY KEY,
        worker TEXT NOT NULL,
        from_date TEXT NOT NULL,
        to_date TEXT,
        loaded_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX limosa_declarations_worker ON limosa_declarations (worker);
      -- The last load of each register: a register never loaded is one the checks know nothing of.
      CREATE TABLE register_loads (
        register TEXT PRIMARY KEY CHECK (register IN ('employment', 'limosa')),
        loaded_at TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('merge', 'replace')),
        lines INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    id: '0011_upstream',
    sql: `
      -- Forwarding to the official registry (src/domain/upstream.ts). NULL upstream_status: not forwarded (no relay
      -- when it was registered, or a paper line). upstream_remarks are bits as validation_remarks; upstream_errors
      -- the upstream's refusal (of the registration, or of its cancellation) as JSON.
      ALTER TABLE presences ADD COLUMN upstream_status TEXT
        CHECK (upstream_status IN ('PENDING', 'SENT', 'VALIDATED', 'FAILED', 'REFUSED', 'WITHHELD'));
      ALTER TABLE presences ADD COLUMN upstream_registration_id TEXT;
      ALTER TABLE presences ADD COLUMN upstream_remarks INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN upstream_errors TEXT;
      ALTER TABLE presences ADD COLUMN upstream_at TEXT;
      ALTER TABLE presences ADD COLUMN upstream_cancel TEXT CHECK (upstream_cancel IN ('PENDING', 'CANCELLED', 'REFUSED'));
      ALTER TABLE presences ADD COLUMN upstream_cancel_at TEXT;
      -- The outbox: 1 while the forwarder has something to do for the presence (send it, cancel it, ask for its
      -- check), not before upstream_next_at; a forwarder holds it until upstream_lease. upstream_unsure: a send
      -- may have reached the upstream without its answer reaching us, so the upstream is searched before sending
      -- again. upstream_polls: how many times its check was asked for.
      ALTER TABLE presences ADD COLUMN upstream_due INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN upstream_next_at TEXT;
      ALTER TABLE presences ADD COLUMN upstream_lease TEXT;
      ALTER TABLE presences ADD COLUMN upstream_unsure INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN upstream_polls INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX presences_upstream_due ON presences (registration_date, sequence) WHERE upstream_due = 1;
      CREATE INDEX presences_upstream_status ON presences (upstream_status, registration_date)
        WHERE upstream_status IS NOT NULL;

      -- The upstream's availability as the relay saw it: stretches of calls with the same outcome, per instance.
      CREATE TABLE upstream_journal (
        instance_id TEXT NOT NULL,
        from_at TEXT NOT NULL,
        to_at TEXT NOT NULL,
        answering INTEGER NOT NULL,
        calls INTEGER NOT NULL,
        last_error TEXT,
        PRIMARY KEY (instance_id, from_at)
      ) WITHOUT ROWID;
      CREATE INDEX upstream_journal_to ON upstream_journal (to_at);
    `,
  },
];
