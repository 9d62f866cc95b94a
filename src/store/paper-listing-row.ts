import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { PaperListing, PaperListingEntry } from '../domain/paper-listing.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import { workerFromKey, workerKey } from '../domain/worker.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { instant } from './instant-column.js';

/**
 * A row of `paper_listings`, as both adapters name its columns; its instant an ISO string (SQLite) or a `Date`
 * (PostgreSQL).
 */
export interface ListingRow<Instant extends string | Date = string | Date> {
  id: string;
  reference_number: string;
  workplace_id: string;
  date: string;
  employer: string;
  created_by_role: 'company' | 'provider';
  created_by_id: string;
  created_at: Instant;
}

/** A row of `paper_listing_entries`, as both adapters name its columns. */
export interface EntryRow<Instant extends string | Date = string | Date> {
  listing_id: string;
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  last_name: string;
  first_name: string;
  presence_id: string;
  receipt_number: string;
  captured_at: Instant;
  captured_by_role: 'company' | 'provider';
  captured_by_id: string;
}

/** The row that stores a listing. */
export function listingToRow(listing: PaperListing): ListingRow<string> {
  return {
    id: listing.id,
    reference_number: listing.referenceNumber,
    workplace_id: listing.workplaceId,
    date: listing.date,
    employer: listing.employer,
    created_by_role: listing.createdBy.role,
    created_by_id: listing.createdBy.enterprise,
    created_at: listing.createdAt,
  };
}

/** The listing a row holds. */
export function listingFromRow(row: ListingRow): PaperListing {
  return {
    id: row.id,
    referenceNumber: row.reference_number as ReferenceNumber,
    workplaceId: row.workplace_id as WorkplaceId,
    date: row.date as CalendarDate,
    employer: row.employer as EnterpriseNumber,
    createdBy: { role: row.created_by_role, enterprise: row.created_by_id as EnterpriseNumber },
    createdAt: instant(row.created_at),
  };
}

/** The row that stores a captured line. */
export function entryToRow(entry: PaperListingEntry): EntryRow<string> {
  const worker = workerKey(entry.worker);
  return {
    listing_id: entry.listingId,
    worker_kind: worker.kind,
    worker_id: worker.id,
    last_name: entry.lastName,
    first_name: entry.firstName,
    presence_id: entry.presenceId,
    receipt_number: entry.receiptNumber,
    captured_at: entry.capturedAt,
    captured_by_role: entry.capturedBy.role,
    captured_by_id: entry.capturedBy.enterprise,
  };
}

/** The captured line a row holds. */
export function entryFromRow(row: EntryRow): PaperListingEntry {
  return {
    listingId: row.listing_id,
    worker: workerFromKey(row.worker_kind, row.worker_id),
    lastName: row.last_name,
    firstName: row.first_name,
    presenceId: row.presence_id,
    receiptNumber: row.receipt_number as ReceiptNumber,
    capturedAt: instant(row.captured_at),
    capturedBy: { role: row.captured_by_role, enterprise: row.captured_by_id as EnterpriseNumber },
  };
}
