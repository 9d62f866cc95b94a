/** A schema change, applied once, in order. */
export interface PostgresMigration {
  readonly id: string;
  readonly sql: string;
}

/**
 * The PostgreSQL schema, as an ordered list of migrations. Never edit one that has shipped: add the next.
 *
 * Presences are partitioned by month of `registration_date` (declarative range partitioning); the partitions are
 * created ahead by `ensurePartitions`. A unique index of a partitioned table must hold the partition key, so what
 * must be unique across all days — ids, receipt numbers, clientReferences — lives in small tables beside it.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    id: '0001_registry',
    sql: `
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('company', 'provider', 'agent', 'inspector', 'admin')),
        enterprise text,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );

      CREATE TABLE workplaces (
        id text PRIMARY KEY,
        name text NOT NULL,
        street text NOT NULL,
        postal_code text NOT NULL,
        city text NOT NULL,
        declarant text NOT NULL,
        start_date date NOT NULL,
        end_date date NOT NULL,
        permanently_without_infrastructure boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL
      );

      CREATE TABLE contractor_links (
        workplace_id text NOT NULL REFERENCES workplaces (id),
        enterprise text NOT NULL,
        parent text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (workplace_id, enterprise, parent)
      );

      -- Derived from the chain: viewer is employer or above it. Drives authorisation-aware searches.
      CREATE TABLE workplace_access (
        workplace_id text NOT NULL REFERENCES workplaces (id),
        viewer text NOT NULL,
        employer text NOT NULL,
        PRIMARY KEY (workplace_id, viewer, employer)
      );
      CREATE INDEX workplace_access_viewer ON workplace_access (viewer, workplace_id, employer);

      CREATE TABLE mandates (
        id text PRIMARY KEY,
        company text NOT NULL,
        provider text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE UNIQUE INDEX mandates_in_force ON mandates (company, provider) WHERE revoked_at IS NULL;
      CREATE INDEX mandates_provider ON mandates (provider) WHERE revoked_at IS NULL;

      -- The order of arrival, for stable pages (a sequence: PostgreSQL 15 has no identity on partitioned tables).
      CREATE SEQUENCE presences_sequence AS bigint;
      CREATE TABLE presences (
        registration_date date NOT NULL,
        id uuid NOT NULL,
        sequence bigint NOT NULL DEFAULT nextval('presences_sequence'),
        receipt_number text NOT NULL,
        workplace_id text NOT NULL,
        worker_kind text NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
        worker_id text NOT NULL,
        employer text NOT NULL,
        client_reference text,
        channel text NOT NULL,
        sender_role text NOT NULL,
        sender_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('REGISTERED', 'CANCELLED')),
        created_at timestamptz NOT NULL,
        cancelled_at timestamptz,
        cancellation_reason text,
        cancelled_by_role text,
        cancelled_by_id text,
        PRIMARY KEY (registration_date, id)
      ) PARTITION BY RANGE (registration_date);
      -- Months get their own partition ahead of time (ensurePartitions); any other day (a paper listing captured
      -- long after, say) lands here.
      CREATE TABLE presences_default PARTITION OF presences DEFAULT;
      -- Never twice: one registered presence per worker, employer, workplace and day.
      CREATE UNIQUE INDEX presences_registered
        ON presences (workplace_id, registration_date, worker_kind, worker_id, employer)
        WHERE status = 'REGISTERED';
      CREATE INDEX presences_workplace_day ON presences (workplace_id, registration_date, sequence);
      CREATE INDEX presences_worker ON presences (worker_kind, worker_id, registration_date, sequence);
      CREATE INDEX presences_employer ON presences (employer, registration_date, sequence);

      -- Unique across every day: the id and the receipt number, and which day (partition) holds the presence.
      CREATE TABLE presence_keys (
        id uuid PRIMARY KEY,
        receipt_number text NOT NULL UNIQUE,
        registration_date date NOT NULL
      );
      CREATE INDEX presence_keys_date ON presence_keys (registration_date);

      -- A sender's clientReference stays bound to its first presence, even once that is cancelled.
      CREATE TABLE client_references (
        sender_role text NOT NULL,
        sender_id text NOT NULL,
        client_reference text NOT NULL,
        presence_id uuid NOT NULL,
        registration_date date NOT NULL,
        PRIMARY KEY (sender_role, sender_id, client_reference)
      );
      CREATE INDEX client_references_date ON client_references (registration_date);

      CREATE TABLE availability_runs (
        instance_id text PRIMARY KEY,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        stopped_at timestamptz,
        heartbeat_ms integer NOT NULL
      );
      CREATE INDEX availability_runs_started ON availability_runs (started_at);

      -- Registers a batch of presences in one round trip, each item on its own and never twice, with the same
      -- rules as the SQLite adapter. The common case — new presences — goes in a few set-based statements; what
      -- is left (duplicates, references already bound, rare collisions) is decided item by item. Concurrent
      -- batches (other requests, other instances) meet on the unique indexes: ON CONFLICT waits for the other
      -- transaction, and the next statement (a new snapshot, in READ COMMITTED) sees its row.
      -- Returns, per item in order: { kind, presence }, kind being CREATED, DUPLICATE, BOUND (the sender's
      -- clientReference was already bound, to the presence returned: the caller tells a retry from a conflict)
      -- or NOT_REGISTERED (nothing existed, and the item may not create: may_create false).
      CREATE FUNCTION register_presences(items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
      DECLARE
        bound uuid[];      -- items whose clientReference this call bound (to the item's own id)
        created jsonb;     -- the presences this call made, by id
        keyed uuid[];      -- those of them whose receipt number went into presence_keys
        outcomes jsonb[] := '{}';
        item record;
        found_row presences%ROWTYPE;
        kind text;
        bound_id uuid;
        bound_day date;
      BEGIN
        -- 1. Bind the clientReferences of the items that may create, to the items' own ids.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, registration_date date,
            client_reference text, sender_role text, sender_id text, may_create boolean)
        ), b AS (
          INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
          SELECT sender_role, sender_id, client_reference, id, registration_date FROM input
           WHERE may_create AND client_reference IS NOT NULL
           -- In key order (then item order): concurrent batches lock the same keys in the same order, no deadlock.
           ORDER BY sender_role, sender_id, client_reference, ord
          ON CONFLICT DO NOTHING RETURNING presence_id
        )
        SELECT coalesce(array_agg(presence_id), '{}') INTO bound FROM b;

        -- 2. Make the presences that may be made and are not already there.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            channel text, sender_role text, sender_id text, created_at timestamptz, may_create boolean)
        ), c AS (
          INSERT INTO presences (registration_date, id, receipt_number, workplace_id, worker_kind, worker_id, employer,
                                 client_reference, channel, sender_role, sender_id, status, created_at)
          SELECT registration_date, id, receipts->>0, workplace_id, worker_kind, worker_id, employer, client_reference,
                 channel, sender_role, sender_id, 'REGISTERED', created_at
            FROM input WHERE may_create AND (client_reference IS NULL OR id = ANY (bound))
           ORDER BY workplace_id, registration_date, worker_kind, worker_id, employer, ord
          ON CONFLICT (workplace_id, registration_date, worker_kind, worker_id, employer)
            WHERE status = 'REGISTERED' DO NOTHING
          RETURNING *
        )
        SELECT coalesce(jsonb_object_agg(c.id::text, to_jsonb(c)), '{}') INTO created FROM c;

        -- 3. Their ids and receipt numbers, unique across every day.
        WITH k AS (
          INSERT INTO presence_keys (id, receipt_number, registration_date)
          SELECT (v->>'id')::uuid, v->>'receipt_number', (v->>'registration_date')::date FROM jsonb_each(created) AS e (id, v)
          ON CONFLICT (receipt_number) DO NOTHING RETURNING id
        )
        SELECT coalesce(array_agg(id), '{}') INTO keyed FROM k;

        -- 4. Each item's outcome, in order; the uncommon cases one by one.
        FOR item IN
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            sender_role text, sender_id text, may_create boolean)
          ORDER BY ord
        LOOP
          kind := NULL;
          IF created ? item.id::text THEN
            kind := 'CREATED';
            IF item.id = ANY (keyed) THEN
              outcomes := array_append(outcomes, jsonb_build_object('kind', kind, 'presence', created -> item.id::text));
              CONTINUE;
            END IF;
            -- A receipt number drawn twice (55 random bits): take the spare. Should that collide too, the unique
            -- violation fails the batch, which the caller retries with new numbers.
            UPDATE presences SET receipt_number = item.receipts->>1
             WHERE registration_date = item.registration_date AND id = item.id RETURNING * INTO found_row;
            INSERT INTO presence_keys (id, receipt_number, registration_date)
            VALUES (found_row.id, found_row.receipt_number, found_row.registration_date);
          ELSIF item.client_reference IS NOT NULL AND NOT (item.id = ANY (bound)) THEN
            SELECT p.* INTO found_row FROM client_references r
              JOIN presences p ON p.registration_date = r.registration_date AND p.id = r.presence_id
             WHERE r.sender_role = item.sender_role AND r.sender_id = item.sender_id
               AND r.client_reference = item.client_reference;
            IF FOUND THEN
              kind := 'BOUND';
            END IF;
          END IF;
          IF kind IS NULL THEN
            SELECT * INTO found_row FROM presences
             WHERE registration_date = item.registration_date AND workplace_id = item.workplace_id
               AND worker_kind = item.worker_kind AND worker_id = item.worker_id AND employer = item.employer
               AND status = 'REGISTERED';
            IF FOUND THEN
              kind := 'DUPLICATE';
              IF item.client_reference IS NOT NULL THEN
                -- The reference goes to the presence that was already there — unless another request bound it
                -- first (it waited for that one), in which case the reply names what the reference is bound to.
                INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
                VALUES (item.sender_role, item.sender_id, item.client_reference, found_row.id, found_row.registration_date)
                ON CONFLICT (sender_role, sender_id, client_reference) DO UPDATE
                  SET presence_id = CASE WHEN client_references.presence_id = item.id
                                         THEN EXCLUDED.presence_id ELSE client_references.presence_id END,
                      registration_date = CASE WHEN client_references.presence_id = item.id
                                               THEN EXCLUDED.registration_date ELSE client_references.registration_date END
                RETURNING presence_id, registration_date INTO bound_id, bound_day;
                IF bound_id <> found_row.id THEN
                  SELECT * INTO found_row FROM presences WHERE registration_date = bound_day AND id = bound_id;
                  kind := 'BOUND';
                END IF;
              END IF;
            ELSIF item.may_create THEN
              -- What blocked the insert was cancelled in the meantime: the caller sends the batch again.
              RAISE EXCEPTION 'presence neither registered nor found' USING ERRCODE = 'serialization_failure';
            ELSE
              kind := 'NOT_REGISTERED';
            END IF;
          END IF;
          outcomes := array_append(outcomes, jsonb_build_object(
            'kind', kind,
            'presence', CASE WHEN kind = 'NOT_REGISTERED' THEN NULL ELSE to_jsonb(found_row) END));
        END LOOP;
        RETURN to_jsonb(outcomes);
      END
      $fn$;
    `,
  },
  {
    id: '0002_emergency_procedure',
    sql: `
      -- A company's report that it cannot register. The situation and the decision are jsonb, kept as the domain
      -- made them: the decision is recomputed and stored with every event, never derived in SQL.
      CREATE TABLE incidents (
        id text PRIMARY KEY,
        workplace_id text NOT NULL,
        date date NOT NULL,
        employer text NOT NULL,
        reported_by_role text NOT NULL,
        reported_by_id text NOT NULL,
        reported_at timestamptz NOT NULL,
        description text,
        situation jsonb NOT NULL,
        decision jsonb NOT NULL
      );
      CREATE INDEX incidents_workplace_day ON incidents (workplace_id, date);

      -- What happened next, one row per event. Appends lock the incident row; the key is the last guard: of two
      -- appends that read the same number of events, only one can take the next sequence.
      CREATE TABLE incident_events (
        incident_id text NOT NULL REFERENCES incidents (id),
        sequence integer NOT NULL,
        type text NOT NULL,
        event jsonb NOT NULL,
        PRIMARY KEY (incident_id, sequence)
      );

      -- The contact center's reference numbers; the number is the key, so a number drawn twice is refused.
      CREATE TABLE contact_references (
        number text PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('PHONE', 'CONTACT_FORM')),
        enterprise text NOT NULL,
        workplace_id text NOT NULL,
        date date NOT NULL,
        note text NOT NULL,
        contact_name text,
        contact_phone text,
        contact_email text,
        incident_id text,
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL
      );
      CREATE INDEX contact_references_workplace_day ON contact_references (workplace_id, date);
      -- The contact center's inbox: the references issued in a period.
      CREATE INDEX contact_references_issued ON contact_references (issued_at);

      -- Each company's workers, which the paper listing is pre-filled with.
      CREATE TABLE rosters (
        enterprise text NOT NULL,
        worker_kind text NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
        worker_id text NOT NULL,
        last_name text NOT NULL,
        first_name text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (enterprise, worker_kind, worker_id)
      );

      CREATE TABLE paper_listings (
        id text PRIMARY KEY,
        reference_number text NOT NULL,
        workplace_id text NOT NULL,
        date date NOT NULL,
        employer text NOT NULL,
        created_by_role text NOT NULL,
        created_by_id text NOT NULL,
        created_at timestamptz NOT NULL
      );
      -- One listing per reference number, workplace, day and employer: asking twice prints the same listing.
      CREATE UNIQUE INDEX paper_listings_key ON paper_listings (reference_number, workplace_id, date, employer);
      CREATE INDEX paper_listings_workplace_day ON paper_listings (workplace_id, date);

      -- The ordinal is the order lines were first captured in; capturing a line again updates it in place and
      -- keeps its ordinal.
      CREATE TABLE paper_listing_entries (
        listing_id text NOT NULL REFERENCES paper_listings (id),
        worker_kind text NOT NULL CHECK (worker_kind IN ('NISS', 'LIMOSA')),
        worker_id text NOT NULL,
        ordinal bigint GENERATED ALWAYS AS IDENTITY,
        last_name text NOT NULL,
        first_name text NOT NULL,
        presence_id uuid NOT NULL,
        receipt_number text NOT NULL,
        captured_at timestamptz NOT NULL,
        captured_by_role text NOT NULL,
        captured_by_id text NOT NULL,
        PRIMARY KEY (listing_id, worker_kind, worker_id)
      );

      -- A line captured back from a paper listing (channel PAPER) carries the listing's reference number, which
      -- makes the listing the proof of the registration. Null for every other presence, and for those before.
      -- Added on the partitioned table, it reaches every partition (and those made later); nullable without a
      -- default, it rewrites no row.
      ALTER TABLE presences ADD COLUMN reference_number text;

      -- register_presences of 0001, storing the reference number too (step 2); nothing else changed.
      CREATE OR REPLACE FUNCTION register_presences(items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
      DECLARE
        bound uuid[];      -- items whose clientReference this call bound (to the item's own id)
        created jsonb;     -- the presences this call made, by id
        keyed uuid[];      -- those of them whose receipt number went into presence_keys
        outcomes jsonb[] := '{}';
        item record;
        found_row presences%ROWTYPE;
        kind text;
        bound_id uuid;
        bound_day date;
      BEGIN
        -- 1. Bind the clientReferences of the items that may create, to the items' own ids.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, registration_date date,
            client_reference text, sender_role text, sender_id text, may_create boolean)
        ), b AS (
          INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
          SELECT sender_role, sender_id, client_reference, id, registration_date FROM input
           WHERE may_create AND client_reference IS NOT NULL
           -- In key order (then item order): concurrent batches lock the same keys in the same order, no deadlock.
           ORDER BY sender_role, sender_id, client_reference, ord
          ON CONFLICT DO NOTHING RETURNING presence_id
        )
        SELECT coalesce(array_agg(presence_id), '{}') INTO bound FROM b;

        -- 2. Make the presences that may be made and are not already there.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            channel text, reference_number text, sender_role text, sender_id text, created_at timestamptz,
            may_create boolean)
        ), c AS (
          INSERT INTO presences (registration_date, id, receipt_number, workplace_id, worker_kind, worker_id, employer,
                                 client_reference, channel, reference_number, sender_role, sender_id, status,
                                 created_at)
          SELECT registration_date, id, receipts->>0, workplace_id, worker_kind, worker_id, employer, client_reference,
                 channel, reference_number, sender_role, sender_id, 'REGISTERED', created_at
            FROM input WHERE may_create AND (client_reference IS NULL OR id = ANY (bound))
           ORDER BY workplace_id, registration_date, worker_kind, worker_id, employer, ord
          ON CONFLICT (workplace_id, registration_date, worker_kind, worker_id, employer)
            WHERE status = 'REGISTERED' DO NOTHING
          RETURNING *
        )
        SELECT coalesce(jsonb_object_agg(c.id::text, to_jsonb(c)), '{}') INTO created FROM c;

        -- 3. Their ids and receipt numbers, unique across every day.
        WITH k AS (
          INSERT INTO presence_keys (id, receipt_number, registration_date)
          SELECT (v->>'id')::uuid, v->>'receipt_number', (v->>'registration_date')::date FROM jsonb_each(created) AS e (id, v)
          ON CONFLICT (receipt_number) DO NOTHING RETURNING id
        )
        SELECT coalesce(array_agg(id), '{}') INTO keyed FROM k;

        -- 4. Each item's outcome, in order; the uncommon cases one by one.
        FOR item IN
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            sender_role text, sender_id text, may_create boolean)
          ORDER BY ord
        LOOP
          kind := NULL;
          IF created ? item.id::text THEN
            kind := 'CREATED';
            IF item.id = ANY (keyed) THEN
              outcomes := array_append(outcomes, jsonb_build_object('kind', kind, 'presence', created -> item.id::text));
              CONTINUE;
            END IF;
            -- A receipt number drawn twice (55 random bits): take the spare. Should that collide too, the unique
            -- violation fails the batch, which the caller retries with new numbers.
            UPDATE presences SET receipt_number = item.receipts->>1
             WHERE registration_date = item.registration_date AND id = item.id RETURNING * INTO found_row;
            INSERT INTO presence_keys (id, receipt_number, registration_date)
            VALUES (found_row.id, found_row.receipt_number, found_row.registration_date);
          ELSIF item.client_reference IS NOT NULL AND NOT (item.id = ANY (bound)) THEN
            SELECT p.* INTO found_row FROM client_references r
              JOIN presences p ON p.registration_date = r.registration_date AND p.id = r.presence_id
             WHERE r.sender_role = item.sender_role AND r.sender_id = item.sender_id
               AND r.client_reference = item.client_reference;
            IF FOUND THEN
              kind := 'BOUND';
            END IF;
          END IF;
          IF kind IS NULL THEN
            SELECT * INTO found_row FROM presences
             WHERE registration_date = item.registration_date AND workplace_id = item.workplace_id
               AND worker_kind = item.worker_kind AND worker_id = item.worker_id AND employer = item.employer
               AND status = 'REGISTERED';
            IF FOUND THEN
              kind := 'DUPLICATE';
              IF item.client_reference IS NOT NULL THEN
                -- The reference goes to the presence that was already there — unless another request bound it
                -- first (it waited for that one), in which case the reply names what the reference is bound to.
                INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
                VALUES (item.sender_role, item.sender_id, item.client_reference, found_row.id, found_row.registration_date)
                ON CONFLICT (sender_role, sender_id, client_reference) DO UPDATE
                  SET presence_id = CASE WHEN client_references.presence_id = item.id
                                         THEN EXCLUDED.presence_id ELSE client_references.presence_id END,
                      registration_date = CASE WHEN client_references.presence_id = item.id
                                               THEN EXCLUDED.registration_date ELSE client_references.registration_date END
                RETURNING presence_id, registration_date INTO bound_id, bound_day;
                IF bound_id <> found_row.id THEN
                  SELECT * INTO found_row FROM presences WHERE registration_date = bound_day AND id = bound_id;
                  kind := 'BOUND';
                END IF;
              END IF;
            ELSIF item.may_create THEN
              -- What blocked the insert was cancelled in the meantime: the caller sends the batch again.
              RAISE EXCEPTION 'presence neither registered nor found' USING ERRCODE = 'serialization_failure';
            ELSE
              kind := 'NOT_REGISTERED';
            END IF;
          END IF;
          outcomes := array_append(outcomes, jsonb_build_object(
            'kind', kind,
            'presence', CASE WHEN kind = 'NOT_REGISTERED' THEN NULL ELSE to_jsonb(found_row) END));
        END LOOP;
        RETURN to_jsonb(outcomes);
      END
      $fn$;
    `,
  },
  {
    id: '0003_users',
    sql: `
      -- People who sign in to the web, each acting for one principal; only a slow hash of the password is kept.
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('company', 'provider', 'agent', 'inspector', 'admin')),
        enterprise text,
        language text CHECK (language IN ('fr', 'nl', 'en')),
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      );

      -- Signed-in sessions, by the SHA-256 of the token the browser holds in its cookie.
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
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
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_role text,
        actor_enterprise text,
        actor_name text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        personal_data boolean NOT NULL,
        outcome integer NOT NULL,
        source text NOT NULL,
        details text,
        previous_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only';
      END
      $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    id: '0006_key_rotation',
    sql: `
      -- A key rotated keeps working until expires_at (the end of its grace period); its successor names it in
      -- replaces, once: a key is replaced by one key at most.
      ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
      ALTER TABLE api_keys ADD COLUMN replaces text REFERENCES api_keys (id);
      CREATE UNIQUE INDEX api_keys_replaces ON api_keys (replaces);
    `,
  },
  {
    id: '0007_audit_chains',
    sql: `
      -- The audit trail as several chains: the records written so far form the first chain (chain '', numbered
      -- by seq), and from now on each store opened — each instance, each command — appends to a chain of its own
      -- (a UUIDv7), numbered by position, whose end it alone writes. An append is then one INSERT that waits for
      -- no other instance: the advisory lock every append took, and the head it read, are gone. seq comes from a
      -- sequence and only orders the trail for reading; a chain's own order is its position.
      ALTER TABLE audit_log ADD COLUMN chain text NOT NULL DEFAULT '';
      ALTER TABLE audit_log ADD COLUMN position bigint;
      ALTER TABLE audit_log ADD CONSTRAINT audit_log_placed CHECK ((chain = '') = (position IS NULL));
      CREATE UNIQUE INDEX audit_log_chain_position ON audit_log (chain, position);
      CREATE SEQUENCE audit_log_seq AS bigint OWNED BY audit_log.seq;
      SELECT setval('audit_log_seq', coalesce(max(seq), 0) + 1, false) FROM audit_log;
      ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq');
    `,
  },
  {
    id: '0008_registration_ids',
    sql: `
      -- Each presence's number in the web-service protocol of the social security's registry
      -- (src/domain/presence-registration-id.ts): 13 random digits, the first not 0, then two check digits
      -- 97 - (body mod 97), unique across every day in presence_keys. New presences bring theirs; those stored
      -- before are drawn here. A body drawn twice is drawn again (the smaller id keeps it) until none is: four
      -- rounds leave a duplicate with a chance far below one in a billion even among a hundred million
      -- presences, and the unique index refuses it then.
      ALTER TABLE presence_keys ADD COLUMN registration_id bigint;
      UPDATE presence_keys SET registration_id = 1000000000000 + floor(random() * 9000000000000)::bigint;
      CREATE INDEX presence_keys_registration_body ON presence_keys (registration_id);
      UPDATE presence_keys k SET registration_id = 1000000000000 + floor(random() * 9000000000000)::bigint
       WHERE EXISTS (SELECT 1 FROM presence_keys q WHERE q.registration_id = k.registration_id AND q.id < k.id);
      UPDATE presence_keys k SET registration_id = 1000000000000 + floor(random() * 9000000000000)::bigint
       WHERE EXISTS (SELECT 1 FROM presence_keys q WHERE q.registration_id = k.registration_id AND q.id < k.id);
      UPDATE presence_keys k SET registration_id = 1000000000000 + floor(random() * 9000000000000)::bigint
       WHERE EXISTS (SELECT 1 FROM presence_keys q WHERE q.registration_id = k.registration_id AND q.id < k.id);
      UPDATE presence_keys k SET registration_id = 1000000000000 + floor(random() * 9000000000000)::bigint
       WHERE EXISTS (SELECT 1 FROM presence_keys q WHERE q.registration_id = k.registration_id AND q.id < k.id);
      DROP INDEX presence_keys_registration_body;
      UPDATE presence_keys SET registration_id = registration_id * 100 + (97 - registration_id % 97);
      ALTER TABLE presence_keys ALTER COLUMN registration_id SET NOT NULL;
      CREATE UNIQUE INDEX presence_keys_registration_id ON presence_keys (registration_id);

      ALTER TABLE presences ADD COLUMN registration_id bigint;
      UPDATE presences p SET registration_id = k.registration_id
        FROM presence_keys k WHERE k.id = p.id AND k.registration_date = p.registration_date;
      ALTER TABLE presences ALTER COLUMN registration_id SET NOT NULL;

      -- register_presences of 0002, storing each new presence's registration id (steps 2 and 3, and the spare
      -- pair of numbers in step 4); nothing else changed.
      CREATE OR REPLACE FUNCTION register_presences(items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
      DECLARE
        bound uuid[];      -- items whose clientReference this call bound (to the item's own id)
        created jsonb;     -- the presences this call made, by id
        keyed uuid[];      -- those of them whose numbers went into presence_keys
        outcomes jsonb[] := '{}';
        item record;
        found_row presences%ROWTYPE;
        kind text;
        bound_id uuid;
        bound_day date;
      BEGIN
        -- 1. Bind the clientReferences of the items that may create, to the items' own ids.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, registration_date date,
            client_reference text, sender_role text, sender_id text, may_create boolean)
        ), b AS (
          INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
          SELECT sender_role, sender_id, client_reference, id, registration_date FROM input
           WHERE may_create AND client_reference IS NOT NULL
           -- In key order (then item order): concurrent batches lock the same keys in the same order, no deadlock.
           ORDER BY sender_role, sender_id, client_reference, ord
          ON CONFLICT DO NOTHING RETURNING presence_id
        )
        SELECT coalesce(array_agg(presence_id), '{}') INTO bound FROM b;

        -- 2. Make the presences that may be made and are not already there.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, registration_ids jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            channel text, reference_number text, sender_role text, sender_id text, created_at timestamptz,
            may_create boolean)
        ), c AS (
          INSERT INTO presences (registration_date, id, receipt_number, registration_id, workplace_id, worker_kind,
                                 worker_id, employer, client_reference, channel, reference_number, sender_role,
                                 sender_id, status, created_at)
          SELECT registration_date, id, receipts->>0, (registration_ids->>0)::bigint, workplace_id, worker_kind,
                 worker_id, employer, client_reference, channel, reference_number, sender_role, sender_id,
                 'REGISTERED', created_at
            FROM input WHERE may_create AND (client_reference IS NULL OR id = ANY (bound))
           ORDER BY workplace_id, registration_date, worker_kind, worker_id, employer, ord
          ON CONFLICT (workplace_id, registration_date, worker_kind, worker_id, employer)
            WHERE status = 'REGISTERED' DO NOTHING
          RETURNING *
        )
        SELECT coalesce(jsonb_object_agg(c.id::text, to_jsonb(c)), '{}') INTO created FROM c;

        -- 3. Their ids, receipt numbers and registration ids, unique across every day.
        WITH k AS (
          INSERT INTO presence_keys (id, receipt_number, registration_date, registration_id)
          SELECT (v->>'id')::uuid, v->>'receipt_number', (v->>'registration_date')::date, (v->>'registration_id')::bigint
            FROM jsonb_each(created) AS e (id, v)
          ON CONFLICT DO NOTHING RETURNING id
        )
        SELECT coalesce(array_agg(id), '{}') INTO keyed FROM k;

        -- 4. Each item's outcome, in order; the uncommon cases one by one.
        FOR item IN
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, registration_ids jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            sender_role text, sender_id text, may_create boolean)
          ORDER BY ord
        LOOP
          kind := NULL;
          IF created ? item.id::text THEN
            kind := 'CREATED';
            IF item.id = ANY (keyed) THEN
              outcomes := array_append(outcomes, jsonb_build_object('kind', kind, 'presence', created -> item.id::text));
              CONTINUE;
            END IF;
            -- A receipt number or a registration id drawn twice: take the spare pair. Should that collide too,
            -- the unique violation fails the batch, which the caller retries with new numbers.
            UPDATE presences SET receipt_number = item.receipts->>1, registration_id = (item.registration_ids->>1)::bigint
             WHERE registration_date = item.registration_date AND id = item.id RETURNING * INTO found_row;
            INSERT INTO presence_keys (id, receipt_number, registration_date, registration_id)
            VALUES (found_row.id, found_row.receipt_number, found_row.registration_date, found_row.registration_id);
          ELSIF item.client_reference IS NOT NULL AND NOT (item.id = ANY (bound)) THEN
            SELECT p.* INTO found_row FROM client_references r
              JOIN presences p ON p.registration_date = r.registration_date AND p.id = r.presence_id
             WHERE r.sender_role = item.sender_role AND r.sender_id = item.sender_id
               AND r.client_reference = item.client_reference;
            IF FOUND THEN
              kind := 'BOUND';
            END IF;
          END IF;
          IF kind IS NULL THEN
            SELECT * INTO found_row FROM presences
             WHERE registration_date = item.registration_date AND workplace_id = item.workplace_id
               AND worker_kind = item.worker_kind AND worker_id = item.worker_id AND employer = item.employer
               AND status = 'REGISTERED';
            IF FOUND THEN
              kind := 'DUPLICATE';
              IF item.client_reference IS NOT NULL THEN
                -- The reference goes to the presence that was already there — unless another request bound it
                -- first (it waited for that one), in which case the reply names what the reference is bound to.
                INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
                VALUES (item.sender_role, item.sender_id, item.client_reference, found_row.id, found_row.registration_date)
                ON CONFLICT (sender_role, sender_id, client_reference) DO UPDATE
                  SET presence_id = CASE WHEN client_references.presence_id = item.id
                                         THEN EXCLUDED.presence_id ELSE client_references.presence_id END,
                      registration_date = CASE WHEN client_references.presence_id = item.id
                                               THEN EXCLUDED.registration_date ELSE client_references.registration_date END
                RETURNING presence_id, registration_date INTO bound_id, bound_day;
                IF bound_id <> found_row.id THEN
                  SELECT * INTO found_row FROM presences WHERE registration_date = bound_day AND id = bound_id;
                  kind := 'BOUND';
                END IF;
              END IF;
            ELSIF item.may_create THEN
              -- What blocked the insert was cancelled in the meantime: the caller sends the batch again.
              RAISE EXCEPTION 'presence neither registered nor found' USING ERRCODE = 'serialization_failure';
            ELSE
              kind := 'NOT_REGISTERED';
            END IF;
          END IF;
          outcomes := array_append(outcomes, jsonb_build_object(
            'kind', kind,
            'presence', CASE WHEN kind = 'NOT_REGISTERED' THEN NULL ELSE to_jsonb(found_row) END));
        END LOOP;
        RETURN to_jsonb(outcomes);
      END
      $fn$;
    `,
  },
  {
    id: '0009_sender_certificates',
    sql: `
      -- The X.509 certificates of the senders who call the web service (SOAP, signed with WS-Security), each for
      -- a company or a provider, found by its SHA-256 fingerprint (upper-case hex, colons). Only what identifies
      -- the certificate is kept. One certificate not revoked per fingerprint; a revoked one may come back.
      CREATE TABLE sender_certificates (
        id text PRIMARY KEY,
        fingerprint256 text NOT NULL,
        subject text NOT NULL,
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        role text NOT NULL CHECK (role IN ('company', 'provider')),
        enterprise text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE UNIQUE INDEX sender_certificates_unrevoked ON sender_certificates (fingerprint256)
        WHERE revoked_at IS NULL;
    `,
  },
  {
    id: '0010_validation',
    sql: `
      -- As SQLite's 0010: each presence's checks against what the registry holds (src/domain/validation.ts),
      -- whether one is due, and the two reference registers a check reads.
      ALTER TABLE presences ADD COLUMN validation_status text NOT NULL DEFAULT 'PENDING'
        CHECK (validation_status IN ('PENDING', 'VALIDATED', 'FAILED'));
      ALTER TABLE presences ADD COLUMN validation_remarks integer NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN validated_at timestamptz;
      ALTER TABLE presences ADD COLUMN validation_history jsonb NOT NULL DEFAULT '[]';
      ALTER TABLE presences ADD COLUMN validation_due integer NOT NULL DEFAULT 1;
      ALTER TABLE presences ADD COLUMN validation_lease timestamptz;
      UPDATE presences SET validation_due = 0 WHERE status = 'CANCELLED';
      CREATE INDEX presences_validation_due ON presences (registration_date, sequence) WHERE validation_due > 0;

      CREATE TABLE employment_declarations (
        employer text NOT NULL,
        worker text NOT NULL,
        from_date date NOT NULL,
        to_date date,
        loaded_at timestamptz NOT NULL,
        PRIMARY KEY (employer, worker, from_date)
      );
      CREATE INDEX employment_declarations_worker ON employment_declarations (worker);
      CREATE TABLE limosa_declarations (
        limosa_id text PRIMARY KEY,
        worker text NOT NULL,
        from_date date NOT NULL,
        to_date date,
        loaded_at timestamptz NOT NULL
      );
      CREATE INDEX limosa_declarations_worker ON limosa_declarations (worker);
      CREATE TABLE register_loads (
        register text PRIMARY KEY CHECK (register IN ('employment', 'limosa')),
        loaded_at timestamptz NOT NULL,
        mode text NOT NULL CHECK (mode IN ('merge', 'replace')),
        lines integer NOT NULL
      );
    `,
  },
  {
    id: '0011_upstream',
    sql: `
      -- As SQLite's 0011: each presence's state at the official registry, the outbox of what the forwarder has to
      -- do, and the upstream's availability as the relay saw it.
      ALTER TABLE presences ADD COLUMN upstream_status text
        CHECK (upstream_status IN ('PENDING', 'SENT', 'VALIDATED', 'FAILED', 'REFUSED', 'WITHHELD'));
      ALTER TABLE presences ADD COLUMN upstream_registration_id text;
      ALTER TABLE presences ADD COLUMN upstream_remarks integer NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN upstream_errors jsonb;
      ALTER TABLE presences ADD COLUMN upstream_at timestamptz;
      ALTER TABLE presences ADD COLUMN upstream_cancel text CHECK (upstream_cancel IN ('PENDING', 'CANCELLED', 'REFUSED'));
      ALTER TABLE presences ADD COLUMN upstream_cancel_at timestamptz;
      ALTER TABLE presences ADD COLUMN upstream_due integer NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN upstream_next_at timestamptz;
      ALTER TABLE presences ADD COLUMN upstream_lease timestamptz;
      ALTER TABLE presences ADD COLUMN upstream_unsure integer NOT NULL DEFAULT 0;
      ALTER TABLE presences ADD COLUMN upstream_polls integer NOT NULL DEFAULT 0;
      CREATE INDEX presences_upstream_due ON presences (registration_date, sequence) WHERE upstream_due = 1;
      CREATE INDEX presences_upstream_status ON presences (upstream_status, registration_date)
        WHERE upstream_status IS NOT NULL;

      CREATE TABLE upstream_journal (
        instance_id text NOT NULL,
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL,
        answering boolean NOT NULL,
        calls integer NOT NULL,
        last_error text,
        PRIMARY KEY (instance_id, from_at)
      );
      CREATE INDEX upstream_journal_to ON upstream_journal (to_at);

      -- A registration made through a relay (relay: true) is put in the outbox in the statement that makes it.
      CREATE OR REPLACE FUNCTION register_presences(items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $fn$
      DECLARE
        bound uuid[];      -- items whose clientReference this call bound (to the item's own id)
        created jsonb;     -- the presences this call made, by id
        keyed uuid[];      -- those of them whose numbers went into presence_keys
        outcomes jsonb[] := '{}';
        item record;
        found_row presences%ROWTYPE;
        kind text;
        bound_id uuid;
        bound_day date;
      BEGIN
        -- 1. Bind the clientReferences of the items that may create, to the items' own ids.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, registration_date date,
            client_reference text, sender_role text, sender_id text, may_create boolean)
        ), b AS (
          INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
          SELECT sender_role, sender_id, client_reference, id, registration_date FROM input
           WHERE may_create AND client_reference IS NOT NULL
           -- In key order (then item order): concurrent batches lock the same keys in the same order, no deadlock.
           ORDER BY sender_role, sender_id, client_reference, ord
          ON CONFLICT DO NOTHING RETURNING presence_id
        )
        SELECT coalesce(array_agg(presence_id), '{}') INTO bound FROM b;

        -- 2. Make the presences that may be made and are not already there.
        WITH input AS (
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, registration_ids jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            channel text, reference_number text, sender_role text, sender_id text, created_at timestamptz,
            may_create boolean, relay boolean)
        ), c AS (
          INSERT INTO presences (registration_date, id, receipt_number, registration_id, workplace_id, worker_kind,
                                 worker_id, employer, client_reference, channel, reference_number, sender_role,
                                 sender_id, status, created_at, upstream_status, upstream_due)
          SELECT registration_date, id, receipts->>0, (registration_ids->>0)::bigint, workplace_id, worker_kind,
                 worker_id, employer, client_reference, channel, reference_number, sender_role, sender_id,
                 'REGISTERED', created_at, CASE WHEN relay THEN 'PENDING' END, CASE WHEN relay THEN 1 ELSE 0 END
            FROM input WHERE may_create AND (client_reference IS NULL OR id = ANY (bound))
           ORDER BY workplace_id, registration_date, worker_kind, worker_id, employer, ord
          ON CONFLICT (workplace_id, registration_date, worker_kind, worker_id, employer)
            WHERE status = 'REGISTERED' DO NOTHING
          RETURNING *
        )
        SELECT coalesce(jsonb_object_agg(c.id::text, to_jsonb(c)), '{}') INTO created FROM c;

        -- 3. Their ids, receipt numbers and registration ids, unique across every day.
        WITH k AS (
          INSERT INTO presence_keys (id, receipt_number, registration_date, registration_id)
          SELECT (v->>'id')::uuid, v->>'receipt_number', (v->>'registration_date')::date, (v->>'registration_id')::bigint
            FROM jsonb_each(created) AS e (id, v)
          ON CONFLICT DO NOTHING RETURNING id
        )
        SELECT coalesce(array_agg(id), '{}') INTO keyed FROM k;

        -- 4. Each item's outcome, in order; the uncommon cases one by one.
        FOR item IN
          SELECT * FROM jsonb_array_elements(items) WITH ORDINALITY AS e (value, ord),
                 jsonb_to_record(e.value) AS i (id uuid, receipts jsonb, registration_ids jsonb, workplace_id text,
            registration_date date, worker_kind text, worker_id text, employer text, client_reference text,
            sender_role text, sender_id text, may_create boolean)
          ORDER BY ord
        LOOP
          kind := NULL;
          IF created ? item.id::text THEN
            kind := 'CREATED';
            IF item.id = ANY (keyed) THEN
              outcomes := array_append(outcomes, jsonb_build_object('kind', kind, 'presence', created -> item.id::text));
              CONTINUE;
            END IF;
            -- A receipt number or a registration id drawn twice: take the spare pair. Should that collide too,
            -- the unique violation fails the batch, which the caller retries with new numbers.
            UPDATE presences SET receipt_number = item.receipts->>1, registration_id = (item.registration_ids->>1)::bigint
             WHERE registration_date = item.registration_date AND id = item.id RETURNING * INTO found_row;
            INSERT INTO presence_keys (id, receipt_number, registration_date, registration_id)
            VALUES (found_row.id, found_row.receipt_number, found_row.registration_date, found_row.registration_id);
          ELSIF item.client_reference IS NOT NULL AND NOT (item.id = ANY (bound)) THEN
            SELECT p.* INTO found_row FROM client_references r
              JOIN presences p ON p.registration_date = r.registration_date AND p.id = r.presence_id
             WHERE r.sender_role = item.sender_role AND r.sender_id = item.sender_id
               AND r.client_reference = item.client_reference;
            IF FOUND THEN
              kind := 'BOUND';
            END IF;
          END IF;
          IF kind IS NULL THEN
            SELECT * INTO found_row FROM presences
             WHERE registration_date = item.registration_date AND workplace_id = item.workplace_id
               AND worker_kind = item.worker_kind AND worker_id = item.worker_id AND employer = item.employer
               AND status = 'REGISTERED';
            IF FOUND THEN
              kind := 'DUPLICATE';
              IF item.client_reference IS NOT NULL THEN
                -- The reference goes to the presence that was already there — unless another request bound it
                -- first (it waited for that one), in which case the reply names what the reference is bound to.
                INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id, registration_date)
                VALUES (item.sender_role, item.sender_id, item.client_reference, found_row.id, found_row.registration_date)
                ON CONFLICT (sender_role, sender_id, client_reference) DO UPDATE
                  SET presence_id = CASE WHEN client_references.presence_id = item.id
                                         THEN EXCLUDED.presence_id ELSE client_references.presence_id END,
                      registration_date = CASE WHEN client_references.presence_id = item.id
                                               THEN EXCLUDED.registration_date ELSE client_references.registration_date END
                RETURNING presence_id, registration_date INTO bound_id, bound_day;
                IF bound_id <> found_row.id THEN
                  SELECT * INTO found_row FROM presences WHERE registration_date = bound_day AND id = bound_id;
                  kind := 'BOUND';
                END IF;
              END IF;
            ELSIF item.may_create THEN
              -- What blocked the insert was cancelled in the meantime: the caller sends the batch again.
              RAISE EXCEPTION 'presence neither registered nor found' USING ERRCODE = 'serialization_failure';
            ELSE
              kind := 'NOT_REGISTERED';
            END IF;
          END IF;
          outcomes := array_append(outcomes, jsonb_build_object(
            'kind', kind,
            'presence', CASE WHEN kind = 'NOT_REGISTERED' THEN NULL ELSE to_jsonb(found_row) END));
        END LOOP;
        RETURN to_jsonb(outcomes);
      END
      $fn$;
    `,
  },
];
