import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { PaperListing, PaperListingEntry } from '../../domain/paper-listing.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { PaperListingRepository } from '../paper-listing-repository.js';
import {
  entryFromRow,
  entryToRow,
  listingFromRow,
  listingToRow,
  type EntryRow,
  type ListingRow,
} from '../paper-listing-row.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** Paper attendance listings, and the lines captured back from them, in SQLite. */
export class SqlitePaperListingRepository implements PaperListingRepository {
  private readonly insert: Statement<ListingRow<string>>;
  private readonly byKey: Statement<[string, string, string, string], ListingRow<string>>;
  private readonly byId: Statement<[string], ListingRow<string>>;
  private readonly byWorkplaceDay: Statement<[string, string], ListingRow<string>>;
  private readonly byReference: Statement<[string, string], ListingRow<string>>;
  private readonly saveEntry: Statement<EntryRow<string>>;
  private readonly entriesOf: Statement<[string], EntryRow<string>>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO paper_listings (id, reference_number, workplace_id, date, employer, created_by_role,
         created_by_id, created_at)
       VALUES (@id, @reference_number, @workplace_id, @date, @employer, @created_by_role, @created_by_id,
         @created_at)
       ON CONFLICT (reference_number, workplace_id, date, employer) DO NOTHING`,
    );
    this.byKey = db.prepare(
      'SELECT * FROM paper_listings WHERE reference_number = ? AND workplace_id = ? AND date = ? AND employer = ?',
    );
    this.byId = db.prepare('SELECT * FROM paper_listings WHERE id = ?');
    this.byWorkplaceDay = db.prepare(
      'SELECT * FROM paper_listings WHERE workplace_id = ? AND date = ? ORDER BY created_at, id',
    );
    this.byReference = db.prepare(
      'SELECT * FROM paper_listings WHERE reference_number = ? AND employer = ? ORDER BY created_at, id',
    );
    // A line captured again takes the names as now written; the first presence, receipt and capture stay.
    this.saveEntry = db.prepare(
      `INSERT INTO paper_listing_entries (listing_id, worker_kind, worker_id, last_name, first_name, presence_id,
         receipt_number, captured_at, captured_by_role, captured_by_id)
       VALUES (@listing_id, @worker_kind, @worker_id, @last_name, @first_name, @presence_id, @receipt_number,
         @captured_at, @captured_by_role, @captured_by_id)
       ON CONFLICT (listing_id, worker_kind, worker_id)
         DO UPDATE SET last_name = excluded.last_name, first_name = excluded.first_name`,
    );
    this.entriesOf = db.prepare(
      `SELECT listing_id, worker_kind, worker_id, last_name, first_name, presence_id, receipt_number, captured_at,
         captured_by_role, captured_by_id
       FROM paper_listing_entries WHERE listing_id = ? ORDER BY ordinal`,
    );
  }

  create(listing: PaperListing): Promise<{ readonly listing: PaperListing; readonly created: boolean }> {
    return this.writes.run(() => {
      const { changes } = this.insert.run(listingToRow(listing));
      const row = this.byKey.get(
        listing.referenceNumber,
        listing.workplaceId,
        listing.date,
        listing.employer,
      );
      if (row === undefined) throw new Error(`The paper listing ${listing.id} was neither stored nor found.`);
      return { listing: listingFromRow(row), created: changes === 1 };
    });
  }

  get(id: string): Promise<PaperListing | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : listingFromRow(row));
  }

  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<PaperListing[]> {
    return Promise.resolve(this.byWorkplaceDay.all(workplaceId, date).map(listingFromRow));
  }

  forReference(referenceNumber: ReferenceNumber, employer: EnterpriseNumber): Promise<PaperListing[]> {
    return Promise.resolve(this.byReference.all(referenceNumber, employer).map(listingFromRow));
  }

  addEntries(entries: readonly PaperListingEntry[]): Promise<void> {
    return this.writes.run(() => {
      for (const entry of entries) this.saveEntry.run(entryToRow(entry));
    });
  }

  entries(listingId: string): Promise<PaperListingEntry[]> {
    return Promise.resolve(this.entriesOf.all(listingId).map(entryFromRow));
  }
}
