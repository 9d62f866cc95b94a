import { createHash } from 'node:crypto';
import { isUuid } from './postgres-ids.js';
import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import { sameRegistration, type Presence } from '../../domain/presence.js';
import type { PresenceRegistrationId } from '../../domain/presence-registration-id.js';
import type { Sender } from '../../domain/principal.js';
import { remarkBits } from '../../domain/validation.js';
import { workerKey } from '../../domain/worker.js';
import {
  presenceFromRow,
  UPSTREAM_CANCEL_MARK,
  UPSTREAM_COLUMNS,
  type PresenceRow,
} from '../presence-row.js';
import type {
  CancelOutcome,
  PresenceDraft,
  PresenceQuery,
  PresenceRepository,
  RegisterOutcome,
  SearchPosition,
} from '../presence-repository.js';
import { sqlState } from './postgres-pool.js';

/** What `register_presences` returns for one item. */
type FunctionOutcome =
  | { kind: 'CREATED' | 'DUPLICATE' | 'BOUND'; presence: PresenceRow }
  | { kind: 'NOT_REGISTERED'; presence: null };

interface Job {
  readonly drafts: readonly PresenceDraft[];
  readonly resolve: (outcomes: RegisterOutcome[]) => void;
  readonly reject: (error: unknown) => void;
}

/** Errors after which the same batch may simply be sent again. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 6;
/** The most drafts sent in one call; a larger queue is split over several connections. */
const MAX_BATCH = 1_000;

const COLUMNS =
  'registration_date, id, sequence, receipt_number, registration_id, workplace_id, worker_kind, worker_id, employer, client_reference, ' +
  'channel, reference_number, sender_role, sender_id, status, created_at, cancelled_at, cancellation_reason, ' +
  'validation_status, validation_remarks, validated_at, validation_history, ' +
  UPSTREAM_COLUMNS.join(', ');
/** The columns a presence is read from, each prefixed `p.`. */
export const SELECTED = COLUMNS.split(', ')
  .map((c) => `p.${c}`)
  .join(', ');

/**
 * Presences in PostgreSQL. Registrations asked for during one turn of the event loop go to the database together,
 * in one call of `register_presences` (one round trip, one commit); every promise settles after that commit.
 */
export class PostgresPresenceRepository implements PresenceRepository {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  /**
   * @param readPool where searches of the whole registry (inspectors') are read: a replica when one is
   *   configured, whose lag they accept; everything else reads the primary, which has what was just written.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly readPool: pg.Pool = pool,
  ) {}

  register(drafts: readonly PresenceDraft[]): Promise<RegisterOutcome[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ drafts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flush();
        });
      }
    });
  }

  /** Waits until every registration asked for so far is settled. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled || this.inFlight.size > 0) {
      await Promise.all([...this.inFlight, new Promise((resolve) => setImmediate(resolve))]);
    }
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    let batch: Job[] = [];
    let size = 0;
    const start = (chunk: Job[]): void => {
      const sending = this.send(chunk).finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    };
    for (const job of jobs) {
      if (size + job.drafts.length > MAX_BATCH && batch.length > 0) {
        start(batch);
        batch = [];
        size = 0;
      }
      batch.push(job);
      size += job.drafts.length;
    }
    if (batch.length > 0) start(batch);
  }

  /** Sends the jobs in one call; should the call fail for a reason of one job, each job goes on its own. */
  private async send(jobs: readonly Job[]): Promise<void> {
    const drafts = jobs.flatMap((job) => job.drafts);
    let outcomes: RegisterOutcome[];
    try {
      outcomes = await this.call(drafts);
    } catch (error) {
      if (jobs.length > 1) {
        await Promise.all(jobs.map((job) => this.send([job])));
        return;
      }
      for (const job of jobs) job.reject(error);
      return;
    }
    let offset = 0;
    for (const job of jobs) {
      job.resolve(outcomes.slice(offset, offset + job.drafts.length));
      offset += job.drafts.length;
    }
  }

  private async call(drafts: readonly PresenceDraft[]): Promise<RegisterOutcome[]> {
    for (let attempt = 1; ; attempt += 1) {
      const items = drafts.map((draft) => {
        const worker = workerKey(draft.worker);
        const numbers = [draft.newNumbers(), draft.newNumbers()];
        return {
          id: draft.id,
          receipts: numbers.map((n) => n.receiptNumber),
          registration_ids: numbers.map((n) => n.registrationId),
          workplace_id: draft.workplaceId,
          registration_date: draft.registrationDate,
          worker_kind: worker.kind,
          worker_id: worker.id,
          employer: draft.employer,
          client_reference: draft.clientReference ?? null,
          channel: draft.channel,
          reference_number: draft.referenceNumber ?? null,
          sender_role: draft.sender.role,
          sender_id: draft.sender.enterprise,
          created_at: draft.createdAt,
          may_create: draft.mayCreate,
          relay: draft.relay,
        };
      });
      try {
        const { rows } = await this.pool.query<{ outcomes: FunctionOutcome[] }>({
          name: 'register-presences',
          text: 'SELECT register_presences($1::jsonb) AS outcomes',
          values: [JSON.stringify(items)],
        });
        const outcomes = rows[0]?.outcomes ?? [];
        return outcomes.map((outcome, i): RegisterOutcome => {
          if (outcome.kind === 'NOT_REGISTERED') return { kind: 'NOT_REGISTERED' };
          const presence = presenceFromRow(outcome.presence);
          if (outcome.kind !== 'BOUND') return { kind: outcome.kind, presence };
          const draft = drafts[i];
          return draft !== undefined && sameRegistration(presence, draft)
            ? { kind: 'DUPLICATE', presence }
            : { kind: 'CLIENT_REFERENCE_CONFLICT', presence };
        });
      } catch (error) {
        // Deadlocks and lost races between concurrent batches resolve by sending the batch again.
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  async cancel(id: string, cancellation: { at: string; reason: string; by: Sender }): Promise<CancelOutcome> {
    if (!isUuid(id)) return { kind: 'NOT_FOUND' };
    const { at, reason, by } = cancellation;
    const { rows } = await this.pool.query<PresenceRow>(
      `WITH cancelled AS (
         UPDATE presences p SET status = 'CANCELLED', cancelled_at = $2, cancellation_reason = $3,
           cancelled_by_role = $4, cancelled_by_id = $5, validation_due = 0, validation_lease = NULL,
           ${UPSTREAM_CANCEL_MARK}
         WHERE p.registration_date = (SELECT registration_date FROM presence_keys WHERE id = $1) AND p.id = $1
           AND p.status = 'REGISTERED'
         RETURNING ${SELECTED}
       ), others AS (
         -- The registrations of the same employer, workplace and day are checked again: one's check may have
         -- found (or be finding) the one cancelled registered before it. Those another transaction holds are
         -- skipped rather than waited for: a cancellation never waits on, nor deadlocks with, a check or another
         -- cancellation (a row held by a cancellation is being cancelled, or checked again by it).
         SELECT q.registration_date, q.id FROM presences q, cancelled c
          WHERE q.registration_date = c.registration_date AND q.workplace_id = c.workplace_id
            AND q.employer = c.employer AND q.id <> c.id AND q.status = 'REGISTERED'
          FOR UPDATE OF q SKIP LOCKED
       ), recheck AS (
         UPDATE presences q SET validation_due = q.validation_due + 1 FROM others o
          WHERE q.registration_date = o.registration_date AND q.id = o.id
       )
       SELECT * FROM cancelled`,
      [id, at, reason, by.role, by.enterprise],
    );
    const row = rows[0];
    if (row !== undefined) return { kind: 'CANCELLED', presence: presenceFromRow(row) };
    const current = await this.get(id);
    return current === undefined ? { kind: 'NOT_FOUND' } : { kind: 'ALREADY_CANCELLED', presence: current };
  }

  async get(id: string): Promise<Presence | undefined> {
    if (!isUuid(id)) return undefined;
    // The day comes from presence_keys, so that only that day's partition is read.
    const { rows } = await this.pool.query<PresenceRow>({
      name: 'presence-by-id',
      text: `SELECT ${SELECTED} FROM presences p
             WHERE p.registration_date = (SELECT registration_date FROM presence_keys WHERE id = $1) AND p.id = $1`,
      values: [id],
    });
    const row = rows[0];
    return row === undefined ? undefined : presenceFromRow(row);
  }

  async idOfRegistration(registrationId: PresenceRegistrationId): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'presence-by-registration-id',
      text: 'SELECT id FROM presence_keys WHERE registration_id = $1',
      values: [registrationId],
    });
    return rows[0]?.id;
  }

  async search(query: PresenceQuery): Promise<{ presences: Presence[]; next?: SearchPosition }> {
    const { sql, params } = searchStatement(query);
    const source = query.scope.kind === 'ALL' ? this.readPool : this.pool;
    // Searches come in a few shapes: each is prepared once per connection, and partitioned-table planning (a
    // good part of a search's time) is not redone for every page.
    const name = `search-${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    const { rows } = await source.query<PresenceRow>({ name, text: sql, values: params });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      presences: page.map(presenceFromRow),
      ...(rows.length > query.limit && last !== undefined
        ? { next: { registrationDate: last.registration_date as CalendarDate, sequence: last.sequence } }
        : {}),
    };
  }
}

/**
 * The SQL of a search: one page (plus one row, to know whether more follow) in (day, sequence) order, the order of
 * the indexes. A caller of the chain sees the presences whose employer it is, or is above, on the workplace.
 */
export function searchStatement(query: PresenceQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`p.registration_date >= ${param(query.from)}`, `p.registration_date <= ${param(query.to)}`];
  if (query.workplaceId !== undefined) where.push(`p.workplace_id = ${param(query.workplaceId)}`);
  if (query.worker !== undefined) {
    const worker = workerKey(query.worker);
    where.push(`p.worker_kind = ${param(worker.kind)}`, `p.worker_id = ${param(worker.id)}`);
  }
  if (query.employer !== undefined) where.push(`p.employer = ${param(query.employer)}`);
  if (query.status !== undefined) where.push(`p.status = ${param(query.status)}`);
  if (query.validation !== undefined) where.push(`p.validation_status = ${param(query.validation)}`);
  if (query.remarks !== undefined && query.remarks.length > 0)
    where.push(`p.validation_remarks & ${param(remarkBits(query.remarks))} <> 0`);
  if (query.upstream !== undefined && query.upstream.length > 0) {
    where.push(`p.upstream_status = ANY (${param(query.upstream)}::text[])`);
  }
  if (query.after !== undefined) {
    where.push(
      `(p.registration_date, p.sequence) > (${param(query.after.registrationDate)}, ${param(query.after.sequence)})`,
    );
  }
  if (query.scope.kind === 'CHAIN') {
    const viewers = param(query.scope.actingFor);
    if (query.workplaceId === undefined) {
      where.push(
        `p.workplace_id IN (SELECT workplace_id FROM workplace_access WHERE viewer = ANY(${viewers}::text[]))`,
      );
    }
    where.push(
      `EXISTS (SELECT 1 FROM workplace_access a WHERE a.workplace_id = p.workplace_id AND a.employer = p.employer
               AND a.viewer = ANY(${viewers}::text[]))`,
    );
  }
  return {
    sql: `SELECT ${SELECTED} FROM presences p WHERE ${where.join(' AND ')}
          ORDER BY p.registration_date, p.sequence LIMIT ${param(query.limit + 1)}`,
    params,
  };
}
