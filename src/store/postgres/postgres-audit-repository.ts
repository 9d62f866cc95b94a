import type pg from 'pg';
import { EMPTY_HEAD, type AuditEntry, type AuditHead, type AuditRecord } from '../../domain/audit.js';
import type { AuditQuery, AuditRepository, AuditSeal } from '../audit-repository.js';
import { AUDIT_COLUMNS, auditRecordOf, auditRowValues, type AuditRow } from '../audit-row.js';
import { inTransaction } from './postgres-pool.js';

/** The advisory lock that holds the end of the chain while one instance appends. */
const AUDIT_CHAIN_LOCK = 7_346_001;

type StoredRow = Omit<AuditRow, 'at'> & { at: Date };

/**
 * The audit trail in PostgreSQL. Every instance appends to the same chain: the transaction takes an advisory lock
 * before it reads the head, so appends from several instances queue up instead of forking the chain.
 */
export class PostgresAuditRepository implements AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  append(entries: readonly AuditEntry[], seal: AuditSeal): Promise<AuditRecord[]> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const records = seal(await headOf(client), entries);
      const width = 15;
      const placeholders = records.map(
        (_, r) => `(${Array.from({ length: width }, (_v, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      if (records.length > 0)
        await client.query(
          `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${placeholders.join(', ')}`,
          records.flatMap(auditRowValues),
        );
      return records;
    });
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = ['seq > $1'];
    const values: (string | number)[] = [query.after ?? 0];
    if (query.from !== undefined) {
      values.push(query.from);
      where.push(`at >= $${values.length}`);
    }
    if (query.to !== undefined) {
      values.push(query.to);
      where.push(`at < $${values.length}`);
    }
    values.push(query.limit);
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${values.length}`,
      values,
    );
    return rows.map((row) => auditRecordOf({ ...row, at: row.at.toISOString() }));
  }
}

async function headOf(client: pg.Pool | pg.PoolClient): Promise<AuditHead> {
  const { rows } = await client.query<AuditHead>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return rows[0] ?? EMPTY_HEAD;
}
