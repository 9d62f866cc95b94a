import type { Database, Statement } from 'better-sqlite3';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { ContactReference } from '../../domain/contact-reference.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { ReferenceRepository } from '../reference-repository.js';
import { isUniqueViolation } from './sqlite-errors.js';
import type { WriteBatcher } from './write-batcher.js';

interface ReferenceRow {
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
  issued_at: string;
  issued_by: string;
}

/** How many times a number is drawn again when the one drawn is taken. */
const MAX_REDRAWS = 5;

/** The contact center's reference numbers in SQLite. */
export class SqliteReferenceRepository implements ReferenceRepository {
  private readonly insert: Statement<ReferenceRow>;
  private readonly byNumber: Statement<[string], ReferenceRow>;
  private readonly byWorkplaceDay: Statement<[string, string], ReferenceRow>;
  private readonly byIssued: Statement<[string, string, number], ReferenceRow>;

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
        const row = toRow({ ...reference, number: newNumber() });
        try {
          this.insert.run(row);
          return toReference(row);
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
    return Promise.resolve(row === undefined ? undefined : toReference(row));
  }

  forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<ContactReference[]> {
    return Promise.resolve(this.byWorkplaceDay.all(workplaceId, date).map(toReference));
  }

  issuedBetween(from: string, to: string, limit: number): Promise<ContactReference[]> {
    return Promise.resolve(this.byIssued.all(from, to, limit).map(toReference));
  }
}

function toRow(reference: ContactReference): ReferenceRow {
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

function toReference(row: ReferenceRow): ContactReference {
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
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
  };
}
