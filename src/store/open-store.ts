import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** True when a database setting names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/**
 * Opens the store a database setting names: a `postgres://` URL, or a SQLite file path (`:memory:` for a
 * throwaway one). Migrations not yet applied are applied; their names are returned.
 */
export async function openStore(database: string): Promise<{ store: Store; applied: string[] }> {
  if (isPostgresUrl(database)) return openPostgresStore({ url: database });
  return openSqliteStore({ path: database });
}
