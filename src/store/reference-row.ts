import type { CalendarDate } from '../domain/calendar-date.js';
import type { ContactReference } from '../domain/contact-reference.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { instant } from './instant-column.js';

/**
 * A row of the `contact_references` table, as both adapters name its columns. Its instant comes back as an ISO
 * string (SQLite) or a `Date` (PostgreSQL).
 */
export interface ReferenceRow<Instant extends string | Date = string | Date> {
  number: string;
  source: 'PHONE' | 'CONTACT_FORM';
  enterprise: string;
  workplace_id: string;
  date: string;
  note: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  incident_id: string | null;
  issued_at: Instant;
  issued_by: string;
}

/** The row that stores a reference. */
export function referenceToRow(reference: ContactReference): ReferenceRow<string> {
  return {
    number: reference.number,
    source: reference.source,
    enterprise: reference.enterprise,
    workplace_id: reference.workplaceId,
    date: reference.date,
    note: reference.note,
    contact_name: reference.contact?.name ?? null,
    contact_phone: reference.contact?.phone ?? null,
    contact_email: reference.contact?.email ?? null,
    incident_id: reference.incidentId ?? null,
    issued_at: reference.issuedAt,
    issued_by: reference.issuedBy,
  };
}

/** The reference a row holds. */
export function referenceFromRow(row: ReferenceRow): ContactReference {
  return {
    number: row.number as ReferenceNumber,
    source: row.source,
    enterprise: row.enterprise as EnterpriseNumber,
    workplaceId: row.workplace_id as WorkplaceId,
    date: row.date as CalendarDate,
    note: row.note,
    ...(row.contact_name === null
      ? {}
      : {
          contact: {
            name: row.contact_name,
            ...(row.contact_phone === null ? {} : { phone: row.contact_phone }),
            ...(row.contact_email === null ? {} : { email: row.contact_email }),
          },
        }),
    ...(row.incident_id === null ? {} : { incidentId: row.incident_id }),
    issuedAt: instant(row.issued_at),
    issuedBy: row.issued_by,
  };
}
