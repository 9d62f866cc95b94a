import type { AuditEntry, AuditHead, AuditRecord } from '../domain/audit.js';

/**
 * Gives entries their places after the head of a chain: the first chain, or `chain`, a writer's own (see
 * `sealAuditEntries`).
 */
export type AuditSeal = (head: AuditHead, entries: readonly AuditEntry[], chain?: string) => AuditRecord[];

/** Which records to read: after a record number, within a time span, at most `limit`. */
export interface AuditQuery {
  readonly after?: number | undefined;
  /** From this instant (inclusive), ISO 8601. */
  readonly from?: string | undefined;
  /** Before this instant (exclusive), ISO 8601. */
  readonly to?: string | undefined;
  readonly limit: number;
}

/** Which records of one chain to read: after a number in that chain, at most `limit`, in chain order. */
export interface AuditChainQuery {
  readonly chain: string;
  readonly after: number;
  readonly limit: number;
}

/**
 * The audit trail's storage: append-only (the database refuses updates and deletes). SQLite keeps one chain, its
 * appends holding the database's write lock. On PostgreSQL each store appends to a chain of its own, whose end
 * it alone writes, so that instances never wait for one another: the trail is then the first chain (records from
 * before) and one chain per store opened.
 */
export interface AuditRepository {
  /**
   * Appends entries at the end of this store's chain, in one commit. Appends made while one is under way wait
   * for it, so that the chain is never forked.
   */
  append(entries: readonly AuditEntry[], seal: AuditSeal): Promise<AuditRecord[]>;
  /** Records in the trail's order (`seq`), every chain mixed. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /** The chains that hold records, the first chain (`FIRST_CHAIN`) included when it does. */
  chains(): Promise<string[]>;
  /** Records of one chain, in its order. */
  chain(query: AuditChainQuery): Promise<AuditRecord[]>;
}
