import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Channel, Presence } from '../domain/presence.js';
import type { PresenceRegistrationId } from '../domain/presence-registration-id.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
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
