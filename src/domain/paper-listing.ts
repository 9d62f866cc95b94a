import type { CalendarDate } from './calendar-date.js';
import type { EnterpriseNumber } from './enterprise-number.js';
import type { Sender } from './principal.js';
import type { ReceiptNumber } from './receipt-number.js';
import type { ReferenceNumber } from './reference-number.js';
import type { Worker } from './worker.js';
import type { WorkplaceId } from './workplace-id.js';

/**
 * A paper attendance listing: printed with the contact center's reference number, the works declaration number
 * (the workplace id), the day and the company, filled in by hand on site, then captured back line by line.
 */
export interface PaperListing {
  readonly id: string;
  readonly referenceNumber: ReferenceNumber;
  readonly workplaceId: WorkplaceId;
  readonly date: CalendarDate;
  readonly employer: EnterpriseNumber;
  readonly createdBy: Sender;
  readonly createdAt: string;
}

/** A line of a filled listing, captured back: the worker as written, and the presence it became. */
export interface PaperListingEntry {
  readonly listingId: string;
  readonly worker: Worker;
  readonly lastName: string;
  readonly firstName: string;
  readonly presenceId: string;
  readonly receiptNumber: ReceiptNumber;
  readonly capturedAt: string;
  readonly capturedBy: Sender;
}

/** A captured line as shown to someone who may not read the workers' names: the numbers and the presence only. */
export type PaperListingEntryView = Omit<PaperListingEntry, 'lastName' | 'firstName'> & {
  readonly lastName?: string;
  readonly firstName?: string;
};

/** The line without the worker's names. */
export function withoutNames(entry: PaperListingEntry): PaperListingEntryView {
  const { lastName: _lastName, firstName: _firstName, ...rest } = entry;
  return rest;
}
