import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import { sameRegistration, type Presence } from '../../domain/presence.js';
import type { PresenceRegistrationId } from '../../domain/presence-registration-id.js';
import type { Sender } from '../../domain/principal.js';
import { NOT_YET_VALIDATED, remarkBits } from '../../domain/validation.js';
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
import { isUniqueViolation } from './sqlite-errors.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** The columns a presence is read from. */
export const PRESENCE_COLUMNS = [
  'sequence',
  'id',
  'receipt_number',
  'registration_id',
  'workplace_id',
  'registration_date',
  'worker_kind',
  'worker_id',
  'employer',
  'client_reference',
  'channel',
  'reference_number',
  'sender_role',
  'sender_id',
  'status',
  'created_at',
  'cancelled_at',
  'cancellation_reason',
  'validation_status',
  'validation_remarks',
  'validated_at',
  'validation_history',
  ...UPSTREAM_COLUMNS,
];
const SELECTED = PRESENCE_COLUMNS.map((c) => `p.${c}`).join(', ');

/** Presences in SQLite: writes through the group-commit batcher, reads straight from the database. */
export class SqlitePresenceRepository implements PresenceRepository {
  private readonly byId: Statement<[string], PresenceRow>;
  private readonly byRegistrationId: Statement<[number], { id: string }>;
  private readonly byClientReference: Statement<[string, string, string], PresenceRow>;
  private readonly registered: Statement<[string, string, string, string, string], PresenceRow>;
  private readonly insert: Statement;
  private readonly bindReference: Statement<[string, string, string, number]>;
  private readonly markCancelled: Statement<unknown[], PresenceRow>;
  private readonly recheckSameDeclaration: Statement<[string, string, string]>;
  private readonly searches = new Map<string, Statement<unknown[], PresenceRow>>();

  constructor(
    private readonly db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.byId = db.prepare(`SELECT ${SELECTED} FROM presences p WHERE p.id = ?`);
    this.byRegistrationId = db.prepare('SELECT id FROM presences WHERE registration_id = ?');
    this.byClientReference = db.prepare(
      `SELECT ${SELECTED} FROM client_references r JOIN presences p ON p.sequence = r.presence_sequence
       WHERE r.sender_role = ? AND r.sender_id = ? AND r.client_reference = ?`,
    );
    this.registered = db.prepare(
      `SELECT ${SELECTED} FROM presences p
       WHERE p.workplace_id = ? AND p.registration_date = ? AND p.worker_kind = ? AND p.worker_id = ? AND p.employer = ?
         AND p.status = 'REGISTERED'`,
    );
    this.insert = db.prepare(
      `INSERT INTO presences (id, receipt_number, registration_id, workplace_id, registration_date, worker_kind,
         worker_id, employer, client_reference, channel, reference_number, sender_role, sender_id, status, created_at,
         upstream_status, upstream_due)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REGISTERED', ?, ?, ?)`,
    );
    this.bindReference = db.prepare(
      'INSERT INTO client_references (sender_role, sender_id, client_reference, presence_sequence) VALUES (?, ?, ?, ?)',
    );
    this.markCancelled = db.prepare(
      `UPDATE presences SET status = 'CANCELLED', cancelled_at = ?, cancellation_reason = ?, cancelled_by_role = ?,
         cancelled_by_id = ?,
         validation_due = 0, validation_lease = NULL, ${UPSTREAM_CANCEL_MARK}
       WHERE id = ? AND status = 'REGISTERED' RETURNING ${PRESENCE_COLUMNS.join(', ')}`,
    );
    // The registrations of the same employer, workplace and day are checked again: one's check may have found (or
    // be finding) the one cancelled registered before it.
    this.recheckSameDeclaration = db.prepare(
      `UPDATE presences SET validation_due = validation_due + 1
        WHERE workplace_id = ? AND registration_date = ? AND employer = ? AND status = 'REGISTERED'`,
    );
  }

  register(drafts: readonly PresenceDraft[]): Promise<RegisterOutcome[]> {
    return this.writes.run(() => drafts.map((draft) => this.registerOne(draft)));
  }

  private registerOne(draft: PresenceDraft): RegisterOutcome {
    const { role, enterprise } = draft.sender;
    if (draft.clientReference !== undefined) {
      const bound = this.byClientReference.get(role, enterprise, draft.clientReference);
      if (bound !== undefined) {
        const presence = presenceFromRow(bound);
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
    if (existing === undefined && !draft.mayCreate) return { kind: 'NOT_REGISTERED' };
    const { sequence, presence } =
      existing === undefined
        ? this.insertNew(draft)
        : { sequence: existing.sequence, presence: presenceFromRow(existing) };
    if (draft.clientReference !== undefined)
      this.bindReference.run(role, enterprise, draft.clientReference, sequence);
    return { kind: existing === undefined ? 'CREATED' : 'DUPLICATE', presence };
  }

  private insertNew(draft: PresenceDraft): { sequence: number; presence: Presence } {
    const worker = workerKey(draft.worker);
    for (let attempt = 0; ; attempt += 1) {
      const numbers = draft.newNumbers();
      try {
        const { lastInsertRowid } = this.insert.run(
          draft.id,
          numbers.receiptNumber,
          Number(numbers.registrationId),
          draft.workplaceId,
          draft.registrationDate,
          worker.kind,
          worker.id,
          draft.employer,
          draft.clientReference ?? null,
          draft.channel,
          draft.referenceNumber ?? null,
          draft.sender.role,
          draft.sender.enterprise,
          draft.createdAt,
          draft.relay ? 'PENDING' : null,
          draft.relay ? 1 : 0,
        );
        const { newNumbers: _unused, mayCreate: _mayCreate, relay, ...fields } = draft;
        return {
          sequence: Number(lastInsertRowid),
          presence: {
            ...fields,
            ...numbers,
            status: 'REGISTERED',
            validation: NOT_YET_VALIDATED,
            ...(relay ? { upstream: { status: 'PENDING', at: draft.createdAt } } : {}),
          },
        };
      } catch (error) {
        // Random numbers make a collision rare, not impossible: draw others.
        const taken =
          isUniqueViolation(error, 'presences.receipt_number') ||
          isUniqueViolation(error, 'presences.registration_id');
        if (attempt < 5 && taken) continue;
        throw error;
      }
    }
  }

  cancel(id: string, cancellation: { at: string; reason: string; by: Sender }): Promise<CancelOutcome> {
    return this.writes.run((): CancelOutcome => {
      const { at, reason, by } = cancellation;
      const row = this.markCancelled.get(at, reason, by.role, by.enterprise, id);
      if (row !== undefined) {
        this.recheckSameDeclaration.run(row.workplace_id, row.registration_date, row.employer);
        return { kind: 'CANCELLED', presence: presenceFromRow(row) };
      }
      const current = this.byId.get(id);
      return current === undefined
        ? { kind: 'NOT_FOUND' }
        : { kind: 'ALREADY_CANCELLED', presence: presenceFromRow(current) };
    });
  }

  get(id: string): Promise<Presence | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : presenceFromRow(row));
  }

  idOfRegistration(registrationId: PresenceRegistrationId): Promise<string | undefined> {
    return Promise.resolve(this.byRegistrationId.get(Number(registrationId))?.id);
  }

  search(query: PresenceQuery): Promise<{ presences: Presence[]; next?: SearchPosition }> {
    const { sql, params } = searchStatement(query);
    let statement = this.searches.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.searches.set(sql, statement);
    }
    const rows = statement.all(...params);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return Promise.resolve({
      presences: page.map(presenceFromRow),
      ...(rows.length > query.limit && last !== undefined
        ? { next: { registrationDate: last.registration_date as CalendarDate, sequence: last.sequence } }
        : {}),
    });
  }
}

/**
 * The SQL of a search: one page (plus one row, to know whether more follow) in (day, sequence) order — the
 * order of the day indexes, so that no sort is needed. A caller of the chain sees the presences whose employer
 * it is, or is above, on the workplace (`workplace_access`).
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
  if (query.validation !== undefined) {
    where.push('p.validation_status = ?');
    params.push(query.validation);
  }
  if (query.remarks !== undefined && query.remarks.length > 0) {
    where.push('p.validation_remarks & ? <> 0');
    params.push(remarkBits(query.remarks));
  }
  if (query.upstream !== undefined && query.upstream.length > 0) {
    where.push(`p.upstream_status IN (${query.upstream.map(() => '?').join(', ')})`);
    params.push(...query.upstream);
  }
  if (query.after !== undefined) {
    where.push('(p.registration_date, p.sequence) > (?, ?)');
    params.push(query.after.registrationDate, query.after.sequence);
  }
  if (query.scope.kind === 'CHAIN') {
    const viewers = JSON.stringify(query.scope.actingFor);
    if (query.workplaceId === undefined) {
      // Without a workplace, go through the workplaces the caller takes part in, each by its index.
      where.push(
        'p.workplace_id IN (SELECT workplace_id FROM workplace_access WHERE viewer IN (SELECT value FROM json_each(?)))',
      );
      params.push(viewers);
    }
    where.push(
      `EXISTS (SELECT 1 FROM workplace_access a WHERE a.workplace_id = p.workplace_id AND a.employer = p.employer
               AND a.viewer IN (SELECT value FROM json_each(?)))`,
    );
    params.push(viewers);
  }
  params.push(query.limit + 1);
  return {
    sql: `SELECT ${SELECTED} FROM presences p WHERE ${where.join(' AND ')}
          ORDER BY p.registration_date, p.sequence LIMIT ?`,
    params,
  };
}
