import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/sqlite-migrations.js';

/** The INSERT of a presence, column for column as SqlitePresenceRepository writes it. */
export const INSERT_PRESENCE = `INSERT INTO presences (id, receipt_number, registration_id, workplace_id,
  registration_date, worker_kind, worker_id, employer, client_reference, channel, sender_role, sender_id, status,
  created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REGISTERED', ?)`;

/** The INSERT binding a sender's clientReference to its presence, as SqlitePresenceRepository writes it. */
export const INSERT_CLIENT_REFERENCE =
  'INSERT INTO client_references (sender_role, sender_id, client_reference, presence_sequence) VALUES (?, ?, ?, ?)';

/**
 * Opens a new SQLite file with the registry's schema (SQLITE_MIGRATIONS) and the pragmas of sqlite-store.ts:
 * write-ahead log, `synchronous=FULL`, foreign keys.
 */
export function createRegistryFile(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.transaction(() => {
      for (const migration of SQLITE_MIGRATIONS) db.exec(migration.sql);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Counts the presences of a registry file while its registry runs and fills it, from the bench's process: opened
 * read-only once (the write-ahead log lets it read what is committed without holding the writer up).
 */
export function openPresenceCount(path: string): { count: () => number; close: () => void } {
  const db = new Database(path, { readonly: true });
  const statement = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM presences');
  return { count: () => statement.get()?.n ?? 0, close: () => db.close() };
}

/** Counts the presences and client references in a registry file (opened read-only). */
export function countRegistrations(path: string): { presences: number; clientReferences: number } {
  const db = new Database(path, { readonly: true });
  try {
    const count = (table: string): number =>
      db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
    return { presences: count('presences'), clientReferences: count('client_references') };
  } finally {
    db.close();
  }
}
