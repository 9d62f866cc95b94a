import type pg from 'pg';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { ContactReference } from '../../domain/contact-reference.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { ReferenceRepository } from '../reference-repository.js';
import { referenceFromRow, type ReferenceRow } from '../reference-row.js';

/** How many times a number is drawn again when the one drawn is taken. */
const MAX_REDRAWS = 5;

/** The contact center's reference numbers in PostgreSQL. */
export class PostgresReferenceRepository implements ReferenceRepository {
  constructor(private readonly pool: pg.Pool) {}

  async issue(
    reference: Omit<ContactReference, 'number'>,
    newNumber: () => ReferenceNumber,
  ): Promise<ContactReference> {
    for (let attempt = 0; attempt <= MAX_REDRAWS; attempt += 1) {
      // A number already taken inserts nothing (rather than failing): 35 random bits make that rare, and then
      // another is drawn.
      const { rows } = await this.pool.query<ReferenceRow<Date>>(
        `INSERT INTO contact_references (number, source, enterprise, workplace_id, date, note, contact_name,
           contact_phone, contact_email, incident_id, issued_at, issued_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (number) DO NOTHING RETURNING *`,
        [
          newNumber(),
          reference.source,
          reference.enterprise,
          reference.workplaceId,
          reference.date,
          reference.note,
          reference.contact?.name ?? null,
          reference.contact?.phone ?? null,
          reference.contact?.email ?? null,
          reference.incidentId ?? null,
          reference.issuedAt,
          reference.issuedBy,
        ],
      );
      if (rows[0] !== undefined) return referenceFromRow(rows[0]);
    }
    throw new Error(`No free reference number after ${MAX_REDRAWS + 1} draws.`);
  }

  async get(number: ReferenceNumber): Promise<ContactReference | undefined> {
    const { rows } = await this.pool.query<ReferenceRow<Date>>(
      'SELECT * FROM contact_references WHERE number = $1',
      [number],
    );
    return rows[0] === undefined ? undefined : referenceFromRow(rows[0]);
  }

  async forWorkplaceDay(workplaceId: WorkplaceId, date: CalendarDate): Promise<ContactReference[]> {
    const { rows } = await this.pool.query<ReferenceRow<Date>>(
      'SELECT * FROM contact_references WHERE workplace_id = $1 AND date = $2 ORDER BY issued_at, number',
      [workplaceId, date],
    );
    return rows.map(referenceFromRow);
  }

  async issuedBetween(from: string, to: string, limit: number): Promise<ContactReference[]> {
    const { rows } = await this.pool.query<ReferenceRow<Date>>(
      `SELECT * FROM contact_references WHERE issued_at >= $1 AND issued_at < $2
       ORDER BY issued_at DESC, number DESC LIMIT $3`,
      [from, to, limit],
    );
    return rows.map(referenceFromRow);
  }
}
