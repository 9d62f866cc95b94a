import type { Database, Statement } from 'better-sqlite3';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Mandate, MandateRepository } from '../mandate-repository.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

interface MandateRow {
  id: string;
  company: string;
  provider: string;
  created_at: string;
  revoked_at: string | null;
}

/** Mandates in SQLite. */
export class SqliteMandateRepository implements MandateRepository {
  private readonly insert: Statement<[string, string, string, string]>;
  private readonly inForce: Statement<[string, string], MandateRow>;
  private readonly mandatorRows: Statement<[string], { company: string }>;
  private readonly byCompany: Statement<[string], MandateRow>;
  private readonly byProvider: Statement<[string], MandateRow>;
  private readonly byId: Statement<[string], MandateRow>;
  private readonly markRevoked: Statement<[string, string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare('INSERT INTO mandates (id, company, provider, created_at) VALUES (?, ?, ?, ?)');
    this.inForce = db.prepare(
      'SELECT * FROM mandates WHERE company = ? AND provider = ? AND revoked_at IS NULL',
    );
    this.mandatorRows = db.prepare(
      'SELECT company FROM mandates WHERE provider = ? AND revoked_at IS NULL ORDER BY company',
    );
    this.byCompany = db.prepare('SELECT * FROM mandates WHERE company = ? ORDER BY created_at, id');
    this.byProvider = db.prepare('SELECT * FROM mandates WHERE provider = ? ORDER BY created_at, id');
    this.byId = db.prepare('SELECT * FROM mandates WHERE id = ?');
    this.markRevoked = db.prepare('UPDATE mandates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  }

  grant(mandate: Mandate): Promise<{ mandate: Mandate; created: boolean }> {
    return this.writes.run(() => {
      const existing = this.inForce.get(mandate.company, mandate.provider);
      if (existing !== undefined) return { mandate: toMandate(existing), created: false };
      this.insert.run(mandate.id, mandate.company, mandate.provider, mandate.createdAt);
      return { mandate, created: true };
    });
  }

  mandators(provider: EnterpriseNumber): Promise<EnterpriseNumber[]> {
    return Promise.resolve(this.mandatorRows.all(provider).map((r) => r.company as EnterpriseNumber));
  }

  list(filter: { company: EnterpriseNumber } | { provider: EnterpriseNumber }): Promise<Mandate[]> {
    const rows =
      'company' in filter ? this.byCompany.all(filter.company) : this.byProvider.all(filter.provider);
    return Promise.resolve(rows.map(toMandate));
  }

  get(id: string): Promise<Mandate | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : toMandate(row));
  }

  revoke(id: string, at: string): Promise<Mandate | undefined> {
    return this.writes.run(() => {
      this.markRevoked.run(at, id);
      const row = this.byId.get(id);
      return row === undefined ? undefined : toMandate(row);
    });
  }
}

function toMandate(row: MandateRow): Mandate {
  return {
    id: row.id,
    company: row.company as EnterpriseNumber,
    provider: row.provider as EnterpriseNumber,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}
