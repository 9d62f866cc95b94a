import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { ContactReference } from '../../domain/contact-reference.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { ReferenceRepository } from '../reference-repository.js';
import { referenceFromRow, referenceToRow, type ReferenceRow } from '../reference-row.js';
import { isUniqueViolation } from './sqlite-errors.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** How many times a number is drawn again when the one drawn is taken. */
const MAX_REDRAWS = 5;

/** The contact center's reference numbers in SQLite. */
export class SqliteReferenceRepository implements ReferenceRepository {
  private readonly insert: Statement<ReferenceRow<string>>;
  private readonly byNumber: Statement<[string], ReferenceRow<string>>;
  private readonly byWorkplaceDay: Statement<[string, string], ReferenceRow<string>>;
  private readonly byIssued: Statement<[string, string, number], ReferenceRow<string>>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO contact_references (number, source, enterprise, workplace_id, date, note, contact_name,
         contact_phone, contact_email, incident_id, issued_at, issued_by)
       VALUES (@number, @source, @enterprise, @workplace_id, @date, @note, @contact_name, @contact_phone,
         @contact_email, @incident_id, @issued_at, @issued_by)`,
    );
    this.byNumber = db.prepare('SELECT * FROM contact_references WHERE number = ?');
    this.byWorkplaceDay = db.prepare(
      'SELECT * FROM contact_references WHERE workplace_id = ? AND date = ? ORDER BY issued_at, number',
    );
    this.byIssued = db.prepare(
      `SELECT * FROM contact_references WHERE issued_at >= ? AND issued_at < ?
       ORDER BY issued_at DESC, number DESC LIMIT ?`,
    );
  }

  issue(
    reference: Omit<ContactReference, 'number'>,
    newNumber: () => ReferenceNumber,
  ): Promise<ContactReference> {
    return this.writes.run(() => {
      for (let attempt = 0; ; attempt += 1) {
        const row = referenceToRow({ ...reference, number: newNumber() });
        try {
          this.insert.run(row);
          return referenceFromRow(row);
        } catch (error) {
          // 35 random bits make a number drawn twice rare, not impossible: draw another.
          if (attempt < MAX_REDRAWS && isUniqueViolation(error, 'contact_references.number')) continue;
          throw error;
        }
      }
    });
  }

  get(number: ReferenceNumber): Promise<ContactReference | undefined> {
    const row = this.byNumber.get(number);
    return Promise.resolve(row === undefined ? undefined : referenceFromRow(row));
  }

  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<ContactReference[]> {
    return Promise.resolve(this.byWorkplaceDay.all(workplaceId, date).map(referenceFromRow));
  }

  issuedBetween(from: string, to: string, limit: number): Promise<ContactReference[]> {
    return Promise.resolve(this.byIssued.all(from, to, limit).map(referenceFromRow));
  }
}
