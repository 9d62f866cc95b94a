import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { OpenedDatabase, TestDatabase } from './databases.js';

/**
 * The tables that record requests rather than hold what they ask for: the audit trail records every request,
 * refused or not, and that is its job. Every other table is compared.
 */
const JOURNALS: ReadonlySet<string> = new Set(['audit_log', 'schema_migrations', 'migrations']);

/**
 * The columns that schedule work rather than hold what was asked: whether a presence's check is due, and who holds
 * it. A cancellation marks the other presences of its day due for a check; that is no write of theirs.
 */
const SCHEDULING: readonly string[] = ['validation_due', 'validation_lease'];

/** Every row of every table (but the journals), each as a hash of its columns: what a write can change. */
export type Snapshot = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** What changed in one table between two snapshots: rows that appeared and rows that went (an update is both). */
export interface TableChange {
  readonly added: number;
  readonly removed: number;
}

/** The tables that changed, and how. */
export type Changes = ReadonlyMap<string, TableChange>;

/**
 * A second, read-only look at a test's database, beside the registry's own connection: it sees what the
 * registry committed, and tells what a request wrote — so that a test can hold a reply to what it reports.
 */
export interface DatabaseSnapshots {
  take(): Promise<Snapshot>;
  close(): Promise<void>;
}

/** Opens the read-only look at the database a test registry runs on. */
export async function openSnapshots(database: TestDatabase, db: OpenedDatabase): Promise<DatabaseSnapshots> {
  return database.name === 'sqlite' ? sqliteSnapshots(db.location) : postgresSnapshots(db.location);
}

/** What changed from `before` to `after`, table by table (tables that did not change are left out). */
export function changesBetween(before: Snapshot, after: Snapshot): Changes {
  const changes = new Map<string, TableChange>();
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(table) ?? new Map<string, number>();
    const is = after.get(table) ?? new Map<string, number>();
    let added = 0;
    let removed = 0;
    for (const row of new Set([...was.keys(), ...is.keys()])) {
      const delta = (is.get(row) ?? 0) - (was.get(row) ?? 0);
      if (delta > 0) added += delta;
      else removed -= delta;
    }
    if (added > 0 || removed > 0) changes.set(table, { added, removed });
  }
  return changes;
}

/** `presences +2 −0, client_references +1 −0`, or `nothing`. */
export function describeChanges(changes: Changes): string {
  if (changes.size === 0) return 'nothing';
  return [...changes].map(([table, c]) => `${table} +${c.added} −${c.removed}`).join(', ');
}

/** What a table may have become after a request: exactly so many rows added and removed, at most so many, any. */
export type TableWrite =
  { readonly added: number; readonly removed: number } | { readonly upTo: number } | 'any';

/** What an answer reports written, by table; a table not named must not have changed. */
export type Reported = Readonly<Record<string, TableWrite>>;

/** Each table's change held to what an answer reports: the problems, none when all is as reported. */
export function unreportedChanges(changes: Changes, reported: Reported): string[] {
  const problems: string[] = [];
  for (const [table, change] of changes) {
    const allowed = reported[table];
    if (allowed === undefined)
      problems.push(`${table} changed (+${change.added} −${change.removed}), unreported`);
    else if (allowed === 'any') continue;
    else if ('upTo' in allowed) {
      if (change.added > allowed.upTo || change.removed > allowed.upTo)
        problems.push(`${table} +${change.added} −${change.removed}, at most ${allowed.upTo} reported`);
    } else if (change.added !== allowed.added || change.removed !== allowed.removed)
      problems.push(
        `${table} +${change.added} −${change.removed}, +${allowed.added} −${allowed.removed} reported`,
      );
  }
  for (const [table, allowed] of Object.entries(reported))
    if (
      allowed !== 'any' &&
      'added' in allowed &&
      (allowed.added > 0 || allowed.removed > 0) &&
      !changes.has(table)
    )
      problems.push(`${table} unchanged, +${allowed.added} −${allowed.removed} reported`);
  return problems;
}

function rowsOf(hashes: Iterable<string>): Map<string, number> {
  const rows = new Map<string, number>();
  for (const hash of hashes) rows.set(hash, (rows.get(hash) ?? 0) + 1);
  return rows;
}

function sqliteSnapshots(location: string): DatabaseSnapshots {
  const db = new Database(location, { readonly: true, fileMustExist: true });
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return {
    take() {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all() as string[];
      const snapshot = new Map<string, Map<string, number>>();
      for (const table of tables.filter((t) => !JOURNALS.has(t))) {
        const rows = (db.prepare(`SELECT * FROM ${quote(table)}`).all() as Record<string, unknown>[]).map(
          (row) => Object.entries(row).filter(([column]) => !SCHEDULING.includes(column)),
        );
        snapshot.set(
          table,
          rowsOf(rows.map((row) => createHash('sha1').update(JSON.stringify(row, jsonSafe)).digest('hex'))),
        );
      }
      return Promise.resolve(snapshot);
    },
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

/** Big integers as text: JSON has no other way to write them. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}

async function postgresSnapshots(location: string): Promise<DatabaseSnapshots> {
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  return {
    async take() {
      // Whole tables only: a partitioned table's rows are read through it, not again through its partitions.
      const tables = await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
      );
      const names = tables.rows.map((r) => r.name).filter((t) => !JOURNALS.has(t));
      const snapshot = new Map<string, Map<string, number>>(names.map((t) => [t, new Map()]));
      if (names.length === 0) return snapshot;
      const rows = await client.query<{ t: string; h: string }>(
        names
          .map(
            (t) =>
              `SELECT ${pg.escapeLiteral(t)} AS t, md5((to_jsonb(x) - ${pg.escapeLiteral(`{${SCHEDULING.join(',')}}`)}::text[])::text) AS h
                 FROM ${pg.escapeIdentifier(t)} x`,
          )
          .join(' UNION ALL '),
      );
      const byTable = new Map<string, string[]>();
      for (const { t, h } of rows.rows) {
        const list = byTable.get(t) ?? [];
        list.push(h);
        byTable.set(t, list);
      }
      for (const [t, hashes] of byTable) snapshot.set(t, rowsOf(hashes));
      return snapshot;
    },
    async close() {
      await client.end();
    },
  };
}
