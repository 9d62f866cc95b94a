import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { CertificateRole, Fingerprint256 } from '../../domain/sender-certificate.js';
import type {
  CertificateCreation,
  SenderCertificateRecord,
  SenderCertificateRepository,
} from '../sender-certificate-repository.js';
import { changeNotice, CHANGES_CHANNEL, type PostgresChangeFeed } from './postgres-change-feed.js';
import { inTransaction, iso } from './postgres-pool.js';

interface SenderCertificateRow {
  id: string;
  fingerprint256: string;
  subject: string;
  not_before: Date;
  not_after: Date;
  role: CertificateRole;
  enterprise: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** The cache namespace of the lookups by fingerprint. */
const CACHED = 'sender-certificates';

/** How often a registration is tried when the certificate in its way is revoked meanwhile. */
const ATTEMPTS = 3;

/**
 * Senders' certificates in PostgreSQL; the lookup by fingerprint is cached, as API keys are, and a revocation
 * reaches every instance's cache through a notification.
 */
export class PostgresSenderCertificateRepository implements SenderCertificateRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly feed: PostgresChangeFeed,
  ) {}

  async create(certificate: SenderCertificateRecord): Promise<CertificateCreation> {
    for (let attempt = 1; ; attempt += 1) {
      // A registration at the same moment of the same certificate waits for this one's commit, then does nothing.
      const made = await this.pool.query<SenderCertificateRow>(
        `INSERT INTO sender_certificates
           (id, fingerprint256, subject, not_before, not_after, role, enterprise, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (fingerprint256) WHERE revoked_at IS NULL DO NOTHING
         RETURNING *`,
        [
          certificate.id,
          certificate.fingerprint256,
          certificate.subject,
          certificate.notBefore,
          certificate.notAfter,
          certificate.role,
          certificate.enterprise,
          certificate.name,
          certificate.createdAt,
        ],
      );
      if (made.rows[0] !== undefined) return { kind: 'REGISTERED', certificate: toRecord(made.rows[0]) };
      const registered = await this.unrevoked(certificate.fingerprint256);
      if (registered !== undefined) return { kind: 'ALREADY_REGISTERED', certificate: registered };
      if (attempt >= ATTEMPTS) throw new Error('a certificate in the way kept vanishing');
    }
  }

  async findByFingerprint(fingerprint256: Fingerprint256): Promise<SenderCertificateRecord | undefined> {
    const { cache } = this.feed;
    if (this.feed.usable) {
      const cached = cache.lookup(CACHED, fingerprint256) as SenderCertificateRecord | undefined;
      if (cached !== undefined) return cached;
    }
    const generation = cache.generation;
    const record = await this.unrevoked(fingerprint256);
    if (record !== undefined && this.feed.usable) cache.remember(CACHED, fingerprint256, record, generation);
    return record;
  }

  async list(): Promise<SenderCertificateRecord[]> {
    const { rows } = await this.pool.query<SenderCertificateRow>(
      'SELECT * FROM sender_certificates ORDER BY created_at, id',
    );
    return rows.map(toRecord);
  }

  async revoke(id: string, at: string): Promise<SenderCertificateRecord | undefined> {
    const record = await inTransaction(this.pool, async (client) => {
      await client.query(
        'UPDATE sender_certificates SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
        [id, at],
      );
      const { rows } = await client.query<SenderCertificateRow>(
        'SELECT * FROM sender_certificates WHERE id = $1',
        [id],
      );
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changeNotice(CACHED)]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    });
    this.feed.invalidate(changeNotice(CACHED));
    return record;
  }

  private async unrevoked(fingerprint256: string): Promise<SenderCertificateRecord | undefined> {
    const { rows } = await this.pool.query<SenderCertificateRow>(
      'SELECT * FROM sender_certificates WHERE fingerprint256 = $1 AND revoked_at IS NULL',
      [fingerprint256],
    );
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }
}

function toRecord(row: SenderCertificateRow): SenderCertificateRecord {
  return {
    id: row.id,
    fingerprint256: row.fingerprint256 as Fingerprint256,
    subject: row.subject,
    notBefore: iso(row.not_before),
    notAfter: iso(row.not_after),
    role: row.role,
    enterprise: row.enterprise as EnterpriseNumber,
    name: row.name,
    createdAt: iso(row.created_at),
    ...(row.revoked_at === null ? {} : { revokedAt: iso(row.revoked_at) }),
  };
}
