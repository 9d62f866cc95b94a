import type { AuditEntry, AuditRecord } from '../domain/audit.js';

/** An audit record as both databases store it (timestamps as ISO text, details as JSON text). */
export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor_kind: string;
  readonly actor_id: string;
  readonly actor_role: string | null;
  readonly actor_enterprise: string | null;
  readonly actor_name: string;
  readonly action: string;
  readonly target: string;
  /** A boolean in PostgreSQL, 0 or 1 in SQLite. */
  readonly personal_data: boolean | number;
  readonly outcome: number;
  readonly source: string;
  readonly details: string | null;
  readonly previous_hash: string;
  readonly hash: string;
  /** PostgreSQL only: the writer's chain ('' for the first chain), and the record's position there. */
  readonly chain?: string;
  readonly position?: number | null;
}

/** The columns of `audit_log`, in the order `auditRowValues` gives them. */
export const AUDIT_COLUMNS =
  'seq, at, actor_kind, actor_id, actor_role, actor_enterprise, actor_name, action, target, personal_data, ' +
  'outcome, source, details, previous_hash, hash';

/** A record's column values, in the order of `AUDIT_COLUMNS`. */
export function auditRowValues(record: AuditRecord): (string | number | boolean | null)[] {
  const { actor } = record;
  return [
    record.seq,
    record.at,
    actor.kind,
    actor.id,
    actor.role ?? null,
    actor.enterprise ?? null,
    actor.name,
    record.action,
    record.target,
    record.personalData,
    record.outcome,
    record.source,
    record.details === undefined ? null : JSON.stringify(record.details),
    record.previousHash,
    record.hash,
  ];
}

/** A stored row as a record, exactly as it was sealed. */
export function auditRecordOf(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    ...(row.chain === undefined || row.chain === '' ? {} : { chain: row.chain, position: row.position ?? 0 }),
    at: row.at,
    actor: {
      kind: row.actor_kind as AuditRecord['actor']['kind'],
      id: row.actor_id,
      ...(row.actor_role === null ? {} : { role: row.actor_role }),
      ...(row.actor_enterprise === null ? {} : { enterprise: row.actor_enterprise }),
      name: row.actor_name,
    },
    action: row.action,
    target: row.target,
    personalData: row.personal_data === true || row.personal_data === 1,
    outcome: row.outcome,
    source: row.source,
    ...(row.details === null ? {} : { details: JSON.parse(row.details) as AuditEntry['details'] }),
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
