import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** Why a restore was refused, said so that the person restoring can act. */
export class RestoreRefused extends Error {
  override readonly name = 'RestoreRefused';
}

/**
 * Puts a backup made by `sitepresence backup` in place as the database file `to` (the server stopped). The
 * backup is checked whole first, and must be a registry's; an existing database is replaced only when `replace`
 * is said, its write-ahead log removed with it (left behind, it would be replayed onto the backup). Opening the
 * restored file with the store brings its schema up to date.
 */
export function restoreSqliteBackup(from: string, to: string, replace: boolean): void {
  if (!existsSync(from)) throw new RestoreRefused(`No backup at ${from}.`);
  const backup = new Database(from, { readonly: true, fileMustExist: true });
  try {
    const check = backup.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new RestoreRefused(`The backup ${from} is damaged: ${String(check)}`);
    const registry = backup
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (registry === undefined) throw new RestoreRefused(`${from} is not a backup of the registry.`);
    if (existsSync(to) && !replace)
      throw new RestoreRefused(`${to} exists: stop the server, then restore with --replace to replace it.`);
    for (const file of [to, `${to}-wal`, `${to}-shm`]) rmSync(file, { force: true });
    mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
    // A copy through SQLite's backup, not of the bytes: the backup may be in WAL mode itself.
    backup.exec(`VACUUM INTO '${to.replaceAll("'", "''")}'`);
    chmodSync(to, 0o600);
  } finally {
    backup.close();
  }
}
