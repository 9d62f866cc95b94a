/**
 * The audit trail's records and the rules of their chain. Each record names who did what, when and from where,
 * and carries the hash of the record before it: changing or removing any record breaks every hash after it.
 * The hash function itself is an argument (the domain does no cryptography of its own).
 */

/** Who acted: an API key, a signed-in user, or someone at the server's command line. */
export interface AuditActor {
  readonly kind: 'key' | 'user' | 'command' | 'anonymous';
  /** The key's or user's id; the system account at the command line; what was tried, for an anonymous caller. */
  readonly id: string;
  readonly role?: string | undefined;
  readonly enterprise?: string | undefined;
  /** The key's name, the user's name, or the command. */
  readonly name: string;
}

/** What is recorded of one action, before it takes its place in the chain. */
export interface AuditEntry {
  readonly at: string;
  readonly actor: AuditActor;
  /** What was done, e.g. `POST /api/v1/presences` or `command purge`. */
  readonly action: string;
  /** On what: the path asked for (without its query string), or the command's object. */
  readonly target: string;
  /** Whether the answer could carry personal data (a NISS, a name). */
  readonly personalData: boolean;
  /** The HTTP status of the answer, or a command's exit code. */
  readonly outcome: number;
  /** From where: the client's address, or `command line`. */
  readonly source: string;
  /** Counts, filters and ids that say more; never a NISS or a secret. */
  readonly details?: Readonly<Record<string, string | number | boolean | null>> | undefined;
}

/** A record in its place: its number in the chain, the hash of the one before and its own. */
export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly previousHash: string;
  readonly hash: string;
}

/** Where the chain ends: the last record's number and hash (0 and the genesis hash when empty). */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** The hash the first record chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The head of an empty trail. */
export const EMPTY_HEAD: AuditHead = { seq: 0, hash: GENESIS_HASH };

/** A hash function over text: SHA-256 in hexadecimal, in the app. */
export type Digest = (text: string) => string;

/**
 * The text a record's hash is computed over: every field, in a fixed order, with the previous hash. Two records
 * that differ in anything have different texts.
 */
export function auditHashInput(record: Omit<AuditRecord, 'hash'>): string {
  const { actor } = record;
  const details =
    record.details === undefined
      ? null
      : Object.keys(record.details)
          .sort()
          .map((key) => [key, record.details?.[key] ?? null]);
  return JSON.stringify([
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
    details,
    record.previousHash,
  ]);
}

/** Gives entries their places after `head`, each chained to the one before. */
export function sealAuditEntries(
  head: AuditHead,
  entries: readonly AuditEntry[],
  digest: Digest,
): AuditRecord[] {
  const sealed: AuditRecord[] = [];
  let previous = head;
  for (const entry of entries) {
    const unsealed = { ...entry, seq: previous.seq + 1, previousHash: previous.hash };
    const record: AuditRecord = { ...unsealed, hash: digest(auditHashInput(unsealed)) };
    sealed.push(record);
    previous = record;
  }
  return sealed;
}

/** What a walk along the chain found wrong, at the first record where it went wrong. */
export type AuditBreak =
  | { readonly kind: 'MISSING'; readonly seq: number; readonly found: number }
  | { readonly kind: 'NOT_CHAINED'; readonly seq: number }
  | { readonly kind: 'ALTERED'; readonly seq: number };

/**
 * Checks records that follow `previous` (in order): numbered without a gap, each naming the hash of the one
 * before, each hash matching its content. Returns the new head, or the first break.
 */
export function verifyAuditRecords(
  previous: AuditHead,
  records: readonly AuditRecord[],
  digest: Digest,
): { readonly ok: true; readonly head: AuditHead } | { readonly ok: false; readonly break: AuditBreak } {
  let head = previous;
  for (const record of records) {
    if (record.seq !== head.seq + 1)
      return { ok: false, break: { kind: 'MISSING', seq: head.seq + 1, found: record.seq } };
    if (record.previousHash !== head.hash)
      return { ok: false, break: { kind: 'NOT_CHAINED', seq: record.seq } };
    const { hash, ...unsealed } = record;
    if (digest(auditHashInput(unsealed)) !== hash)
      return { ok: false, break: { kind: 'ALTERED', seq: record.seq } };
    head = { seq: record.seq, hash };
  }
  return { ok: true, head };
}
