import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import { sameRegistration, type Channel, type Presence } from '../../domain/presence.js';
import type { ReceiptNumber } from '../../domain/receipt-number.js';
import { workerFromKey, workerKey } from '../../domain/worker.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type {
  CancelOutcome,
  PresenceDraft,
  PresenceQuery,
  PresenceRepository,
  RegisterOutcome,
} from '../presence-repository.js';
import type { WriteBatcher } from './write-batcher.js';

/** A row of the `presences` table. */
interface PresenceRow {
  id: string;
  receipt_number: string;
  workplace_id: string;
  registration_date: string;
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  employer: string;
  client_reference: string | null;
  channel: string;
  sender_role: 'company' | 'provider';
  sender_id: string;
  status: 'REGISTERED' | 'CANCELLED';
  created_at: string;
  cancelled_at: string | null;
  cancellation_reason: string | null;
}

const COLUMNS =
  'id, receipt_number, workplace_id, registration_date, worker_kind, worker_id, employer, client_reference, channel, ' +
  'sender_role, sender_id, status, created_at, cancelled_at, cancellation_reason';

/** Presences in SQLite: writes through the group-commit batcher, reads straight from the database. */
export class SqlitePresenceRepository implements PresenceRepository {
  private readonly byId: Statement<[string], PresenceRow>;
  private readonly byClientReference: Statement<[string, string, string], PresenceRow>;
  private readonly registered: Statement<[string, string, string, string, string], PresenceRow>;
  private readonly insert: Statement;
  private readonly bindReference: Statement<[string, string, string, string]>;
  private readonly markCancelled: Statement<unknown[], PresenceRow>;
  private readonly searches = new Map<string, Statement<unknown[], PresenceRow>>();

  constructor(
    private readonly db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM presences WHERE id = ?`);
    this.byClientReference = db.prepare(
      `SELECT ${prefixed('p')} FROM client_references r JOIN presences p ON p.id = r.presence_id
       WHERE r.sender_role = ? AND r.sender_id = ? AND r.client_reference = ?`,
    );
    this.registered = db.prepare(
      `SELECT ${COLUMNS} FROM presences
       WHERE workplace_id = ? AND registration_date = ? AND worker_kind = ? AND worker_id = ? AND employer = ?
         AND status = 'REGISTERED'`,
    );
    this.insert = db.prepare(
      `INSERT INTO presences (id, receipt_number, workplace_id, registration_date, worker_kind, worker_id, employer,
         client_reference, channel, sender_role, sender_id, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REGISTERED', ?)`,
    );
    this.bindReference = db.prepare(
      'INSERT INTO client_references (sender_role, sender_id, client_reference, presence_id) VALUES (?, ?, ?, ?)',
    );
    this.markCancelled = db.prepare(
      `UPDATE presences SET status = 'CANCELLED', cancelled_at = ?, cancellation_reason = ?, cancelled_by_role = ?,
         cancelled_by_id = ?
       WHERE id = ? AND status = 'REGISTERED' RETURNING ${COLUMNS}`,
    );
  }

  register(drafts: readonly PresenceDraft[]): Promise<RegisterOutcome[]> {
    return this.writes.run(() => drafts.map((draft) => this.registerOne(draft)));
  }

  private registerOne(draft: PresenceDraft): RegisterOutcome {
    const sender = [draft.sender.role, draft.sender.enterprise] as const;
    if (draft.clientReference !== undefined) {
      const bound = this.byClientReference.get(...sender, draft.clientReference);
      if (bound !== undefined) {
        const presence = toPresence(bound);
        return sameRegistration(presence, draft)
          ? { kind: 'DUPLICATE', presence }
          : { kind: 'CLIENT_REFERENCE_CONFLICT', presence };
      }
    }
    const worker = workerKey(draft.worker);
    const existing = this.registered.get(
      draft.workplaceId,
      draft.registrationDate,
      worker.kind,
      worker.id,
      draft.employer,
    );
    let presence: Presence;
    let kind: 'CREATED' | 'DUPLICATE';
    if (existing === undefined) {
      presence = this.insertNew(draft);
      kind = 'CREATED';
    } else {
      presence = toPresence(existing);
      kind = 'DUPLICATE';
    }
    if (draft.clientReference !== undefined)
      this.bindReference.run(...sender, draft.clientReference, presence.id);
    return { kind, presence };
  }

  private insertNew(draft: PresenceDraft): Presence {
    const worker = workerKey(draft.worker);
    for (let attempt = 0; ; attempt += 1) {
      const receiptNumber = draft.newReceiptNumber();
      try {
        this.insert.run(
          draft.id,
          receiptNumber,
          draft.workplaceId,
          draft.registrationDate,
          worker.kind,
          worker.id,
          draft.employer,
          draft.clientReference ?? null,
          draft.channel,
          draft.sender.role,
          draft.sender.enterprise,
          draft.createdAt,
        );
        const { newReceiptNumber: _unused, ...fields } = draft;
        return { ...fields, receiptNumber, status: 'REGISTERED' };
      } catch (error) {
        // 55 random bits make a collision of receipt numbers rare, not impossible: draw another.
        if (attempt < 5 && isUniqueViolation(error, 'presences.receipt_number')) continue;
        throw error;
      }
    }
  }

  cancel(
    id: string,
    cancellation: { at: string; reason: string; by: { role: string; enterprise: string } },
  ): Promise<CancelOutcome> {
    return this.writes.run((): CancelOutcome => {
      const row = this.markCancelled.get(
        cancellation.at,
        cancellation.reason,
        cancellation.by.role,
        cancellation.by.enterprise,
        id,
      );
      if (row !== undefined) return { kind: 'CANCELLED', presence: toPresence(row) };
      const current = this.byId.get(id);
      return current === undefined
        ? { kind: 'NOT_FOUND' }
        : { kind: 'ALREADY_CANCELLED', presence: toPresence(current) };
    });
  }

  get(id: string): Promise<Presence | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : toPresence(row));
  }

  search(query: PresenceQuery): Promise<{ presences: Presence[]; more: boolean }> {
    const { sql, params } = searchStatement(query);
    let statement = this.searches.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.searches.set(sql, statement);
    }
    const rows = statement.all(...params);
    const more = rows.length > query.limit;
    return Promise.resolve({ presences: rows.slice(0, query.limit).map(toPresence), more });
  }
}

/**
 * The SQL of a search: one page (plus one row, to know whether more follow) in (day, id) order. A caller of
 * the chain sees the presences whose employer it is, or is above, on the workplace (`workplace_access`).
 */
export function searchStatement(query: PresenceQuery): { sql: string; params: unknown[] } {
  const where = ['p.registration_date >= ?', 'p.registration_date <= ?'];
  const params: unknown[] = [query.from, query.to];
  if (query.workplaceId !== undefined) {
    where.push('p.workplace_id = ?');
    params.push(query.workplaceId);
  }
  if (query.worker !== undefined) {
    const worker = workerKey(query.worker);
    where.push('p.worker_kind = ? AND p.worker_id = ?');
    params.push(worker.kind, worker.id);
  }
  if (query.employer !== undefined) {
    where.push('p.employer = ?');
    params.push(query.employer);
  }
  if (query.status !== undefined) {
    where.push('p.status = ?');
    params.push(query.status);
  }
  if (query.after !== undefined) {
    where.push('(p.registration_date, p.id) > (?, ?)');
    params.push(query.after.registrationDate, query.after.id);
  }
  if (query.scope.kind === 'CHAIN') {
    const viewers = JSON.stringify(query.scope.actingFor);
    where.push(
      `p.workplace_id IN (SELECT workplace_id FROM workplace_access WHERE viewer IN (SELECT value FROM json_each(?)))`,
      `EXISTS (SELECT 1 FROM workplace_access a WHERE a.workplace_id = p.workplace_id AND a.employer = p.employer
               AND a.viewer IN (SELECT value FROM json_each(?)))`,
    );
    params.push(viewers, viewers);
  }
  params.push(query.limit + 1);
  return {
    sql: `SELECT ${prefixed('p')} FROM presences p WHERE ${where.join(' AND ')} ORDER BY p.registration_date, p.id LIMIT ?`,
    params,
  };
}

function prefixed(alias: string): string {
  return COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

function toPresence(row: PresenceRow): Presence {
  const base = {
    id: row.id,
    receiptNumber: row.receipt_number as ReceiptNumber,
    workplaceId: row.workplace_id as WorkplaceId,
    registrationDate: row.registration_date as CalendarDate,
    worker: workerFromKey(row.worker_kind, row.worker_id),
    employer: row.employer as EnterpriseNumber,
    ...(row.client_reference === null ? {} : { clientReference: row.client_reference }),
    channel: row.channel as Channel,
    sender: { role: row.sender_role, enterprise: row.sender_id as EnterpriseNumber },
    createdAt: row.created_at,
  };
  return row.status === 'CANCELLED'
    ? {
        ...base,
        status: 'CANCELLED',
        cancelledAt: row.cancelled_at ?? '',
        cancellationReason: row.cancellation_reason ?? '',
      }
    : { ...base, status: 'REGISTERED' };
}

/** True for a UNIQUE or PRIMARY KEY constraint failure on the given `table.column`. */
export function isUniqueViolation(error: unknown, column: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (
    (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') &&
    error.message.includes(column)
  );
}
