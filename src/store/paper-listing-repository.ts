import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { PaperListing, PaperListingEntry } from '../domain/paper-listing.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import type { WorkplaceId } from '../domain/workplace-id.js';

/** Where paper attendance listings and the lines captured back from them are kept. */
export interface PaperListingRepository {
  /**
   * Stores a new listing — or returns the one already made for the same reference number, workplace, day and
   * employer (`created: false`), so that asking twice prints the same listing.
   */
  create(listing: PaperListing): Promise<{ readonly listing: PaperListing; readonly created: boolean }>;
  get(id: string): Promise<PaperListing | undefined>;
  /** The listings of a workplace and day, oldest first. */
  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<PaperListing[]>;
  /** The listings made under a reference number. */
  forReference(referenceNumber: ReferenceNumber, employer: EnterpriseNumber): Promise<PaperListing[]>;
  /**
   * Records captured lines; a line for a worker already captured on the listing replaces the names and keeps
   * the first presence (capturing the same sheet twice changes nothing).
   */
  addEntries(entries: readonly PaperListingEntry[]): Promise<void>;
  /** The lines captured from a listing, in the order they were first captured. */
  entries(listingId: string): Promise<PaperListingEntry[]>;
}
