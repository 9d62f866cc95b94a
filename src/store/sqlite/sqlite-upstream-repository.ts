import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { Presence } from '../../domain/presence.js';
import type { UpstreamSpan } from '../../domain/upstream.js';
import { remarkBits } from '../../domain/validation.js';
import { presenceFromRow, type PresenceRow } from '../presence-row.js';
import {
  countsOf,
  outboxItem,
  spanFromRow,
  type OutboxRow,
  type SpanRow,
  type StatusCountRow,
} from '../upstream-row.js';
import type { OutboxItem, Settlement, UpstreamCounts, UpstreamRepository } from '../upstream-repository.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';
import { PRESENCE_COLUMNS } from './sqlite-presence-repository.js';

type Named = Record<string, unknown>;

/** The relay's outbox and journal in SQLite: taken and settled through the group commit. */
export class SqliteUpstreamRepository implements UpstreamRepository {
  private readonly due: Statement<Named, OutboxRow>;
  private readonly hold: Statement<Named>;
  private readonly settlements: Readonly<Record<Settlement['kind'], Statement<Named>>>;
  private readonly countByStatus: Statement<Named, StatusCountRow>;
  private readonly notConfirmed: Statement<Named, PresenceRow>;
  private readonly upsertSpan: Statement<Named>;
  private readonly around: Statement<Named, SpanRow>;
  private readonly latest: Statement<[], SpanRow>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.due = db.prepare(
      `SELECT ${PRESENCE_COLUMNS.join(', ')}, upstream_unsure, upstream_polls
         FROM presences INDEXED BY presences_upstream_due
        WHERE upstream_due = 1 AND registration_date <= @lastDay
          AND (upstream_next_at IS NULL OR upstream_next_at <= @now)
          AND (upstream_lease IS NULL OR upstream_lease <= @now)
        ORDER BY upstream_status = 'PENDING' OR upstream_cancel = 'PENDING' DESC, registration_date, sequence
        LIMIT @limit`,
    );
    // A registered presence still to send is unsure from now on: see UpstreamRepository.take.
    this.hold = db.prepare(
      `UPDATE presences SET upstream_lease = @until,
         upstream_unsure = CASE WHEN status = 'REGISTERED' AND upstream_status = 'PENDING' THEN 1 ELSE upstream_unsure END
        WHERE sequence = @sequence`,
    );
    const settle = (set: string): Statement<Named> =>
      db.prepare(
        `UPDATE presences SET ${set}, upstream_lease = NULL WHERE id = @id AND upstream_lease = @lease`,
      );
    this.settlements = {
      // SET expressions read the row as it was: `upstream_cancel` in upstream_due is the one before this update.
      ACKNOWLEDGED: settle(
        `upstream_at = CASE WHEN upstream_status IS @status AND upstream_registration_id IS @registrationId
                              AND upstream_remarks = @remarks THEN upstream_at ELSE @at END,
         upstream_status = @status, upstream_registration_id = @registrationId, upstream_remarks = @remarks,
         upstream_errors = NULL, upstream_unsure = 0, upstream_polls = upstream_polls + 1,
         upstream_cancel = CASE WHEN status = 'CANCELLED' AND upstream_cancel IS NULL THEN 'PENDING'
                                ELSE upstream_cancel END,
         upstream_due = CASE WHEN status = 'CANCELLED'
                               THEN CASE WHEN upstream_cancel IN ('CANCELLED', 'REFUSED') THEN 0 ELSE 1 END
                             WHEN @nextPollAt IS NULL THEN 0 ELSE 1 END,
         upstream_next_at = CASE WHEN status = 'CANCELLED' THEN NULL ELSE @nextPollAt END`,
      ),
      REFUSED: settle(
        `upstream_status = 'REFUSED', upstream_errors = @errors, upstream_at = @at, upstream_unsure = 0,
         upstream_due = 0, upstream_next_at = NULL`,
      ),
      WITHHELD: settle(
        `upstream_status = 'WITHHELD', upstream_at = @at, upstream_unsure = 0, upstream_due = 0,
         upstream_next_at = NULL`,
      ),
      CANCELLED: settle(
        `upstream_cancel = 'CANCELLED', upstream_cancel_at = @at, upstream_due = 0, upstream_next_at = NULL`,
      ),
      CANCEL_REFUSED: settle(
        `upstream_cancel = 'REFUSED', upstream_cancel_at = @at, upstream_errors = @errors, upstream_due = 0,
         upstream_next_at = NULL`,
      ),
      // A cancellation made meanwhile is due at once: a later try of what was let go does not put it off.
      RELEASED: settle(`upstream_unsure = @unsure,
         upstream_next_at = CASE WHEN status = 'CANCELLED' THEN upstream_next_at
                                 ELSE coalesce(@retryAt, upstream_next_at) END`),
    };
    this.countByStatus = db.prepare(
      `SELECT upstream_status AS status, count(*) AS n,
              sum(CASE WHEN upstream_cancel = 'PENDING' THEN 1 ELSE 0 END) AS cancellations,
              sum(CASE WHEN upstream_status = 'PENDING' AND status = 'REGISTERED' AND registration_date > @lastDay
                       THEN 1 ELSE 0 END) AS scheduled,
              min(CASE WHEN upstream_status = 'PENDING' AND status = 'REGISTERED' THEN created_at END) AS oldest
         FROM presences INDEXED BY presences_upstream_status
        WHERE upstream_status IS NOT NULL AND registration_date >= @since
        GROUP BY upstream_status`,
    );
    this.notConfirmed = db.prepare(
      `SELECT ${PRESENCE_COLUMNS.join(', ')} FROM presences INDEXED BY presences_upstream_status
        WHERE upstream_status IN ('PENDING', 'REFUSED') AND registration_date BETWEEN @from AND @to
          AND status = 'REGISTERED'
        ORDER BY registration_date, sequence LIMIT @limit`,
    );
    this.upsertSpan = db.prepare(
      `INSERT INTO upstream_journal (instance_id, from_at, to_at, answering, calls, last_error)
       VALUES (@instanceId, @from, @to, @answering, @calls, @lastError)
       ON CONFLICT (instance_id, from_at) DO UPDATE
         SET to_at = excluded.to_at, calls = excluded.calls, last_error = excluded.last_error`,
    );
    this.around = db.prepare(
      'SELECT * FROM upstream_journal WHERE to_at >= @from AND from_at <= @to ORDER BY from_at',
    );
    this.latest = db.prepare('SELECT * FROM upstream_journal ORDER BY to_at DESC LIMIT 1');
  }

  take(limit: number, now: string, until: string, lastDay: CalendarDate): Promise<OutboxItem[]> {
    return this.writes.run(() =>
      this.due.all({ lastDay, now, limit }).map((row): OutboxItem => {
        this.hold.run({ until, sequence: row.sequence });
        return outboxItem(row, until);
      }),
    );
  }

  settle(settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return Promise.resolve();
    return this.writes.run(() => {
      for (const settlement of settlements) {
        this.settlements[settlement.kind].run(settlementParameters(settlement));
      }
    });
  }

  counts(lastDay: CalendarDate, since: CalendarDate): Promise<UpstreamCounts> {
    return Promise.resolve(countsOf(this.countByStatus.all({ lastDay, since })));
  }

  unconfirmed(from: CalendarDate, to: CalendarDate, limit: number): Promise<Presence[]> {
    return Promise.resolve(this.notConfirmed.all({ from, to, limit }).map(presenceFromRow));
  }

  journal(spans: readonly UpstreamSpan[]): Promise<void> {
    if (spans.length === 0) return Promise.resolve();
    return this.writes.run(() => {
      for (const span of spans) {
        this.upsertSpan.run({
          instanceId: span.instanceId,
          from: span.from,
          to: span.to,
          answering: span.answering ? 1 : 0,
          calls: span.calls,
          lastError: span.lastError ?? null,
        });
      }
    });
  }

  spansAround(from: string, to: string): Promise<UpstreamSpan[]> {
    return Promise.resolve(this.around.all({ from, to }).map(spanFromRow));
  }

  latestSpan(): Promise<UpstreamSpan | undefined> {
    const row = this.latest.get();
    return Promise.resolve(row === undefined ? undefined : spanFromRow(row));
  }
}

/** A settlement's named parameters (every statement takes those it names). */
function settlementParameters(settlement: Settlement): Named {
  const common = { id: settlement.presence.id, lease: settlement.lease, at: settlement.at };
  switch (settlement.kind) {
    case 'ACKNOWLEDGED':
      return {
        ...common,
        status: settlement.status,
        registrationId: settlement.registrationId,
        remarks: remarkBits(settlement.remarks),
        nextPollAt: settlement.nextPollAt ?? null,
      };
    case 'REFUSED':
    case 'CANCEL_REFUSED':
      return { ...common, errors: JSON.stringify(settlement.errors) };
    case 'WITHHELD':
    case 'CANCELLED':
      return common;
    case 'RELEASED':
      return {
        id: common.id,
        lease: common.lease,
        unsure: settlement.unsure ? 1 : 0,
        retryAt: settlement.retryAt ?? null,
      };
  }
}
