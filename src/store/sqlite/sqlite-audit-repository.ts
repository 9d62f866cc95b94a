import type { Database, Statement } from 'better-sqlite3';
import { EMPTY_HEAD, FIRST_CHAIN, type AuditEntry, type AuditRecord } from '../../domain/audit.js';
import type { AuditChainQuery, AuditQuery, AuditRepository, AuditSeal } from '../audit-repository.js';
import { AUDIT_COLUMNS, auditRecordOf, auditRowValues, type AuditRow } from '../audit-row.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/**
 * The audit trail in SQLite: one chain, the first. Appends run in the group-commit transaction (BEGIN IMMEDIATE:
 * the database's write lock), so the head read there is the true end of the chain, even with a command writing
 * from another process.
 */
export class SqliteAuditRepository implements AuditRepository {
  private readonly insert: Statement;
  private readonly last: Statement<[], { seq: number; hash: string }>;

  constructor(
    private readonly db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${AUDIT_COLUMNS.replace(/\w+/g, '?')})`,
    );
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  }

  append(entries: readonly AuditEntry[], seal: AuditSeal): Promise<AuditRecord[]> {
    return this.writes.run(() => {
      const records = seal(this.last.get() ?? EMPTY_HEAD, entries);
      for (const record of records) this.insert.run(auditRowValues(record).map(sqliteValue));
      return records;
    });
  }

  list(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = ['seq > ?'];
    const values: (string | number)[] = [query.after ?? 0];
    if (query.from !== undefined) {
      where.push('at >= ?');
      values.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('at < ?');
      values.push(query.to);
    }
    values.push(query.limit);
    const rows = this.db
      .prepare<(string | number)[], AuditRow>(
        `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      )
      .all(...values);
    return Promise.resolve(rows.map(auditRecordOf));
  }

  chains(): Promise<string[]> {
    return Promise.resolve(this.last.get() === undefined ? [] : [FIRST_CHAIN]);
  }

  chain(query: AuditChainQuery): Promise<AuditRecord[]> {
    if (query.chain !== FIRST_CHAIN) return Promise.resolve([]);
    return this.list({ after: query.after, limit: query.limit });
  }
}

function sqliteValue(value: string | number | boolean | null): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
