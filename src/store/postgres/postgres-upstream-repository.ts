import type pg from 'pg';
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
import { SELECTED } from './postgres-presence-repository.js';

/** The columns every settlement carries: which presence, under which lease, when. */
const KEY = 'id uuid, day date, lease timestamptz, at timestamptz';

/**
 * What each kind of settlement sets, for the settlements of that kind (`c`, read with `jsonb_to_recordset`) —
 * as the SQLite adapter's statements: SET expressions read the row as it was before the update.
 */
const SETTLEMENTS: Readonly<Record<Settlement['kind'], { readonly columns: string; readonly set: string }>> =
  {
    ACKNOWLEDGED: {
      columns: `${KEY}, status text, registration_id text, remarks integer, next_poll_at timestamptz`,
      set: `upstream_at = CASE WHEN p.upstream_status IS NOT DISTINCT FROM c.status
                              AND p.upstream_registration_id IS NOT DISTINCT FROM c.registration_id
                              AND p.upstream_remarks = c.remarks THEN p.upstream_at ELSE c.at END,
          upstream_status = c.status, upstream_registration_id = c.registration_id, upstream_remarks = c.remarks,
          upstream_errors = NULL, upstream_unsure = 0, upstream_polls = p.upstream_polls + 1,
          upstream_cancel = CASE WHEN p.status = 'CANCELLED' AND p.upstream_cancel IS NULL THEN 'PENDING'
                                 ELSE p.upstream_cancel END,
          upstream_due = CASE WHEN p.status = 'CANCELLED'
                                THEN CASE WHEN p.upstream_cancel IN ('CANCELLED', 'REFUSED') THEN 0 ELSE 1 END
                              WHEN c.next_poll_at IS NULL THEN 0 ELSE 1 END,
          upstream_next_at = CASE WHEN p.status = 'CANCELLED' THEN NULL ELSE c.next_poll_at END`,
    },
    REFUSED: {
      columns: `${KEY}, errors jsonb`,
      set: `upstream_status = 'REFUSED', upstream_errors = c.errors, upstream_at = c.at, upstream_unsure = 0,
          upstream_due = 0, upstream_next_at = NULL`,
    },
    WITHHELD: {
      columns: KEY,
      set: `upstream_status = 'WITHHELD', upstream_at = c.at, upstream_unsure = 0, upstream_due = 0,
          upstream_next_at = NULL`,
    },
    CANCELLED: {
      columns: KEY,
      set: `upstream_cancel = 'CANCELLED', upstream_cancel_at = c.at, upstream_due = 0, upstream_next_at = NULL`,
    },
    CANCEL_REFUSED: {
      columns: `${KEY}, errors jsonb`,
      set: `upstream_cancel = 'REFUSED', upstream_cancel_at = c.at, upstream_errors = c.errors, upstream_due = 0,
          upstream_next_at = NULL`,
    },
    RELEASED: {
      columns: `${KEY}, unsure integer, retry_at timestamptz`,
      // A cancellation made meanwhile is due at once: a later try of what was let go does not put it off.
      set: `upstream_unsure = c.unsure,
          upstream_next_at = CASE WHEN p.status = 'CANCELLED' THEN p.upstream_next_at
                                  ELSE coalesce(c.retry_at, p.upstream_next_at) END`,
    },
  };

/**
 * The relay's outbox and journal in PostgreSQL. Several instances take from the outbox at once without taking the
 * same presence (`FOR UPDATE SKIP LOCKED`, then a lease); the settlements of one kind are one statement.
 */
export class PostgresUpstreamRepository implements UpstreamRepository {
  constructor(private readonly pool: pg.Pool) {}

  async take(limit: number, now: string, until: string, lastDay: CalendarDate): Promise<OutboxItem[]> {
    const { rows } = await this.pool.query<OutboxRow>({
      name: 'upstream-take',
      text: `WITH due AS (
               SELECT registration_date, id, upstream_unsure AS was_unsure FROM presences
                WHERE upstream_due = 1 AND registration_date <= $1
                  AND (upstream_next_at IS NULL OR upstream_next_at <= $2)
                  AND (upstream_lease IS NULL OR upstream_lease <= $2)
                ORDER BY upstream_status = 'PENDING' OR upstream_cancel = 'PENDING' DESC,
                         registration_date, sequence
                LIMIT $3
                FOR UPDATE SKIP LOCKED
             )
             UPDATE presences p SET upstream_lease = $4,
               upstream_unsure = CASE WHEN p.status = 'REGISTERED' AND p.upstream_status = 'PENDING' THEN 1
                                      ELSE p.upstream_unsure END
               FROM due WHERE p.registration_date = due.registration_date AND p.id = due.id
             RETURNING ${SELECTED}, due.was_unsure AS upstream_unsure, p.upstream_polls`,
      values: [lastDay, now, limit, until],
    });
    return rows
      .sort(
        (a, b) =>
          rank(a) - rank(b) ||
          a.registration_date.localeCompare(b.registration_date) ||
          a.sequence - b.sequence,
      )
      .map((row) => outboxItem(row, until));
  }

  async settle(settlements: readonly Settlement[]): Promise<void> {
    for (const kind of Object.keys(SETTLEMENTS) as Settlement['kind'][]) {
      const group = settlements.filter((s) => s.kind === kind);
      if (group.length === 0) continue;
      const { columns, set } = SETTLEMENTS[kind];
      await this.pool.query({
        name: `upstream-settle-${kind}`,
        text: `UPDATE presences p SET ${set}, upstream_lease = NULL
                 FROM jsonb_to_recordset($1::jsonb) AS c (${columns})
                WHERE p.registration_date = c.day AND p.id = c.id AND p.upstream_lease = c.lease`,
        values: [JSON.stringify(group.map(settlementRecord))],
      });
    }
  }

  async counts(lastDay: CalendarDate, since: CalendarDate): Promise<UpstreamCounts> {
    const { rows } = await this.pool.query<StatusCountRow>({
      name: 'upstream-counts',
      text: `SELECT upstream_status AS status, count(*) AS n,
                    count(*) FILTER (WHERE upstream_cancel = 'PENDING') AS cancellations,
                    count(*) FILTER (WHERE upstream_status = 'PENDING' AND status = 'REGISTERED'
                                       AND registration_date > $1) AS scheduled,
                    min(created_at) FILTER (WHERE upstream_status = 'PENDING' AND status = 'REGISTERED') AS oldest
               FROM presences
              WHERE upstream_status IS NOT NULL AND registration_date >= $2
              GROUP BY upstream_status`,
      values: [lastDay, since],
    });
    return countsOf(rows);
  }

  async unconfirmed(from: CalendarDate, to: CalendarDate, limit: number): Promise<Presence[]> {
    const { rows } = await this.pool.query<PresenceRow>({
      name: 'upstream-unconfirmed',
      text: `SELECT ${SELECTED} FROM presences p
              WHERE p.upstream_status IN ('PENDING', 'REFUSED') AND p.registration_date BETWEEN $1 AND $2
                AND p.status = 'REGISTERED'
              ORDER BY p.registration_date, p.sequence LIMIT $3`,
      values: [from, to, limit],
    });
    return rows.map(presenceFromRow);
  }

  async journal(spans: readonly UpstreamSpan[]): Promise<void> {
    if (spans.length === 0) return;
    await this.pool.query({
      name: 'upstream-journal',
      text: `INSERT INTO upstream_journal (instance_id, from_at, to_at, answering, calls, last_error)
             SELECT instance_id, from_at, to_at, answering, calls, last_error
               FROM jsonb_to_recordset($1::jsonb) AS s (instance_id text, from_at timestamptz, to_at timestamptz,
                                                        answering boolean, calls integer, last_error text)
             ON CONFLICT (instance_id, from_at) DO UPDATE
               SET to_at = excluded.to_at, calls = excluded.calls, last_error = excluded.last_error`,
      values: [
        JSON.stringify(
          spans.map((span) => ({
            instance_id: span.instanceId,
            from_at: span.from,
            to_at: span.to,
            answering: span.answering,
            calls: span.calls,
            last_error: span.lastError ?? null,
          })),
        ),
      ],
    });
  }

  async spansAround(from: string, to: string): Promise<UpstreamSpan[]> {
    const { rows } = await this.pool.query<SpanRow>(
      'SELECT * FROM upstream_journal WHERE to_at >= $1 AND from_at <= $2 ORDER BY from_at',
      [from, to],
    );
    return rows.map(spanFromRow);
  }

  async latestSpan(): Promise<UpstreamSpan | undefined> {
    const { rows } = await this.pool.query<SpanRow>(
      'SELECT * FROM upstream_journal ORDER BY to_at DESC LIMIT 1',
    );
    const row = rows[0];
    return row === undefined ? undefined : spanFromRow(row);
  }
}

/** Sends and cancellations before checks, as `take` orders them. */
function rank(row: OutboxRow): number {
  return row.upstream_status === 'PENDING' || row.upstream_cancel === 'PENDING' ? 0 : 1;
}

/** A settlement as a record of `jsonb_to_recordset`, named as its kind's columns. */
function settlementRecord(settlement: Settlement): Record<string, unknown> {
  const key = {
    id: settlement.presence.id,
    day: settlement.presence.registrationDate,
    lease: settlement.lease,
    at: settlement.at,
  };
  switch (settlement.kind) {
    case 'ACKNOWLEDGED':
      return {
        ...key,
        status: settlement.status,
        registration_id: settlement.registrationId,
        remarks: remarkBits(settlement.remarks),
        next_poll_at: settlement.nextPollAt ?? null,
      };
    case 'REFUSED':
    case 'CANCEL_REFUSED':
      return { ...key, errors: settlement.errors };
    case 'WITHHELD':
    case 'CANCELLED':
      return key;
    case 'RELEASED':
      return { ...key, unsure: settlement.unsure ? 1 : 0, retry_at: settlement.retryAt ?? null };
  }
}
