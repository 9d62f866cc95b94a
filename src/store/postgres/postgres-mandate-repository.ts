import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Mandate, MandateRepository } from '../mandate-repository.js';
import { iso } from './postgres-pool.js';

interface MandateRow {
  id: string;
  company: string;
  provider: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** Mandates in PostgreSQL. */
export class PostgresMandateRepository implements MandateRepository {
  constructor(private readonly pool: pg.Pool) {}

  async grant(mandate: Mandate): Promise<{ mandate: Mandate; created: boolean }> {
    for (;;) {
      const inserted = await this.pool.query<MandateRow>(
        `INSERT INTO mandates (id, company, provider, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (company, provider) WHERE revoked_at IS NULL DO NOTHING RETURNING *`,
        [mandate.id, mandate.company, mandate.provider, mandate.createdAt],
      );
      if (inserted.rows[0] !== undefined) return { mandate: toMandate(inserted.rows[0]), created: true };
      const existing = await this.pool.query<MandateRow>(
        'SELECT * FROM mandates WHERE company = $1 AND provider = $2 AND revoked_at IS NULL',
        [mandate.company, mandate.provider],
      );
      // Revoked between the two statements: grant again.
      if (existing.rows[0] !== undefined) return { mandate: toMandate(existing.rows[0]), created: false };
    }
  }

  async mandators(provider: EnterpriseNumber): Promise<EnterpriseNumber[]> {
    const { rows } = await this.pool.query<{ company: string }>(
      'SELECT company FROM mandates WHERE provider = $1 AND revoked_at IS NULL ORDER BY company',
      [provider],
    );
    return rows.map((r) => r.company as EnterpriseNumber);
  }

  async list(filter: { company: EnterpriseNumber } | { provider: EnterpriseNumber }): Promise<Mandate[]> {
    const { rows } =
      'company' in filter
        ? await this.pool.query<MandateRow>(
            'SELECT * FROM mandates WHERE company = $1 ORDER BY created_at, id',
            [filter.company],
          )
        : await this.pool.query<MandateRow>(
            'SELECT * FROM mandates WHERE provider = $1 ORDER BY created_at, id',
            [filter.provider],
          );
    return rows.map(toMandate);
  }

  async get(id: string): Promise<Mandate | undefined> {
    const { rows } = await this.pool.query<MandateRow>('SELECT * FROM mandates WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toMandate(rows[0]);
  }

  async revoke(id: string, at: string): Promise<Mandate | undefined> {
    await this.pool.query('UPDATE mandates SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
      id,
      at,
    ]);
    return this.get(id);
  }
}

function toMandate(row: MandateRow): Mandate {
  return {
    id: row.id,
    company: row.company as EnterpriseNumber,
    provider: row.provider as EnterpriseNumber,
    createdAt: iso(row.created_at),
    ...(row.revoked_at === null ? {} : { revokedAt: iso(row.revoked_at) }),
  };
}
