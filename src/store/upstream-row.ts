import { UPSTREAM_STATUSES, type UpstreamSpan, type UpstreamStatus } from '../domain/upstream.js';
import { instant } from './instant-column.js';
import { presenceFromRow, type PresenceRow } from './presence-row.js';
import type { OutboxItem, UpstreamCounts } from './upstream-repository.js';

/** A presence row as the outbox reads it, with the forwarder's own columns. */
export interface OutboxRow extends PresenceRow {
  upstream_unsure: number;
  upstream_polls: number;
}

/** A row of `upstream_journal`, as both adapters name its columns. */
export interface SpanRow {
  instance_id: string;
  from_at: string | Date;
  to_at: string | Date;
  /** 0 or 1 in SQLite, a boolean from `pg`. */
  answering: number | boolean;
  calls: number;
  last_error: string | null;
}

/** The stretch of the upstream journal a row holds. */
export function spanFromRow(row: SpanRow): UpstreamSpan {
  return {
    instanceId: row.instance_id,
    answering: row.answering === true || row.answering === 1,
    from: instant(row.from_at),
    to: instant(row.to_at),
    calls: row.calls,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
  };
}

/** One line of the outbox's count by upstream status. */
export interface StatusCountRow {
  status: UpstreamStatus;
  /** Numbers, or strings from `pg` (bigint). */
  n: number | string;
  cancellations: number | string | null;
  scheduled: number | string | null;
  oldest: string | Date | null;
}

/** The outbox at a glance, from its count by status. */
export function countsOf(rows: readonly StatusCountRow[]): UpstreamCounts {
  const byStatus = Object.fromEntries(UPSTREAM_STATUSES.map((status) => [status, 0])) as Record<
    UpstreamStatus,
    number
  >;
  let cancellationsPending = 0;
  let scheduled = 0;
  let oldest: string | undefined;
  for (const row of rows) {
    byStatus[row.status] = Number(row.n);
    cancellationsPending += Number(row.cancellations ?? 0);
    scheduled += Number(row.scheduled ?? 0);
    if (row.oldest !== null) oldest = instant(row.oldest);
  }
  return {
    byStatus,
    cancellationsPending,
    scheduled,
    ...(oldest === undefined ? {} : { oldestPendingSince: oldest }),
  };
}

/** A presence taken from the outbox, held by `lease`. */
export function outboxItem(row: OutboxRow, lease: string): OutboxItem {
  const presence = presenceFromRow(row);
  if (presence.upstream === undefined) throw new Error('An outbox row without an upstream state.');
  return {
    presence: { ...presence, upstream: presence.upstream },
    unsure: row.upstream_unsure === 1,
    polls: row.upstream_polls,
    lease,
  };
}
