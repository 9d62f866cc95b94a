import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { withDatabase } from '../global-setup.js';

/** A real database the whole suite runs against, opened fresh for each test file or test. */
export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** How test titles name it: the database, and how it is opened when there is more than one way. */
  readonly label: string;
  /** False when this database cannot run here: its tests are skipped (never under CI). */
  readonly available: boolean;
  open(): Promise<OpenedDatabase>;
}

/** An opened test database: its store, and how to close and throw it away. */
export interface OpenedDatabase {
  readonly store: Store;
  /** What `openStore` (or `--database`) takes to open the same database again, as a restarted server would. */
  readonly location: string;
  dispose(): Promise<void>;
}

/** A SQLite file of its own; `serving` opens it as a server does, its writes on a thread of their own. */
function sqliteFile(serving: boolean): TestDatabase {
  return {
    name: 'sqlite',
    label: serving ? 'sqlite, writer thread' : 'sqlite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'sitepresence-test-'));
      const location = join(dir, 'registry.db');
      const { store } = await openStore(location, { serving });
      return {
        store,
        location,
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

const sqlite = sqliteFile(false);

const postgresUrl = inject('postgresUrl');
const template = inject('postgresTemplate');

/** Runs one statement on the server's maintenance database. */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const postgres: TestDatabase = {
  name: 'postgres',
  label: 'postgres',
  available: postgresUrl !== '',
  async open() {
    // A database of its own, copied from the migrated template: no test sees another's rows.
    const name = `sitepresence_test_${randomBytes(6).toString('hex')}`;
    await onServer(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const location = withDatabase(postgresUrl, name);
    const { store } = await openStore(location);
    return {
      store,
      location,
      async dispose() {
        await store.close();
        await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  },
};

/**
 * Every database the suite runs against: `for (const db of DATABASES) describe.skipIf(!db.available)(…)`. The
 * same tests on every adapter, so that they cannot drift.
 */
export const DATABASES: readonly TestDatabase[] = [sqlite, postgres];

/**
 * The stores' own tests run on one more: SQLite opened as a server opens it, its writes made on a thread of their
 * own (starting that thread costs the other tests too much time to open every test's database that way).
 */
export const STORE_DATABASES: readonly TestDatabase[] = [sqlite, sqliteFile(true), postgres];

/**
 * Runs SQL straight on a test database, past the store: what someone with access to the database file or server
 * could do (the tests of tampering use it).
 */
export async function runSql(
  database: TestDatabase['name'],
  location: string,
  sql: string,
): Promise<Record<string, unknown>[]> {
  if (database === 'sqlite') {
    const db = new Database(location);
    try {
      const statement = db.prepare(sql);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}
