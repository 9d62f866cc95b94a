import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Channel, Presence } from '../domain/presence.js';
import type { PresenceRegistrationId } from '../domain/presence-registration-id.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import { remarkBits, remarksOfBits, type Validation, type ValidationAttempt } from '../domain/validation.js';
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
