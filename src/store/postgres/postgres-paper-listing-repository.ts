import { isUuid } from './postgres-ids.js';
import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { PaperListing, PaperListingEntry } from '../../domain/paper-listing.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import { workerKey } from '../../domain/worker.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { PaperListingRepository } from '../paper-listing-repository.js';
import {
  entryFromRow,
  entryToRow,
  listingFromRow,
  type EntryRow,
  type ListingRow,
} from '../paper-listing-row.js';
import { inTransaction } from './postgres-pool.js';

/** Paper attendance listings, and the lines captured back from them, in PostgreSQL. */
export class PostgresPaperListingRepository implements PaperListingRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(
    listing: PaperListing,
  ): Promise<{ readonly listing: PaperListing; readonly created: boolean }> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO paper_listings (id, reference_number, workplace_id, date, employer, created_by_role,
         created_by_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (reference_number, workplace_id, date, employer) DO NOTHING`,
      [
        listing.id,
        listing.referenceNumber,
        listing.workplaceId,
        listing.date,
        listing.employer,
        listing.createdBy.role,
        listing.createdBy.enterprise,
        listing.createdAt,
      ],
    );
    // A statement of its own (a new snapshot): it sees the listing a concurrent request made first, which the
    // insert waited for.
    const { rows } = await this.pool.query<ListingRow<Date>>(
      `SELECT * FROM paper_listings WHERE reference_number = $1 AND workplace_id = $2 AND date = $3
         AND employer = $4`,
      [listing.referenceNumber, listing.workplaceId, listing.date, listing.employer],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`The paper listing ${listing.id} was neither stored nor found.`);
    return { listing: listingFromRow(row), created: rowCount === 1 };
  }

  async get(id: string): Promise<PaperListing | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<ListingRow<Date>>('SELECT * FROM paper_listings WHERE id = $1', [
      id,
    ]);
    return rows[0] === undefined ? undefined : listingFromRow(rows[0]);
  }

  async forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<PaperListing[]> {
    const { rows } = await this.pool.query<ListingRow<Date>>(
      'SELECT * FROM paper_listings WHERE workplace_id = $1 AND date = $2 ORDER BY created_at, id',
      [workplaceId, date],
    );
    return rows.map(listingFromRow);
  }

  async forReference(referenceNumber: ReferenceNumber, employer: EnterpriseNumber): Promise<PaperListing[]> {
    const { rows } = await this.pool.query<ListingRow<Date>>(
      'SELECT * FROM paper_listings WHERE reference_number = $1 AND employer = $2 ORDER BY created_at, id',
      [referenceNumber, employer],
    );
    return rows.map(listingFromRow);
  }

  async addEntries(entries: readonly PaperListingEntry[]): Promise<void> {
    const items = distinctLines(entries);
    if (items.length === 0) return;
    const listings = [...new Set(items.map((i) => i.listing_id))].sort();
    await inTransaction(this.pool, async (client) => {
      // Captures of one listing happen one after the other: their lines are numbered in the order they came,
      // and two captures never lock the same lines in opposite orders.
      await client.query('SELECT 1 FROM paper_listings WHERE id = ANY ($1::text[]) ORDER BY id FOR UPDATE', [
        listings,
      ]);
      // In the order given, so that the ordinals (the identity) follow it. A line captured again takes the names
      // as now written; the first presence, receipt and capture stay.
      await client.query(
        `INSERT INTO paper_listing_entries (listing_id, worker_kind, worker_id, last_name, first_name, presence_id,
           receipt_number, captured_at, captured_by_role, captured_by_id)
         SELECT listing_id, worker_kind, worker_id, last_name, first_name, presence_id, receipt_number, captured_at,
                captured_by_role, captured_by_id
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e (value, ord),
                jsonb_to_record(e.value) AS i (listing_id text, worker_kind text, worker_id text, last_name text,
                  first_name text, presence_id uuid, receipt_number text, captured_at timestamptz,
                  captured_by_role text, captured_by_id text)
          ORDER BY ord
         ON CONFLICT (listing_id, worker_kind, worker_id)
           DO UPDATE SET last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name`,
        [JSON.stringify(items)],
      );
    });
  }

  async entries(listingId: string): Promise<PaperListingEntry[]> {
    if (!isUuid(listingId)) return [];
    const { rows } = await this.pool.query<EntryRow<Date>>(
      `SELECT listing_id, worker_kind, worker_id, last_name, first_name, presence_id, receipt_number, captured_at,
         captured_by_role, captured_by_id
       FROM paper_listing_entries WHERE listing_id = $1 ORDER BY ordinal`,
      [listingId],
    );
    return rows.map(entryFromRow);
  }
}

/**
 * The lines to send, one per worker of a listing (one statement may not update a row twice): a worker given
 * twice keeps the place and presence of the first line, and the names of the last — as two captures would.
 */
function distinctLines(entries: readonly PaperListingEntry[]): EntryRow<string>[] {
  const lines = new Map<string, EntryRow<string>>();
  for (const entry of entries) {
    const worker = workerKey(entry.worker);
    const key = `${entry.listingId}\u0000${worker.kind}\u0000${worker.id}`;
    const first = lines.get(key);
    if (first !== undefined) {
      first.last_name = entry.lastName;
      first.first_name = entry.firstName;
      continue;
    }
    lines.set(key, entryToRow(entry));
  }
  return [...lines.values()];
}
