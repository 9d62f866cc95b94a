import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { newReceiptNumber, RECEIPT_RANDOM_BYTES } from '../src/domain/receipt-number.js';
import { newWorkplaceId, WORKPLACE_ID_RANDOM_BYTES } from '../src/domain/workplace.js';
import { withClient } from './postgres-server.js';
import type { SeedPlan } from './seed.js';

/** What was seeded in PostgreSQL, and how long it took. */
export interface PostgresSeedResult {
  readonly workplaceIds: readonly string[];
  readonly rows: number;
  /** Seconds in all; of them, building the presences indexes, and VACUUM ANALYZE. */
  readonly seconds: number;
  readonly indexSeconds: number;
  readonly vacuumSeconds: number;
  /** `pg_database_size` once seeded. */
  readonly databaseBytes: number;
  /** Rows per partition of `presences` (the default partition should hold none). */
  readonly partitions: Readonly<Record<string, number>>;
}

/**
 * One chunk of presences, numbered from $1: presence n is at workplace `n mod W`, worker `⌊n / W⌋ mod K` of it,
 * on day `⌊n / (W·K)⌋` — day by day, across all workplaces, as registrations arrive (the rows of one
 * workplace-day far apart in the table). Ids and receipt numbers come from the bench ($2, $3), drawn as the
 * server draws them; `presence_keys` gets its row for each, as register_presences writes it.
 */
const INSERT_CHUNK = `
  WITH chunk AS (
    SELECT $1::bigint + t.o - 1 AS n, t.id, t.receipt
      FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS t (id, receipt, o)
  ), numbered AS (
    SELECT c.n, c.id, c.receipt, w.id AS workplace_id, b.base
      FROM chunk c
      JOIN seed_workplaces w ON w.w = c.n % $5
      -- Worker j has the NISS of bench/niss.ts nissFor(j): born 1940-01-01 + ⌊j / 997⌋ days, serial
      -- j mod 997 + 1, then check digits 97 − (YYMMDDSSS mod 97).
      CROSS JOIN LATERAL (SELECT (c.n % $5) * $6 + (c.n / $5) % $6 AS j) k
      CROSS JOIN LATERAL (SELECT to_char(date '1940-01-01' + (k.j / 997)::int, 'YYMMDD')
                                 || lpad((k.j % 997 + 1)::text, 3, '0') AS base) b
  ), made AS (
    INSERT INTO presences (registration_date, id, receipt_number, registration_id, workplace_id, worker_kind,
                           worker_id, employer, client_reference, channel, sender_role, sender_id, status,
                           created_at)
    -- Registration id: the body 10^12 + n (unique by construction among millions) and its check digits.
    SELECT ($4::date[])[(n / ($5 * $6))::int + 1], id, receipt,
           (1000000000000 + n) * 100 + (97 - (1000000000000 + n) % 97), workplace_id, 'NISS',
           base || lpad((97 - base::bigint % 97)::text, 2, '0'), $7, NULL, 'WEB_SERVICE', 'company', $7,
           'REGISTERED', $8
      FROM numbered ORDER BY n
    RETURNING id, receipt_number, registration_date, registration_id
  )
  INSERT INTO presence_keys (id, receipt_number, registration_date, registration_id)
  SELECT id, receipt_number, registration_date, registration_id FROM made`;

/**
 * Fills a registry database in PostgreSQL (created and migrated by the registry, the partitions of the plan's
 * days made) with workplaces declared by `plan.company`, each with its `workplace_access` row as
 * PostgresWorkplaceRepository.create writes it, and `workplaces × days × workersPerDay` presences with the
 * columns register_presences writes, in SQL. As the SQLite seed does, the presences indexes are dropped during
 * the load and built again with the schema's own definitions; then VACUUM ANALYZE (what autovacuum would do, done
 * now so that it does not run during the searches) and a checkpoint.
 */
export async function seedPostgresPresences(url: string, plan: SeedPlan): Promise<PostgresSeedResult> {
  const started = performance.now();
  return withClient(url, async (client) => {
    // Seeding is set-up, not the thing measured: no waiting for the WAL flush at each commit.
    await client.query('SET synchronous_commit = off');
    await client.query(`SET maintenance_work_mem = '1GB'`);
    const workplaceIds = await seedWorkplaces(client, plan);
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition
         FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = 'presences'::regclass AND NOT x.indisprimary`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    const total = plan.workplaces * plan.days.length * plan.workersPerDay;
    const createdAt = new Date().toISOString();
    let next = await drawKeys(0, Math.min(plan.chunkRows, total));
    for (let first = 0; first < total; first += plan.chunkRows) {
      const keys = next;
      const sending = client.query(INSERT_CHUNK, [
        first,
        keys.ids,
        keys.receipts,
        plan.days,
        plan.workplaces,
        plan.workersPerDay,
        plan.company,
        createdAt,
      ]);
      // The next chunk's ids and receipts are drawn while PostgreSQL inserts this one.
      const after = first + plan.chunkRows;
      if (after < total) next = await drawKeys(after, Math.min(plan.chunkRows, total - after));
      await sending;
      plan.progress?.(Math.min(total, after));
    }
    const indexing = performance.now();
    for (const index of indexes) await client.query(index.definition.replace(' ON ONLY ', ' ON '));
    const indexSeconds = (performance.now() - indexing) / 1000;
    const vacuuming = performance.now();
    await client.query('VACUUM (ANALYZE) presences, presence_keys, workplaces, workplace_access');
    const vacuumSeconds = (performance.now() - vacuuming) / 1000;
    // A checkpoint now rather than during the searches (it needs pg_checkpoint or superuser: else, skipped).
    await client.query('CHECKPOINT').catch(() => undefined);
    const { rows: size } = await client.query<{ bytes: string }>(
      'SELECT pg_database_size(current_database()) AS bytes',
    );
    const { rows: partitions } = await client.query<{ name: string; n: number }>(
      `SELECT tableoid::regclass::text AS name, count(*)::int AS n FROM presences GROUP BY 1 ORDER BY 1`,
    );
    return {
      workplaceIds,
      rows: total,
      seconds: (performance.now() - started) / 1000,
      indexSeconds,
      vacuumSeconds,
      databaseBytes: Number(size[0]?.bytes ?? Number.NaN),
      partitions: Object.fromEntries(partitions.map((p) => [p.name, p.n])),
    };
  });
}

/** Keys drawn per turn of the event loop: a few milliseconds, so that a signal (Ctrl-C) is handled at once. */
const KEYS_PER_TURN = 2_000;

/**
 * Ids (UUIDv7, as the server draws them) and receipt numbers for presences `first` to `first + count − 1`.
 * A receipt number holds 55 random bits; here bits 16 to 47 are the presence's number instead, so that no two
 * of millions collide (the registry would draw the spare receipt; a seed has none).
 */
async function drawKeys(first: number, count: number): Promise<{ ids: string[]; receipts: string[] }> {
  const ids: string[] = [];
  const receipts: string[] = [];
  const bytes = randomFillSync(new Uint8Array(RECEIPT_RANDOM_BYTES * count));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i += 1) {
    if (i % KEYS_PER_TURN === KEYS_PER_TURN - 1) await new Promise(setImmediate);
    ids.push(uuidv7());
    view.setUint32(i * RECEIPT_RANDOM_BYTES + 2, first + i);
    receipts.push(newReceiptNumber(bytes.subarray(i * RECEIPT_RANDOM_BYTES, (i + 1) * RECEIPT_RANDOM_BYTES)));
  }
  return { ids, receipts };
}

async function seedWorkplaces(client: pg.Client, plan: SeedPlan): Promise<string[]> {
  const ids = new Set<string>();
  while (ids.size < plan.workplaces) {
    ids.add(newWorkplaceId(randomFillSync(new Uint8Array(WORKPLACE_ID_RANDOM_BYTES))));
  }
  const workplaceIds = [...ids];
  // Workplace w of the plan, by number, for the presences' join; dropped with the session.
  await client.query('CREATE TEMPORARY TABLE seed_workplaces (w integer PRIMARY KEY, id text NOT NULL)');
  await client.query(
    'INSERT INTO seed_workplaces (w, id) SELECT o - 1, id FROM unnest($1::text[]) WITH ORDINALITY AS t (id, o)',
    [workplaceIds],
  );
  await client.query('ANALYZE seed_workplaces');
  await client.query(
    `INSERT INTO workplaces (id, name, street, postal_code, city, declarant, start_date, end_date,
       permanently_without_infrastructure, created_at)
     SELECT id, 'Werf ' || (w + 1), 'Wetstraat 16', '1000', 'Brussel', $1, $2, $3, false, now()
       FROM seed_workplaces ORDER BY w`,
    [plan.company, plan.days[0], plan.days[plan.days.length - 1]],
  );
  // As PostgresWorkplaceRepository.create does: the declarant sees its own workplace and its own presences.
  await client.query(
    `INSERT INTO workplace_access (workplace_id, viewer, employer) SELECT id, $1, $1 FROM seed_workplaces ORDER BY w`,
    [plan.company],
  );
  return workplaceIds;
}
