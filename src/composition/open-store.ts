import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

/** True when a database setting names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/** Settings of the PostgreSQL store beyond its URL. */
export interface StoreOptions {
  /** A read replica for inspectors' searches of the whole registry (PostgreSQL only). */
  readonly readDatabase?: string | undefined;
  /** Connections per pool (PostgreSQL only). */
  readonly poolSize?: number | undefined;
  /**
   * Opened to serve for a long time (a server), rather than for one command: SQLite then writes on a thread of
   * its own and checkpoints beside.
   */
  readonly serving?: boolean | undefined;
}

/**
 * Opens the store a database setting names: a `postgres://` URL, or a SQLite file path (`:memory:` for a
 * throwaway one). Migrations not yet applied are applied; their names are returned.
 */
export async function openStore(
  database: string,
  options: StoreOptions = {},
): Promise<{ store: Store; applied: string[] }> {
  if (isPostgresUrl(database)) {
    return openPostgresStore({ url: database, readUrl: options.readDatabase, poolSize: options.poolSize });
  }
  if (options.readDatabase !== undefined)
    throw new Error('A read replica (DATABASE_READ_URL) needs PostgreSQL.');
  const serving = options.serving === true;
  return openSqliteStore({ path: database, backgroundCheckpoints: serving, writerThread: serving });
}
