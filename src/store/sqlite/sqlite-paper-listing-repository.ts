import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { PaperListing, PaperListingEntry } from '../../domain/paper-listing.js';
import type { ReceiptNumber } from '../../domain/receipt-number.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import { workerFromKey, workerKey } from '../../domain/worker.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { PaperListingRepository } from '../paper-listing-repository.js';
import type { WriteBatcher } from './write-batcher.js';

interface ListingRow {
  id: string;
  reference_number: string;
  workplace_id: string;
  date: string;
  employer: string;
  created_by_role: 'company' | 'provider';
  created_by_id: string;
  created_at: string;
}

interface EntryRow {
  listing_id: string;
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  last_name: string;
  first_name: string;
  presence_id: string;
  receipt_number: string;
  captured_at: string;
  captured_by_role: 'company' | 'provider';
  captured_by_id: string;
}

/** Paper attendance listings, and the lines captured back from them, in SQLite. */
export class SqlitePaperListingRepository implements PaperListingRepository {
  private readonly insert: Statement<ListingRow>;
  private readonly byKey: Statement<[string, string, string, string], ListingRow>;
  private readonly byId: Statement<[string], ListingRow>;
  private readonly byWorkplaceDay: Statement<[string, string], ListingRow>;
  private readonly byReference: Statement<[string, string], ListingRow>;
  private readonly saveEntry: Statement<EntryRow>;
  private readonly entriesOf: Statement<[string], EntryRow>;

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
      const { changes } = this.insert.run({
        id: listing.id,
        reference_number: listing.referenceNumber,
        workplace_id: listing.workplaceId,
        date: listing.date,
        employer: listing.employer,
        created_by_role: listing.createdBy.role,
        created_by_id: listing.createdBy.enterprise,
        created_at: listing.createdAt,
      });
      const row = this.byKey.get(
        listing.referenceNumber,
        listing.workplaceId,
        listing.date,
        listing.employer,
      );
      if (row === undefined) throw new Error(`The paper listing ${listing.id} was neither stored nor found.`);
      return { listing: toListing(row), created: changes === 1 };
    });
  }

  get(id: string): Promise<PaperListing | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : toListing(row));
  }

  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<PaperListing[]> {
    return Promise.resolve(this.byWorkplaceDay.all(workplaceId, date).map(toListing));
  }

  forReference(referenceNumber: ReferenceNumber, employer: EnterpriseNumber): Promise<PaperListing[]> {
    return Promise.resolve(this.byReference.all(referenceNumber, employer).map(toListing));
  }

  addEntries(entries: readonly PaperListingEntry[]): Promise<void> {
    return this.writes.run(() => {
      for (const entry of entries) {
        const worker = workerKey(entry.worker);
        this.saveEntry.run({
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
        });
      }
    });
  }

  entries(listingId: string): Promise<PaperListingEntry[]> {
    return Promise.resolve(this.entriesOf.all(listingId).map(toEntry));
  }
}

function toListing(row: ListingRow): PaperListing {
  return {
    id: row.id,
    referenceNumber: row.reference_number as ReferenceNumber,
    workplaceId: row.workplace_id as WorkplaceId,
    date: row.date as CalendarDate,
    employer: row.employer as EnterpriseNumber,
    createdBy: { role: row.created_by_role, enterprise: row.created_by_id as EnterpriseNumber },
    createdAt: row.created_at,
  };
}

function toEntry(row: EntryRow): PaperListingEntry {
  return {
    listingId: row.listing_id,
    worker: workerFromKey(row.worker_kind, row.worker_id),
    lastName: row.last_name,
    firstName: row.first_name,
    presenceId: row.presence_id,
    receiptNumber: row.receipt_number as ReceiptNumber,
    capturedAt: row.captured_at,
    capturedBy: { role: row.captured_by_role, enterprise: row.captured_by_id as EnterpriseNumber },
  };
}
