import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store a database setting names: a `postgres://` URL, or a SQLite file path (`:memory:` for a
 * throwaway one). Migrations not yet applied are applied; their names are returned.
 */
export function openStore(database: string): Promise<{ store: Store; applied: string[] }> {
  if (/^postgres(ql)?:\/\//i.test(database)) {
    return Promise.reject(
      new Error('PostgreSQL is not supported by this version yet: use a SQLite file path.'),
    );
  }
  return Promise.resolve(openSqliteStore({ path: database }));
}
