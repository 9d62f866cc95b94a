import type { AuditEntry, AuditHead, AuditRecord } from '../domain/audit.js';

/** Gives entries their places after the head of the trail (see `sealAuditEntries`). */
export type AuditSeal = (head: AuditHead, entries: readonly AuditEntry[]) => AuditRecord[];

/** Which records to read: after a record number, within a time span, at most `limit`. */
export interface AuditQuery {
  readonly after?: number | undefined;
  /** From this instant (inclusive), ISO 8601. */
  readonly from?: string | undefined;
  /** Before this instant (exclusive), ISO 8601. */
  readonly to?: string | undefined;
  readonly limit: number;
}

/**
 * The audit trail's storage: append-only (the database refuses updates and deletes), one chain per database
 * however many instances write to it.
 */
export interface AuditRepository {
  /**
   * Appends entries at the end of the chain, in one transaction that holds the chain's end while it reads the
   * head and writes after it (so two instances never fork the chain).
   */
  append(entries: readonly AuditEntry[], seal: AuditSeal): Promise<AuditRecord[]>;
  /** Records in chain order. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
}
