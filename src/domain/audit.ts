/**
 * The audit trail's records and the rules of their chains. Each record names who did what, when and from where,
 * and carries the hash of the record before it in its chain: changing or removing any record breaks every hash
 * after it. A trail is one chain or several: the first chain (numbered by `seq`), and a chain of its own for each
 * writer that appends without a lock shared with the others (a registry instance on PostgreSQL), numbered by
 * `position` within it, so that writers never wait for one another. The hash function itself is an argument
 * (the domain does no cryptography of its own).
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

/**
 * A record in its place: its number in the trail, the hash of the one before in its chain and its own. A record
 * of the first chain has no `chain`, and its place in the chain is `seq`; a record of a writer's own chain names
 * the chain and its `position` there (from 1, without gaps), and its `seq` only orders the trail for reading.
 */
export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly chain?: string | undefined;
  readonly position?: number | undefined;
  readonly previousHash: string;
  readonly hash: string;
}

/**
 * Where a chain ends: the last record's number in its chain (`seq` in the first chain, `position` in a writer's
 * own) and its hash (0 and the genesis hash when empty). Noted by `audit verify`, it is the record's `seq`.
 */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/** The first chain's name: the records that name no chain. */
export const FIRST_CHAIN = '';

/** The chain a record belongs to (`FIRST_CHAIN` when it names none). */
export function chainOf(record: Pick<AuditRecord, 'chain'>): string {
  return record.chain ?? FIRST_CHAIN;
}

/** A record's number in its chain. */
export function positionOf(record: Pick<AuditRecord, 'seq' | 'chain' | 'position'>): number {
  return record.chain === undefined || record.chain === FIRST_CHAIN ? record.seq : (record.position ?? 0);
}

/** The hash the first record chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The head of an empty trail. */
export const EMPTY_HEAD: AuditHead = { seq: 0, hash: GENESIS_HASH };

/** A hash function over text: SHA-256 in hexadecimal, in the app. */
export type Digest = (text: string) => string;

/**
 * The text a record's hash is computed over: every field, in a fixed order, with the previous hash, and its
 * place: its number in the first chain, or its chain and position in a writer's own (the `seq` of such a record
 * is given by the database after sealing, and only orders the trail). Two records that differ in anything have
 * different texts.
 */
export function auditHashInput(record: Omit<AuditRecord, 'hash'>): string {
  const { actor } = record;
  const chain = chainOf(record);
  const place = chain === FIRST_CHAIN ? [record.seq] : [chain, positionOf(record)];
  const details =
    record.details === undefined
      ? null
      : Object.keys(record.details)
          .sort()
          .map((key) => [key, record.details?.[key] ?? null]);
  return JSON.stringify([
    ...place,
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

/**
 * Gives entries their places after `head`, each chained to the one before: in the first chain, or in `chain` (a
 * writer's own), where the records' `seq` is their position until the store numbers them in the trail.
 */
export function sealAuditEntries(
  head: AuditHead,
  entries: readonly AuditEntry[],
  digest: Digest,
  chain: string = FIRST_CHAIN,
): AuditRecord[] {
  const sealed: AuditRecord[] = [];
  let previous = head;
  for (const entry of entries) {
    const seq = previous.seq + 1;
    const unsealed = {
      ...entry,
      seq,
      ...(chain === FIRST_CHAIN ? {} : { chain, position: seq }),
      previousHash: previous.hash,
    };
    const record: AuditRecord = { ...unsealed, hash: digest(auditHashInput(unsealed)) };
    sealed.push(record);
    previous = { seq, hash: record.hash };
  }
  return sealed;
}

/**
 * What a walk along a chain found wrong, at the first record where it went wrong: `seq` is the number in the
 * chain (the position, in a writer's own chain, which `chain` then names).
 */
export type AuditBreak =
  | { readonly kind: 'MISSING'; readonly seq: number; readonly found: number; readonly chain?: string }
  | { readonly kind: 'NOT_CHAINED'; readonly seq: number; readonly chain?: string }
  | { readonly kind: 'ALTERED'; readonly seq: number; readonly chain?: string };

/**
 * Checks records of one chain that follow `previous` (in order): numbered without a gap, each naming the hash of
 * the one before, each hash matching its content. Returns the new head, or the first break.
 */
export function verifyAuditRecords(
  previous: AuditHead,
  records: readonly AuditRecord[],
  digest: Digest,
): { readonly ok: true; readonly head: AuditHead } | { readonly ok: false; readonly break: AuditBreak } {
  let head = previous;
  for (const record of records) {
    const chain = chainOf(record);
    const named = chain === FIRST_CHAIN ? {} : { chain };
    const position = positionOf(record);
    if (position !== head.seq + 1)
      return { ok: false, break: { kind: 'MISSING', seq: head.seq + 1, found: position, ...named } };
    if (record.previousHash !== head.hash)
      return { ok: false, break: { kind: 'NOT_CHAINED', seq: position, ...named } };
    const { hash, ...unsealed } = record;
    if (digest(auditHashInput(unsealed)) !== hash)
      return { ok: false, break: { kind: 'ALTERED', seq: position, ...named } };
    head = { seq: position, hash };
  }
  return { ok: true, head };
}
