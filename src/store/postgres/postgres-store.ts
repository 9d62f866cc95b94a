import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { MaintenanceReport } from '../maintenance-report.js';
import type { PurgeReport } from '../purge-report.js';
import type { BackupReport } from '../backup-report.js';
import type { Store } from '../store.js';
import { PostgresApiKeyRepository } from './postgres-api-key-repository.js';
import { PostgresAuditRepository } from './postgres-audit-repository.js';
import { PostgresAvailabilityRepository } from './postgres-availability-repository.js';
import { PostgresChangeFeed } from './postgres-change-feed.js';
import { PostgresIncidentRepository } from './postgres-incident-repository.js';
import { PostgresMandateRepository } from './postgres-mandate-repository.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { PostgresPaperListingRepository } from './postgres-paper-listing-repository.js';
import { PostgresSessionRepository, PostgresUserRepository } from './postgres-user-repository.js';
import { ensurePartitions, purgePartitions } from './postgres-partitions.js';
import { createPool, inTransaction } from './postgres-pool.js';
import { purgeProcedureRecords } from './postgres-procedure-purge.js';
import { PostgresDeclarationRepository } from './postgres-declaration-repository.js';
import { PostgresPresenceRepository } from './postgres-presence-repository.js';
import { PostgresUpstreamRepository } from './postgres-upstream-repository.js';
import { PostgresValidationRepository } from './postgres-validation-repository.js';
import { PostgresSenderCertificateRepository } from './postgres-sender-certificate-repository.js';
import { PostgresReferenceRepository } from './postgres-reference-repository.js';
import { PostgresRosterRepository } from './postgres-roster-repository.js';
import { PostgresWorkplaceRepository } from './postgres-workplace-repository.js';

/** Where the PostgreSQL database is, and how many connections one instance keeps. */
export interface PostgresStoreOptions {
  readonly url: string;
  /** A read replica (hot standby) for the searches of the whole registry that inspectors make; optional. */
  readonly readUrl?: string | undefined;
  readonly poolSize?: number | undefined;
}

/** Connections one instance keeps to the primary (and as many to the replica, when there is one). */
export const DEFAULT_POOL_SIZE = 10;

/** A key for `pg_advisory_xact_lock`: instances starting together migrate one after the other. */
const MIGRATION_LOCK = 74_201_900;

/**
 * Connects to PostgreSQL and applies the migrations not yet applied — under an advisory lock, so that a second
 * instance starting against the same database waits for the first and then finds nothing to do.
 */
export async function openPostgresStore(
  options: PostgresStoreOptions,
): Promise<{ store: Store; applied: string[] }> {
  const pool = createPool(options.url, options.poolSize ?? DEFAULT_POOL_SIZE);
  const readPool =
    options.readUrl === undefined
      ? undefined
      : createPool(options.readUrl, options.poolSize ?? DEFAULT_POOL_SIZE);
  const feed = new PostgresChangeFeed(options.url);
  try {
    const applied = await migrate(pool);
    await feed.start();
    return { store: new PostgresStore(pool, readPool, feed), applied };
  } catch (error) {
    await feed.close();
    await pool.end();
    await readPool?.end();
    throw error;
  }
}

async function migrate(pool: pg.Pool): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
    const { rows } = await client.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((r) => r.id));
    const applied: string[] = [];
    for (const migration of POSTGRES_MIGRATIONS) {
      if (done.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, now())', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}

class PostgresStore implements Store {
  readonly presences: PostgresPresenceRepository;
  readonly validations: PostgresValidationRepository;
  readonly declarations: PostgresDeclarationRepository;
  readonly upstream: PostgresUpstreamRepository;
  readonly workplaces: PostgresWorkplaceRepository;
  readonly apiKeys: PostgresApiKeyRepository;
  readonly senderCertificates: PostgresSenderCertificateRepository;
  readonly mandates: PostgresMandateRepository;
  readonly availability: PostgresAvailabilityRepository;
  readonly incidents: PostgresIncidentRepository;
  readonly references: PostgresReferenceRepository;
  readonly rosters: PostgresRosterRepository;
  readonly paperListings: PostgresPaperListingRepository;
  readonly users: PostgresUserRepository;
  readonly sessions: PostgresSessionRepository;
  readonly audit: PostgresAuditRepository;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly readPool: pg.Pool | undefined,
    private readonly feed: PostgresChangeFeed,
  ) {
    this.presences = new PostgresPresenceRepository(pool, readPool);
    this.validations = new PostgresValidationRepository(pool);
    this.declarations = new PostgresDeclarationRepository(pool);
    this.upstream = new PostgresUpstreamRepository(pool);
    this.workplaces = new PostgresWorkplaceRepository(pool, feed);
    this.apiKeys = new PostgresApiKeyRepository(pool, feed);
    this.senderCertificates = new PostgresSenderCertificateRepository(pool, feed);
    this.mandates = new PostgresMandateRepository(pool);
    this.availability = new PostgresAvailabilityRepository(pool);
    this.incidents = new PostgresIncidentRepository(pool);
    this.references = new PostgresReferenceRepository(pool);
    this.rosters = new PostgresRosterRepository(pool);
    this.paperListings = new PostgresPaperListingRepository(pool);
    this.users = new PostgresUserRepository(pool);
    this.sessions = new PostgresSessionRepository(pool);
    this.audit = new PostgresAuditRepository(pool, uuidv7());
  }

  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error('PostgreSQL did not answer within 2 s'));
      }, 2_000);
    });
    try {
      await Promise.race([this.pool.query('SELECT 1'), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  maintain(today: CalendarDate): Promise<MaintenanceReport> {
    return ensurePartitions(this.pool, today);
  }

  async purge(before: CalendarDate, apply: boolean): Promise<PurgeReport> {
    const presences = await purgePartitions(this.pool, before, apply);
    return { ...presences, ...(await purgeProcedureRecords(this.pool, before, apply)) };
  }

  backup(): Promise<BackupReport> {
    return Promise.resolve({
      kind: 'NOT_SUPPORTED',
      how: 'PostgreSQL is backed up with its own tools: pg_dump --format=custom --file=sitepresence.dump "$DATABASE_URL" (restore: pg_restore --dbname=… sitepresence.dump), or continuous archiving (base backups and WAL).',
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.presences.drain();
      await this.feed.close();
      await this.pool.end();
      await this.readPool?.end();
    })();
    return this.closing;
  }
}
