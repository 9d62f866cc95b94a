import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { MaintenanceReport } from '../maintenance-report.js';
import type { PurgeReport } from '../purge-report.js';
import type { BackupReport } from '../backup-report.js';
import type { Store } from '../store.js';
import { SqliteApiKeyRepository } from './sqlite-api-key-repository.js';
import { SqliteAuditRepository } from './sqlite-audit-repository.js';
import { SqliteAvailabilityRepository } from './sqlite-availability-repository.js';
import { SqliteIncidentRepository } from './sqlite-incident-repository.js';
import { SqliteMandateRepository } from './sqlite-mandate-repository.js';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './sqlite-migrations.js';
import { SqlitePaperListingRepository } from './sqlite-paper-listing-repository.js';
import { SqliteSessionRepository, SqliteUserRepository } from './sqlite-user-repository.js';
import { SqliteDeclarationRepository } from './sqlite-declaration-repository.js';
import { SqlitePresenceRepository } from './sqlite-presence-repository.js';
import { SqliteUpstreamRepository } from './sqlite-upstream-repository.js';
import { SqliteValidationRepository } from './sqlite-validation-repository.js';
import { SqliteReferenceRepository } from './sqlite-reference-repository.js';
import { SqliteRosterRepository } from './sqlite-roster-repository.js';
import { SqliteSenderCertificateRepository } from './sqlite-sender-certificate-repository.js';
import { SqliteWorkplaceRepository } from './sqlite-workplace-repository.js';
import { SqliteReadCache } from './read-cache.js';
import { WriteBatcher } from '../../shared/sqlite/write-batcher.js';
import { BackgroundCheckpointer, FALLBACK_AUTOCHECKPOINT_PAGES } from './background-checkpointer.js';
import { PausingWriteBatcher, WriterThread } from './writer-thread/writer-thread.js';

/** Where the SQLite database lives: a file path, or `:memory:` for a throwaway database. */
export interface SqliteStoreOptions {
  readonly path: string;
  /**
   * Run checkpoints in a thread of their own (a server); short-lived uses (the CLI, tests) leave them to SQLite.
   */
  readonly backgroundCheckpoints?: boolean;
  /**
   * Make the writes on a thread of their own (a server): the thread that serves requests never waits for a
   * commit's fsync nor for the inserts of a group commit. A file only: a `:memory:` database is one connection's.
   */
  readonly writerThread?: boolean;
}

/**
 * Opens (creating it if need be) and migrates a SQLite database. Writes are durable when acknowledged:
 * write-ahead log with `synchronous=FULL`, and group commit so that one fsync serves many requests.
 */
export async function openSqliteStore(
  options: SqliteStoreOptions,
): Promise<{ store: Store; applied: string[] }> {
  if (options.writerThread === true && options.path !== ':memory:') return openWithWriterThread(options);
  return openLocalSqliteStore(options);
}

/** Opens a store whose writes run on this thread: the CLI's, the tests', and the writer thread's own. */
export async function openLocalSqliteStore(
  options: SqliteStoreOptions,
): Promise<{ store: SqliteStore; applied: string[] }> {
  const inMemory = options.path === ':memory:';
  if (!inMemory) mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  let applied: string[];
  try {
    configure(db);
    applied = migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpointer =
    options.backgroundCheckpoints === true && !inMemory
      ? await BackgroundCheckpointer.start(options.path)
      : undefined;
  // With its own checkpoints running, the serving connection checkpoints only if they fall far behind.
  if (checkpointer !== undefined) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  return { store: new SqliteStore(db, { writes: new WriteBatcher(db), checkpointer }), applied };
}

/**
 * Opens a store whose writes run on the writer thread (which migrates the database and checkpoints it), and whose
 * reads run here on a connection of their own. The few writes that cannot cross threads run here, the writer
 * thread paused meanwhile.
 */
async function openWithWriterThread(
  options: SqliteStoreOptions,
): Promise<{ store: Store; applied: string[] }> {
  const { thread, applied } = await WriterThread.start(options.path, options.backgroundCheckpoints === true);
  try {
    const db = new Database(options.path, { fileMustExist: true });
    try {
      configure(db);
      // The writer thread checkpoints: this connection's rare commits do only if checkpoints fall far behind.
      db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    } catch (error) {
      db.close();
      throw error;
    }
    const store = new SqliteStore(db, { writes: new PausingWriteBatcher(db, thread), thread });
    thread.serve(store, store.cache);
    return { store, applied: [...applied] };
  } catch (error) {
    await thread.close();
    throw error;
  }
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache: the indexes a registration touches stay in memory.
  db.pragma('cache_size = -65536');
}

function migrate(db: Database.Database): string[] {
  // Up to date (the usual case, and every CLI command while a server runs): read only, take no write lock.
  if (pendingMigrations(db).length === 0) return [];
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied: string[] = [];
    for (const migration of pendingMigrations(db)) {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
        migration.id,
        new Date().toISOString(),
      );
      applied.push(migration.id);
    }
    return applied;
  });
  return run.immediate();
}

function pendingMigrations(db: Database.Database): SqliteMigration[] {
  const tracked = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  const done = new Set(
    tracked === undefined ? [] : db.prepare<[], string>('SELECT id FROM schema_migrations').pluck().all(),
  );
  return SQLITE_MIGRATIONS.filter((m) => !done.has(m.id));
}

/** What a store writes through, and what runs beside it. */
interface SqliteStoreParts {
  readonly writes: WriteBatcher;
  readonly checkpointer?: BackgroundCheckpointer | undefined;
  readonly thread?: WriterThread | undefined;
}

export class SqliteStore implements Store {
  readonly presences: SqlitePresenceRepository;
  readonly validations: SqliteValidationRepository;
  readonly declarations: SqliteDeclarationRepository;
  readonly upstream: SqliteUpstreamRepository;
  readonly workplaces: SqliteWorkplaceRepository;
  readonly apiKeys: SqliteApiKeyRepository;
  readonly senderCertificates: SqliteSenderCertificateRepository;
  readonly mandates: SqliteMandateRepository;
  readonly availability: SqliteAvailabilityRepository;
  readonly incidents: SqliteIncidentRepository;
  readonly references: SqliteReferenceRepository;
  readonly rosters: SqliteRosterRepository;
  readonly paperListings: SqlitePaperListingRepository;
  readonly users: SqliteUserRepository;
  readonly sessions: SqliteSessionRepository;
  readonly audit: SqliteAuditRepository;
  /** What this connection reads on every request (keys, certificates, workplaces), kept exact by invalidation. */
  readonly cache: SqliteReadCache;
  private readonly writes: WriteBatcher;
  private readonly checkpointer: BackgroundCheckpointer | undefined;
  private readonly thread: WriterThread | undefined;

  constructor(
    private readonly db: Database.Database,
    parts: SqliteStoreParts,
  ) {
    this.writes = parts.writes;
    this.checkpointer = parts.checkpointer;
    this.thread = parts.thread;
    const cache = new SqliteReadCache(db);
    this.cache = cache;
    const writes = this.writes;
    this.presences = new SqlitePresenceRepository(db, writes);
    this.validations = new SqliteValidationRepository(db, writes);
    this.declarations = new SqliteDeclarationRepository(db, writes);
    this.upstream = new SqliteUpstreamRepository(db, writes);
    this.workplaces = new SqliteWorkplaceRepository(db, writes, cache);
    this.apiKeys = new SqliteApiKeyRepository(db, writes, cache);
    this.senderCertificates = new SqliteSenderCertificateRepository(db, writes, cache);
    this.mandates = new SqliteMandateRepository(db, writes);
    this.availability = new SqliteAvailabilityRepository(db, writes);
    this.incidents = new SqliteIncidentRepository(db, writes);
    this.references = new SqliteReferenceRepository(db, writes);
    this.rosters = new SqliteRosterRepository(db, writes);
    this.paperListings = new SqlitePaperListingRepository(db, writes);
    this.users = new SqliteUserRepository(db, writes);
    this.sessions = new SqliteSessionRepository(db, writes);
    this.audit = new SqliteAuditRepository(db, writes);
  }

  ping(): Promise<void> {
    try {
      this.thread?.check();
      this.db.prepare('SELECT 1').get();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async backup(file: string): Promise<BackupReport> {
    // Pending writes first: what was acknowledged is in the copy.
    await this.writes.drain();
    await this.thread?.drain();
    const { totalPages } = await this.db.backup(file);
    // The copy holds workers' numbers: for its owner's eyes only, like the database.
    chmodSync(file, 0o600);
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`The copy in ${file} is damaged: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { kind: 'COPIED', file, pages: totalPages, bytes: statSync(file).size };
  }

  /** Nothing to prepare: SQLite keeps every day in one table. */
  maintain(_today: CalendarDate): Promise<MaintenanceReport> {
    return Promise.resolve({ created: [], postponed: [] });
  }

  purge(before: CalendarDate, apply: boolean): Promise<PurgeReport> {
    const count = (sql: string): number => this.db.prepare<[string], number>(sql).pluck().get(before) ?? 0;
    const counts = () => ({
      before,
      presences: count('SELECT count(*) FROM presences WHERE registration_date < ?'),
      incidents: count('SELECT count(*) FROM incidents WHERE date < ?'),
      references: count('SELECT count(*) FROM contact_references WHERE date < ?'),
      paperListings: count('SELECT count(*) FROM paper_listings WHERE date < ?'),
      availabilityRuns: count('SELECT count(*) FROM availability_runs WHERE last_seen_at < ?'),
      partitions: [],
    });
    if (!apply) return Promise.resolve({ ...counts(), applied: false });
    return this.writes.run(() => {
      const report = { ...counts(), applied: true };
      for (const statement of [
        `DELETE FROM client_references WHERE presence_sequence IN
           (SELECT sequence FROM presences WHERE registration_date < ?)`,
        'DELETE FROM presences WHERE registration_date < ?',
        'DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM incidents WHERE date < ?)',
        'DELETE FROM incidents WHERE date < ?',
        'DELETE FROM contact_references WHERE date < ?',
        'DELETE FROM paper_listing_entries WHERE listing_id IN (SELECT id FROM paper_listings WHERE date < ?)',
        'DELETE FROM paper_listings WHERE date < ?',
        'DELETE FROM availability_runs WHERE last_seen_at < ?',
      ])
        this.db.prepare(statement).run(before);
      return report;
    });
  }

  async close(): Promise<void> {
    await this.writes.drain();
    await this.thread?.close();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
