import type { CalendarDate } from '../domain/calendar-date.js';
import type { ContactReference } from '../domain/contact-reference.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import type { WorkplaceId } from '../domain/workplace-id.js';

/** Where the contact center's reference numbers are kept. */
export interface ReferenceRepository {
  /**
   * Stores a new reference under a fresh number drawn by `newNumber` (drawn again, a few times, should one be
   * taken); returns the reference as stored. `reference.number` is ignored.
   */
  issue(
    reference: Omit<ContactReference, 'number'>,
    newNumber: () => ReferenceNumber,
  ): Promise<ContactReference>;
  get(number: ReferenceNumber): Promise<ContactReference | undefined>;
  /** The references given for a workplace and day, oldest first. */
  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<ContactReference[]>;
  /** The references issued in [from, to) (instants), newest first, at most `limit`: the contact center's inbox. */
  issuedBetween(from: string, to: string, limit: number): Promise<ContactReference[]>;
}
