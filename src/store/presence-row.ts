import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Channel, Presence } from '../domain/presence.js';
import type { PresenceRegistrationId } from '../domain/presence-registration-id.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import { remarkBits, remarksOfBits, type Validation, type ValidationAttempt } from '../domain/validation.js';
import type {
  UpstreamCancellation,
  UpstreamError,
  UpstreamState,
  UpstreamStatus,
} from '../domain/upstream.js';
import { workerFromKey } from '../domain/worker.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { instant } from './instant-column.js';

/**
 * A row of the `presences` table, as both adapters name its columns. Instants come back as ISO strings (SQLite)
 * or `Date`s (PostgreSQL).
 */
export interface PresenceRow {
  sequence: number;
  id: string;
  receipt_number: string;
  /** A number in SQLite and in a JSON row; a string from \`pg\` (bigint). */
  registration_id: number | string;
  workplace_id: string;
  registration_date: string;
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  employer: string;
  client_reference: string | null;
  channel: string;
  reference_number: string | null;
  sender_role: 'company' | 'provider';
  sender_id: string;
  status: 'REGISTERED' | 'CANCELLED';
  created_at: string | Date;
  cancelled_at: string | Date | null;
  cancellation_reason: string | null;
  validation_status: 'PENDING' | 'VALIDATED' | 'FAILED';
  validation_remarks: number;
  validated_at: string | Date | null;
  /** JSON text in SQLite, parsed already from \`pg\` (jsonb) and in a JSON row. */
  validation_history: string | readonly StoredAttempt[];
  upstream_status: UpstreamStatus | null;
  upstream_registration_id: string | null;
  upstream_remarks: number;
  /** JSON text in SQLite, parsed already from \`pg\` (jsonb) and in a JSON row. */
  upstream_errors: string | readonly UpstreamError[] | null;
  upstream_at: string | Date | null;
  upstream_cancel: 'PENDING' | 'CANCELLED' | 'REFUSED' | null;
  upstream_cancel_at: string | Date | null;
}

/** The columns of a presence's upstream state (after the others of {@link PresenceRow}). */
export const UPSTREAM_COLUMNS = [
  'upstream_status',
  'upstream_registration_id',
  'upstream_remarks',
  'upstream_errors',
  'upstream_at',
  'upstream_cancel',
  'upstream_cancel_at',
] as const;

/**
 * What a cancellation sets in the outbox of a relay: the forwarder has something to do at once for a presence it
 * sent or may still send (cancel it upstream, or withhold it); one acknowledged upstream gets its cancellation due.
 */
export const UPSTREAM_CANCEL_MARK = `
  upstream_cancel = CASE WHEN upstream_status IN ('SENT', 'VALIDATED', 'FAILED') THEN 'PENDING' ELSE upstream_cancel END,
  upstream_due = CASE WHEN upstream_status IN ('PENDING', 'SENT', 'VALIDATED', 'FAILED') THEN 1 ELSE upstream_due END,
  upstream_next_at = NULL`;

function upstreamErrorsOf(row: PresenceRow): readonly UpstreamError[] {
  if (row.upstream_errors === null) return [];
  return typeof row.upstream_errors === 'string'
    ? (JSON.parse(row.upstream_errors) as UpstreamError[])
    : row.upstream_errors;
}

function cancellationOf(row: PresenceRow): UpstreamCancellation | undefined {
  const at = row.upstream_cancel_at === null ? '' : instant(row.upstream_cancel_at);
  switch (row.upstream_cancel) {
    case null:
      return undefined;
    case 'PENDING':
      return { status: 'PENDING' };
    case 'CANCELLED':
      return { status: 'CANCELLED', at };
    case 'REFUSED':
      return { status: 'REFUSED', at, errors: upstreamErrorsOf(row) };
  }
}

/** A presence's state at the official registry, when it is forwarded there. */
function upstreamOf(row: PresenceRow): UpstreamState | undefined {
  if (row.upstream_status === null) return undefined;
  const cancellation = cancellationOf(row);
  const common = {
    at: row.upstream_at === null ? instant(row.created_at) : instant(row.upstream_at),
    ...(cancellation === undefined ? {} : { cancellation }),
  };
  const registrationId = row.upstream_registration_id ?? '';
  switch (row.upstream_status) {
    case 'PENDING':
    case 'WITHHELD':
      return { ...common, status: row.upstream_status };
    case 'SENT':
    case 'VALIDATED':
      return { ...common, status: row.upstream_status, registrationId };
    case 'FAILED':
      return { ...common, status: 'FAILED', registrationId, remarks: remarksOfBits(row.upstream_remarks) };
    case 'REFUSED':
      return { ...common, status: 'REFUSED', errors: upstreamErrorsOf(row) };
  }
}

/** A check as the history column keeps it: its status, instant and remarks' bits. */
export interface StoredAttempt {
  readonly s: 'VALIDATED' | 'FAILED';
  readonly at: string;
  readonly r: number;
}

/** How a check is kept in the history column. */
export function storedAttempt(attempt: ValidationAttempt): StoredAttempt {
  return { s: attempt.status, at: attempt.at, r: remarkBits(attempt.remarks) };
}

/** The most checks a presence's history keeps (the latest ones): each change of what a check reads adds one. */
export const MOST_ATTEMPTS_KEPT = 20;

function validationOf(row: PresenceRow): Validation {
  const stored =
    typeof row.validation_history === 'string'
      ? (JSON.parse(row.validation_history) as StoredAttempt[])
      : row.validation_history;
  const history = stored.map((a): ValidationAttempt => ({
    status: a.s,
    at: instant(a.at),
    remarks: remarksOfBits(a.r),
  }));
  if (row.validation_status === 'PENDING' || row.validated_at === null) return { status: 'PENDING', history };
  return {
    status: row.validation_status,
    at: instant(row.validated_at),
    remarks: remarksOfBits(row.validation_remarks),
    history,
  };
}

/** The presence a row holds. */
export function presenceFromRow(row: PresenceRow): Presence {
  const upstream = upstreamOf(row);
  const base = {
    id: row.id,
    receiptNumber: row.receipt_number as ReceiptNumber,
    registrationId: String(row.registration_id) as PresenceRegistrationId,
    workplaceId: row.workplace_id as WorkplaceId,
    registrationDate: row.registration_date as CalendarDate,
    worker: workerFromKey(row.worker_kind, row.worker_id),
    employer: row.employer as EnterpriseNumber,
    ...(row.client_reference === null ? {} : { clientReference: row.client_reference }),
    channel: row.channel as Channel,
    ...(row.reference_number === null ? {} : { referenceNumber: row.reference_number as ReferenceNumber }),
    sender: { role: row.sender_role, enterprise: row.sender_id as EnterpriseNumber },
    createdAt: instant(row.created_at),
    validation: validationOf(row),
    ...(upstream === undefined ? {} : { upstream }),
  };
  return row.status === 'CANCELLED'
    ? {
        ...base,
        status: 'CANCELLED',
        cancelledAt: row.cancelled_at === null ? '' : instant(row.cancelled_at),
        cancellationReason: row.cancellation_reason ?? '',
      }
    : { ...base, status: 'REGISTERED' };
}
