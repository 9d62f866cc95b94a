import {
  EMPTY_HEAD,
  verifyAuditRecords,
  type AuditBreak,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
} from '../domain/audit.js';
import { atField } from '../domain/errors.js';
import { parseInstant } from '../domain/instant.js';
import { authorize } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { sealWithSha256, sha256 } from '../shared/audit-seal.js';
import type { AuditQuery } from '../store/audit-repository.js';
import type { Store } from '../store/store.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';

/** The most records one append writes: a busy moment is written in a few transactions, not one huge one. */
const MOST_PER_APPEND = 500;

/** How long a write's record that could not be written waits before it is tried again, at first and at most. */
const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 15_000;

/** How long closing waits for the records of writes that still could not be written. */
const CLOSING_WAIT_MS = 10_000;

interface Pending {
  readonly entry: AuditEntry;
  /** A write's record is kept and tried again until it is written; a read's is given up (the read is refused). */
  readonly kept: boolean;
  readonly done: () => void;
  readonly failed: (error: unknown) => void;
}

/** What the trail tells its owner (the server's log) when records cannot be written, and when they are again. */
export interface AuditTrouble {
  /** An append failed; `unwritten` records of writes are kept and tried again. */
  failed(error: unknown, unwritten: number): void;
  /** The records kept after a failure are all written now. */
  recovered(): void;
  /** Closing gave up on records that still could not be written. */
  abandoned(unwritten: number): void;
}

const SILENT: AuditTrouble = {
  failed: () => undefined,
  recovered: () => undefined,
  abandoned: () => undefined,
};

/**
 * Writes audit records in group commits: the records asked for while an append is under way go together in the
 * next one (a turn's requests at least), so that a busy moment costs a few commits rather than one per request,
 * and the store's chain is appended to one append at a time. A failed append is split, so that one
 * record the database refuses does not take the others with it; a write's record that still cannot be written is
 * kept and tried again (and {@link unwritten} says so, so that no further write is made meanwhile), never
 * dropped in silence.
 */
export class AuditTrail {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly appending = new Set<Promise<void>>();
  private kept: Pending[] = [];
  private retry: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  /** Kept records being appended again. */
  private retrying = 0;
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly trouble: AuditTrouble = SILENT,
  ) {}

  /**
   * A write's record: resolves once it is written in the chain. Should the database refuse it, it is kept and
   * tried again until it is written; the promise never rejects.
   */
  recordWrite(entry: AuditEntry): Promise<void> {
    return this.enqueue(entry, true);
  }

  /** A read's (or a command's) record: resolves once it is written in the chain; rejects when it cannot be. */
  record(entry: AuditEntry): Promise<void> {
    return this.enqueue(entry, false);
  }

  /** The records of writes not yet written after a failure: while there are any, no write should be made. */
  get unwritten(): number {
    return this.kept.length + this.retrying;
  }

  /** Waits until every record asked for so far is written, or refused; kept records for a while at most. */
  async drain(): Promise<void> {
    this.closing = true;
    const deadline = Date.now() + CLOSING_WAIT_MS;
    while (
      this.scheduled ||
      this.queue.length > 0 ||
      this.appending.size > 0 ||
      (this.kept.length > 0 && Date.now() < deadline)
    ) {
      if (this.kept.length > 0 && this.appending.size === 0 && !this.scheduled) this.retryKept();
      await Promise.allSettled([...this.appending]);
      await new Promise((resolve) => setTimeout(resolve, this.kept.length > 0 ? 50 : 0));
    }
    clearTimeout(this.retry);
    if (this.kept.length > 0) {
      this.trouble.abandoned(this.kept.length);
      for (const pending of this.kept.splice(0)) pending.done();
    }
  }

  private enqueue(entry: AuditEntry, kept: boolean): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.queue.push({ entry: { ...entry, at: new Date(entry.at).toISOString() }, kept, done, failed });
      this.schedule();
    });
  }

  /**
   * Appends what is queued at the end of this turn, unless an append is under way: its end does it then, with
   * everything queued meanwhile (the store's chain takes one append at a time anyway).
   */
  private schedule(): void {
    if (this.scheduled || this.appending.size > 0 || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0) this.append(this.queue.splice(0, MOST_PER_APPEND));
    });
  }

  /** Appends a batch; `retried` for records kept after a failure, which {@link unwritten} counts meanwhile. */
  private append(batch: readonly Pending[], retried = false): void {
    if (retried) this.retrying += batch.length;
    const appended = this.store.audit
      .append(
        batch.map((p) => p.entry),
        sealWithSha256,
      )
      .then(
        () => {
          for (const pending of batch) pending.done();
          if (!retried) return;
          this.retrying -= batch.length;
          this.retryMs = FIRST_RETRY_MS;
          if (this.unwritten === 0) this.trouble.recovered();
        },
        (error: unknown) => {
          if (retried) this.retrying -= batch.length;
          this.failed(batch, error, retried);
        },
      )
      .finally(() => {
        this.appending.delete(appended);
        this.schedule();
      });
    this.appending.add(appended);
  }

  private failed(batch: readonly Pending[], error: unknown, retried: boolean): void {
    if (batch.length > 1) {
      // One record the database refuses must not take the others of its turn with it.
      const half = Math.ceil(batch.length / 2);
      this.append(batch.slice(0, half), retried);
      this.append(batch.slice(half), retried);
      return;
    }
    const [pending] = batch;
    if (pending === undefined) return;
    if (!pending.kept) {
      pending.failed(error);
      return;
    }
    this.kept.push(pending);
    this.trouble.failed(error, this.unwritten);
    if (this.retry === undefined && !this.closing) {
      this.retry = setTimeout(() => {
        this.retryKept();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
    }
  }

  private retryKept(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    const again = this.kept.splice(0);
    if (again.length > 0) this.append(again, true);
  }
}

/** What `GET /api/v1/audit` takes. */
export interface AuditListInput {
  readonly after?: number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit?: number | undefined;
}

/** The most records one page of the trail gives. */
export const MOST_AUDIT_RECORDS = 1_000;

/**
 * A page of the audit trail, in chain order, for administrators and inspectors; `next` is the `after` of the
 * following page when there may be more.
 */
export async function listAudit(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  input: AuditListInput,
): Promise<Result<{ records: AuditRecord[]; next?: number }, Failure>> {
  const allowed = authorize(principal, 'audit.read');
  if (!allowed.ok) return fail(allowed.error);
  const query: { -readonly [K in keyof AuditQuery]: AuditQuery[K] } = {
    after: input.after,
    limit: input.limit ?? 100,
  };
  for (const field of ['from', 'to'] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    const instant = parseInstant(raw);
    if (!instant.ok) return fail(atField(instant.error, field));
    query[field] = instant.value.toISOString();
  }
  const records = await deps.store.audit.list(query);
  const last = records.at(-1);
  return ok({ records, ...(last !== undefined && records.length === query.limit ? { next: last.seq } : {}) });
}

/** What a walk along every chain of the trail found. */
export type AuditVerification =
  | { readonly intact: true; readonly records: number; readonly head: AuditHead }
  | {
      readonly intact: false;
      readonly records: number;
      readonly break: AuditBreak | { readonly kind: 'HEAD_NOT_FOUND'; readonly seq: number };
    };

/**
 * Walks every chain of the trail from its first record: every record is there, in order, each chained to the one
 * before, none altered. The head given back is the trail's last record (the highest `seq`). `expected`, a head
 * noted earlier (printed by a previous verification), must still be in the trail with the same hash: that catches
 * records removed from the end of its chain, which the chain alone cannot show.
 */
export async function verifyAudit(store: Store, expected?: AuditHead): Promise<AuditVerification> {
  let head = EMPTY_HEAD;
  let records = 0;
  let expectedSeen = expected === undefined || (expected.seq === 0 && expected.hash === EMPTY_HEAD.hash);
  for (const chain of await store.audit.chains()) {
    let end = EMPTY_HEAD;
    for (;;) {
      const page = await store.audit.chain({ chain, after: end.seq, limit: 5_000 });
      if (page.length === 0) break;
      const walked = verifyAuditRecords(end, page, sha256);
      if (!walked.ok) return { intact: false, records, break: walked.break };
      if (expected !== undefined && !expectedSeen) {
        const match = page.find((r) => r.seq === expected.seq);
        if (match !== undefined) {
          if (match.hash !== expected.hash)
            return { intact: false, records, break: { kind: 'ALTERED', seq: match.seq } };
          expectedSeen = true;
        }
      }
      const last = page.reduce((a, b) => (b.seq > a.seq ? b : a));
      if (last.seq > head.seq) head = { seq: last.seq, hash: last.hash };
      records += page.length;
      end = walked.head;
    }
  }
  if (!expectedSeen && expected !== undefined)
    return { intact: false, records, break: { kind: 'HEAD_NOT_FOUND', seq: expected.seq } };
  return { intact: true, records, head };
}
