import type pg from 'pg';
import {
  EMPTY_HEAD,
  FIRST_CHAIN,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
} from '../../domain/audit.js';
import type { AuditChainQuery, AuditQuery, AuditRepository, AuditSeal } from '../audit-repository.js';
import { AUDIT_COLUMNS, auditRecordOf, auditRowValues, type AuditRow } from '../audit-row.js';

type StoredRow = Omit<AuditRow, 'at'> & { at: Date };

/** The columns an append writes: every column of a record but `seq` (the database's sequence gives it). */
const APPENDED_COLUMNS = `chain, position, ${AUDIT_COLUMNS.replace(/^seq, /, '')}`;
const APPENDED_WIDTH = APPENDED_COLUMNS.split(', ').length;

/**
 * The audit trail in PostgreSQL. Each repository — each instance, each command — appends to a chain of its own,
 * named `chain`, whose end it alone writes: it keeps that end in memory, so that an append is one INSERT (one
 * round trip, one commit) that takes no lock another instance waits for. Its appends follow one another (one
 * under way at a time, the next sealed after the last one written), so that its chain is never forked. After a
 * failed append, whose commit may or may not have happened, the end is read again from the database.
 */
export class PostgresAuditRepository implements AuditRepository {
  /** Where this repository's chain ends; undefined when it must be read again. */
  private end: AuditHead | undefined = EMPTY_HEAD;
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    /** This repository's chain, a name no other writer uses (a UUIDv7). */
    readonly chainName: string,
  ) {}

  append(entries: readonly AuditEntry[], seal: AuditSeal): Promise<AuditRecord[]> {
    const appended = this.last.then(() => this.appendAfterEnd(entries, seal));
    this.last = appended.catch(() => undefined);
    return appended;
  }

  private async appendAfterEnd(entries: readonly AuditEntry[], seal: AuditSeal): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    const end = this.end ?? (await this.readEnd());
    const records = seal(end, entries, this.chainName);
    const placeholders = records.map(
      (_, r) =>
        `(${Array.from({ length: APPENDED_WIDTH }, (_v, c) => `$${r * APPENDED_WIDTH + c + 1}`).join(', ')})`,
    );
    this.end = undefined;
    const { rows } = await this.pool.query<{ position: number; seq: number }>(
      `INSERT INTO audit_log (${APPENDED_COLUMNS}) VALUES ${placeholders.join(', ')} RETURNING position, seq`,
      records.flatMap((record) => [this.chainName, record.position ?? 0, ...auditRowValues(record).slice(1)]),
    );
    const last = records.at(-1);
    if (last !== undefined) this.end = { seq: last.position ?? 0, hash: last.hash };
    const seqs = new Map(rows.map((row) => [row.position, row.seq]));
    return records.map((record) => ({ ...record, seq: seqs.get(record.position ?? 0) ?? record.seq }));
  }

  private async readEnd(): Promise<AuditHead> {
    const { rows } = await this.pool.query<AuditHead>(
      'SELECT position AS seq, hash FROM audit_log WHERE chain = $1 ORDER BY position DESC LIMIT 1',
      [this.chainName],
    );
    const end = rows[0] ?? EMPTY_HEAD;
    this.end = end;
    return end;
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
    return rows.map(recordOf);
  }

  async chains(): Promise<string[]> {
    const { rows } = await this.pool.query<{ chain: string }>(
      'SELECT chain FROM audit_log GROUP BY chain ORDER BY min(seq)',
    );
    return rows.map((row) => row.chain);
  }

  async chain(query: AuditChainQuery): Promise<AuditRecord[]> {
    // The first chain is numbered by seq (its records have no position); a writer's own by position.
    const order = query.chain === FIRST_CHAIN ? 'seq' : 'position';
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM audit_log WHERE chain = $1 AND ${order} > $2 ORDER BY ${order} LIMIT $3`,
      [query.chain, query.after, query.limit],
    );
    return rows.map(recordOf);
  }
}

function recordOf(row: StoredRow): AuditRecord {
  return auditRecordOf({ ...row, at: row.at.toISOString() });
}
