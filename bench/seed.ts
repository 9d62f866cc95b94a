import { randomFillSync } from 'node:crypto';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { withCheckDigits } from '../src/domain/presence-registration-id.js';
import { newReceiptNumber, RECEIPT_RANDOM_BYTES } from '../src/domain/receipt-number.js';
import { newWorkplaceId, WORKPLACE_ID_RANDOM_BYTES } from '../src/domain/workplace.js';
import { nissFor } from './niss.js';
import { INSERT_PRESENCE } from './registry-file.js';

/** The first 13-digit body of the seeded presences' registration ids; the n-th presence has body + n. */
const SEED_REGISTRATION_BODY = 1_000_000_000_000;

/** What to put in a database before searching it. */
export interface SeedPlan {
  readonly workplaces: number;
  readonly days: readonly string[];
  readonly workersPerDay: number;
  /** The company that declared every workplace and employs every worker. */
  readonly company: string;
  /** Rows per transaction. */
  readonly chunkRows: number;
  /** Called after each transaction with the rows stored so far. */
  readonly progress?: (rows: number) => void;
}

/** What was seeded, and how long it took. */
export interface SeedResult {
  readonly workplaceIds: readonly string[];
  readonly rows: number;
  /** Seconds in all, and of them the seconds spent building the presences indexes. */
  readonly seconds: number;
  readonly indexSeconds: number;
  readonly fileBytes: number;
}

/**
 * Fills a registry database (already created and migrated by the registry) with workplaces declared by
 * `plan.company` and `workplaces × days × workersPerDay` presences, with the columns the server writes.
 * Registrations arrive interleaved, day by day across all workplaces, as they would in real life: the rows of
 * one workplace-day are far apart in the table, not side by side.
 */
export function seedPresences(path: string, plan: SeedPlan): SeedResult {
  const started = performance.now();
  const db = new Database(path);
  try {
    // Seeding is set-up, not the thing measured: no fsync, and a page cache that holds the indexes.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -4000000');
    const workplaceIds = seedWorkplaces(db, plan);
    // Building an index once from sorted rows is far faster than growing it a row at a time: drop the
    // presences indexes, load, and create them again with the schema's own SQL.
    const indexes = db
      .prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'presences' AND sql IS NOT NULL`,
      )
      .all();
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
    const insert = db.prepare(INSERT_PRESENCE);
    const total = plan.workplaces * plan.days.length * plan.workersPerDay;
    const randomBytes = new Uint8Array(RECEIPT_RANDOM_BYTES * plan.chunkRows);
    const insertChunk = db.transaction((first: number, count: number) => {
      randomFillSync(randomBytes);
      const createdAt = new Date().toISOString();
      for (let i = 0; i < count; i += 1) {
        const n = first + i;
        const w = n % plan.workplaces;
        const k = Math.floor(n / plan.workplaces) % plan.workersPerDay;
        const day = plan.days[Math.floor(n / (plan.workplaces * plan.workersPerDay))]!;
        const receiptBytes = randomBytes.subarray(i * RECEIPT_RANDOM_BYTES, (i + 1) * RECEIPT_RANDOM_BYTES);
        insert.run(
          uuidv7(),
          newReceiptNumber(receiptBytes),
          // Unique by construction among millions, as a drawn one would be after the store's redraws.
          Number(withCheckDigits(SEED_REGISTRATION_BODY + n)),
          workplaceIds[w]!,
          day,
          'NISS',
          nissFor(w * plan.workersPerDay + k),
          plan.company,
          // Seeded presences carry no clientReference, so no client_references rows: searches never read them.
          null,
          'WEB_SERVICE',
          'company',
          plan.company,
          createdAt,
        );
      }
    });
    for (let first = 0; first < total; first += plan.chunkRows) {
      insertChunk.immediate(first, Math.min(plan.chunkRows, total - first));
      plan.progress?.(Math.min(total, first + plan.chunkRows));
    }
    const indexing = performance.now();
    for (const index of indexes) db.exec(index.sql);
    const indexSeconds = (performance.now() - indexing) / 1000;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      workplaceIds,
      rows: total,
      seconds: (performance.now() - started) / 1000,
      indexSeconds,
      fileBytes: statSync(path).size,
    };
  } finally {
    db.close();
  }
}

function seedWorkplaces(db: Database.Database, plan: SeedPlan): string[] {
  const ids = new Set<string>();
  while (ids.size < plan.workplaces) {
    ids.add(newWorkplaceId(randomFillSync(new Uint8Array(WORKPLACE_ID_RANDOM_BYTES))));
  }
  const workplaceIds = [...ids];
  const insertWorkplace = db.prepare(
    `INSERT INTO workplaces (id, name, street, postal_code, city, declarant, start_date, end_date,
       permanently_without_infrastructure, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
  );
  // As SqliteWorkplaceRepository.create does: the declarant sees its own workplace and its own presences.
  const insertAccess = db.prepare(
    'INSERT INTO workplace_access (workplace_id, viewer, employer) VALUES (?, ?, ?)',
  );
  const first = plan.days[0]!;
  const last = plan.days[plan.days.length - 1]!;
  db.transaction(() => {
    const createdAt = new Date().toISOString();
    workplaceIds.forEach((id, i) => {
      insertWorkplace.run(
        id,
        `Werf ${i + 1}`,
        'Wetstraat 16',
        '1000',
        'Brussel',
        plan.company,
        first,
        last,
        createdAt,
      );
      insertAccess.run(id, plan.company, plan.company);
    });
  }).immediate();
  return workplaceIds;
}
